"""Reading a budget from what someone typed: "$35k", "40.000 euros", "20 grand tops".

Pure: text in, `(amount, ISO currency)` out. Numbers are read from the raw text (folding
would drop "$", "," and "."); phrases such as "no limit" are matched on folded text.

Rules, so the dialogue can rely on them:
- "k", "grand", "thousand" multiply by 1,000 and "million" by 1,000,000. A group separator
  is "," "." "'" or a space followed by exactly three digits, so "40.000" and "40,000" are
  both forty thousand while "2.5k" is 2,500.
- Several amounts: the highest counts, because a budget is the most someone says they would
  pay ("around 30k, maybe 35" -> 35,000; "20-30k" -> 30,000). After a correction word
  ("30k, actually 25k") only the amounts after the last correction count.
- A plain number next to a marked one takes its scale and currency ("30k, maybe 35").
- A plain number alone is money only when the budget was asked (`bare=True`); then under
  1,000 it is read as thousands ("20" -> 20,000). Otherwise a plain number counts only if it
  is 1,000 or more, is not a year, and a money word ("budget", "under", "max" ...) is near.
- A number followed by a unit ("2 years", "20%") is never money.
- No number: a "cheapest" phrase gives `CHEAPEST`, a "no limit" phrase (or, when the budget
  was asked, any "doesn't matter" phrase) gives `NO_LIMIT`. A number always wins over both.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Final

from advisor.text import fold

Money = tuple[float | None, str | None]
NO_LIMIT: Final[Money] = (None, None)  # "no limit", "money is not an issue"
CHEAPEST: Final[Money] = (None, "cheapest")  # "as cheap as possible": no number, cheaper is better
BARE_THOUSANDS_BELOW: Final = 1000.0

_NUMBER = re.compile(
    r"(?<![\d.,])(?:(?P<grouped>\d{1,3}(?P<sep>[,.'\u00a0\u202f ])\d{3}(?:(?P=sep)\d{3})*)"
    r"(?P<frac>[.,]\d{1,2}(?!\d))?|(?P<plain>\d+(?:[.,]\d+)?))(?!\d)")
_YEAR = re.compile(r"(?:19[5-9]\d|20\d\d)")


def _alternation(spellings: Iterable[str]) -> str:
    """Longest first; a spelling that starts or ends with a letter must be a whole word."""
    # Spellings are grouped by whether they start / end with a letter, so each group needs
    # its word-boundary checks once: a much smaller pattern that compiles many times faster.
    groups: dict[tuple[bool, bool], list[str]] = {}
    for s in sorted(set(spellings), key=len, reverse=True):
        body = r"\s+".join(re.escape(w) for w in s.split())
        groups.setdefault((s[0].isalpha(), s[-1].isalpha()), []).append(body)
    parts = [("(?<![a-z])" if head else "") + "(?:" + "|".join(bodies) + ")" + ("(?![a-z])" if tail else "")
             for (head, tail), bodies in groups.items()]
    return "|".join(parts) or "(?!)"


def _folded_pattern(phrases: Iterable[str]) -> re.Pattern[str]:
    folded = sorted({fold(p) for p in phrases} - {""}, key=len, reverse=True)
    alternation = "|".join(re.escape(p) for p in folded)
    return re.compile(rf"(?<![0-9a-z])(?:{alternation or '(?!)'})(?![0-9a-z])")


@dataclass(frozen=True)
class MoneyWords:
    """The money vocabulary (the `money` section of slot_values.yaml), compiled."""

    currencies: Mapping[str, str]  # lowercase spelling -> ISO code
    default_currency: str
    thousands: re.Pattern[str]
    millions: re.Pattern[str]
    lakhs: re.Pattern[str]  # 100,000, as amounts are said in India
    crores: re.Pattern[str]  # 10,000,000
    no_limit: re.Pattern[str]
    cheapest: re.Pattern[str]
    cheapest_when_asked: re.Pattern[str]
    cues: re.Pattern[str]
    any_phrases: re.Pattern[str]
    corrections: re.Pattern[str]
    not_units: re.Pattern[str]
    periods: tuple[tuple[str, re.Pattern[str]], ...]  # ("year", "a year|per year|...")
    _before: re.Pattern[str] = field(repr=False)
    _after: re.Pattern[str] = field(repr=False)
    _anywhere: re.Pattern[str] = field(repr=False)

    @classmethod
    def from_data(cls, money: Mapping[str, object], corrections: Iterable[str] = (),
                  any_phrases: Iterable[str] = ()) -> MoneyWords:
        def texts(key: str) -> list[str]:
            value = money.get(key) or []
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"money.{key}: expected a list of quoted phrases")
            return [str(v) for v in value]

        table = money.get("currencies") or {}
        if not isinstance(table, Mapping):
            raise ValueError("money.currencies: expected ISO code -> list of spellings")
        currencies: dict[str, str] = {}
        for code, spellings in table.items():
            if not isinstance(spellings, list | tuple) or not all(isinstance(s, str) for s in spellings):
                raise ValueError(f"money.currencies.{code}: expected a list of quoted spellings")
            currencies.update({" ".join(s.lower().split()): str(code).upper() for s in spellings})
        alternation = _alternation(currencies)
        periods = money.get("periods") or {}
        if not isinstance(periods, Mapping) or not all(
                isinstance(v, list | tuple) and all(isinstance(p, str) for p in v) for v in periods.values()):
            raise ValueError("money.periods: expected period -> list of quoted phrases")
        flags = re.IGNORECASE
        return cls(
            currencies=currencies,
            default_currency=str(money.get("default_currency") or "USD").upper(),
            thousands=re.compile(rf"\s*(?:{_alternation(texts('thousands'))})", flags),
            millions=re.compile(rf"\s*(?:{_alternation(texts('millions'))})", flags),
            lakhs=re.compile(rf"\s*(?:{_alternation(texts('lakhs'))})", flags),
            crores=re.compile(rf"\s*(?:{_alternation(texts('crores'))})", flags),
            no_limit=_folded_pattern(texts("no_limit")),
            cheapest=_folded_pattern(texts("cheapest")),
            cheapest_when_asked=_folded_pattern(texts("cheapest_when_asked")),
            cues=_folded_pattern(texts("cues")),
            any_phrases=_folded_pattern(any_phrases),
            corrections=re.compile(_alternation(fold(c) for c in corrections if fold(c)), flags),
            not_units=re.compile(rf"\s*(?:{_alternation(texts('not_units'))})", flags),
            periods=tuple((str(k), _folded_pattern(v)) for k, v in periods.items()),
            _before=re.compile(rf"(?:{alternation})\s*$", flags),
            _after=re.compile(rf"\s*(?:{alternation})", flags),
            _anywhere=re.compile(alternation, flags),
        )

    def currency(self, spelling: str) -> str:
        return self.currencies[" ".join(spelling.lower().split())]


@dataclass(frozen=True)
class _Amount:
    value: float
    currency: str | None
    marked: bool  # had a currency or a multiplier
    start: int
    year_like: bool


def _value(match: re.Match[str]) -> float:
    if match["grouped"]:
        value = float(re.sub(r"\D", "", match["grouped"]))
        return value + (float("0." + match["frac"][1:]) if match["frac"] else 0.0)
    return float(match["plain"].replace(",", "."))


def _amounts(text: str, words: MoneyWords) -> list[_Amount]:
    found = []
    for m in _NUMBER.finditer(text):
        value, after = _value(m), text[m.end():]
        before = words._before.search(text[:m.start()])
        currency = words.currency(before.group(0).strip()) if before else None
        scaled = False
        for pattern, factor in ((words.thousands, 1e3), (words.millions, 1e6),
                                (words.lakhs, 1e5), (words.crores, 1e7)):
            if mult := pattern.match(after):
                value, after, scaled = value * factor, after[mult.end():], True
                break
        if cur := words._after.match(after):
            currency = words.currency(cur.group(0).strip())
        elif currency is None and scaled and (words.lakhs.match(text[m.end():])
                                              or words.crores.match(text[m.end():])):
            currency = "INR"  # lakhs and crores are how amounts in rupees are said
        elif currency is None and not scaled and words.not_units.match(after):
            continue
        found.append(_Amount(value, currency, currency is not None or scaled, m.start(),
                             bool(m["plain"] and _YEAR.fullmatch(m["plain"]))))
    return found


def parse_money(text: str, words: MoneyWords | None = None, *, bare: bool = True) -> Money | None:
    """The most someone says they would pay, as (amount, ISO currency code).

    Returns None when the text says nothing about money, `NO_LIMIT` (None, None) for "no
    limit", and `CHEAPEST` (None, "cheapest") for "as cheap as possible". The amount is in the
    currency named (USD when none is); converting is the caller's job. `bare=True` means the
    text answers the budget question, so "20" and "doesn't matter" count (see module rules).
    """
    words = words or DEFAULT_MONEY_WORDS
    amounts = _amounts(text, words)
    marked = [a for a in amounts if a.marked]
    if marked:
        scale = 1e3 if any(a.value >= BARE_THOUSANDS_BELOW for a in marked) else 1.0
        amounts = [a if a.marked or a.value >= BARE_THOUSANDS_BELOW else
                   _Amount(a.value * scale, _nearest(a, marked), True, a.start, False)
                   for a in amounts if a.marked or not a.year_like]
    elif bare:
        amounts = [a if a.value >= BARE_THOUSANDS_BELOW else
                   _Amount(a.value * 1e3, None, False, a.start, False) for a in amounts]
    else:
        cued = words.cues.search(fold(text)) is not None
        amounts = [a for a in amounts if cued and a.value >= BARE_THOUSANDS_BELOW and not a.year_like]
    corrections = [m.start() for m in words.corrections.finditer(text)]
    if corrections and any(a.start > corrections[-1] for a in amounts):
        amounts = [a for a in amounts if a.start > corrections[-1]]
    if amounts:
        best = max(amounts, key=lambda a: a.value)
        anywhere = words._anywhere.search(text)
        currency = best.currency or (words.currency(anywhere.group(0)) if anywhere else None)
        return best.value, currency or words.default_currency
    folded = fold(text)
    if words.cheapest.search(folded) or (bare and words.cheapest_when_asked.search(folded)):
        return CHEAPEST
    if words.no_limit.search(folded) or (bare and words.any_phrases.search(folded)):
        return NO_LIMIT
    return None


def money_period(text: str, words: MoneyWords | None = None) -> str | None:
    """The period an amount is given for ("45k a year" -> "year"), None for a total."""
    folded = fold(text)
    return next((name for name, pattern in (words or DEFAULT_MONEY_WORDS).periods
                 if pattern.search(folded)), None)


def _nearest(amount: _Amount, marked: list[_Amount]) -> str | None:
    return min(marked, key=lambda a: abs(a.start - amount.start)).currency


DEFAULT_MONEY_WORDS: Final = MoneyWords.from_data(
    {
        "thousands": ["k", "grand", "thousand", "thousands"],
        "millions": ["million", "millions", "mil"],
        "currencies": {"USD": ["$", "us$", "usd", "dollar", "dollars", "bucks"],
                       "EUR": ["€", "eur", "euro", "euros"], "GBP": ["£", "gbp", "pound", "pounds"],
                       "CAD": ["c$", "ca$", "cad", "canadian dollars"],
                       "CHF": ["chf", "swiss francs", "francs"]},
        "no_limit": ["no limit", "unlimited", "money is not an issue", "money isn't an issue",
                     "money doesn't matter", "budget doesn't matter"],
        "cheapest": ["as cheap as possible", "cheapest", "cheap", "affordable"],
        "cheapest_when_asked": ["none", "nothing", "no money"],
        "cues": ["budget", "afford", "spend", "pay", "tuition", "cost", "max", "tops", "under", "up to",
                 "at most", "less than", "below", "around", "about"],
        "not_units": ["year", "years", "month", "months", "hours", "%", "percent", "credits"],
    },
    corrections=["actually", "i mean", "sorry", "make that"],
    any_phrases=["doesn't matter", "no preference", "whatever", "don't care", "any", "anything"],
)
