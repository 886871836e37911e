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
- Numbers in words ("thirty-five thousand", "fifty grand", "a hundred thousand") are read
  as digits first, with the number words of the vocabulary.
- Linear in the length of the text: every look-around is a bounded window or a match at a
  position, so a message with a thousand numbers is read in milliseconds.
- No number: a "cheapest" phrase gives `CHEAPEST`, a "no limit" phrase (or, when the budget
  was asked, any "doesn't matter" phrase) gives `NO_LIMIT`. A number always wins over both.
"""

from __future__ import annotations

import re
from bisect import bisect_left
from collections.abc import Callable, Iterable, Mapping, Sequence
from dataclasses import dataclass, field
from functools import cache, cached_property
from typing import Any, Final

from advisor.understanding.text import combined, fold

Money = tuple[float | None, str | None]
NO_LIMIT: Final[Money] = (None, None)  # "no limit", "money is not an issue"
CHEAPEST: Final[Money] = (None, "cheapest")  # "as cheap as possible": no number, cheaper is better
BARE_THOUSANDS_BELOW: Final = 1000.0

_NUMBER = re.compile(  # at most 15 digits: longer runs are not amounts (and would overflow)
    r"(?<![\d.,])(?:(?P<grouped>\d{1,3}(?P<sep>[,.'\u00a0\u202f ])\d{3}(?:(?P=sep)\d{3}){0,3})"
    r"(?P<frac>[.,]\d{1,2}(?!\d))?|(?P<plain>\d{1,15}(?:[.,]\d{1,6})?))(?!\d)"
)
_YEAR = re.compile(r"(?:19[5-9]\d|20\d\d)")


@cache
def _piece(ch: str) -> str:
    return r"\s+" if ch == " " else re.escape(ch)


def _trie(spellings: Iterable[str]) -> str:
    """One pattern for many spellings, shared beginnings written once ("indian rupee|indian
    rupees" -> "indian\\s+rupee(?:s)?"): matching costs the length of the text, not the number
    of spellings. Greedy, so the longest spelling that fits wins, as in a longest-first list."""
    root: dict[str, Any] = {}
    for spelling in spellings:
        node = root
        for ch in " ".join(spelling.split()):
            node = node.setdefault(ch, {})
        node[""] = {}

    def emit(node: dict[str, Any]) -> str:
        branches = [_piece(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if not branches:
            return ""
        body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
        if "" in node:
            return f"(?:{body})?"
        return body

    return emit(root)


def _alternation(spellings: Iterable[str]) -> str:
    """The longest spelling that fits wins; one that starts or ends with a letter must be a
    whole word."""
    # Spellings are grouped by whether they start / end with a letter, so each group needs
    # its word-boundary checks once: a much smaller pattern that compiles many times faster.
    groups: dict[tuple[bool, bool], list[str]] = {}
    for s in sorted(set(spellings)):
        groups.setdefault((s[0].isalpha(), s[-1].isalpha()), []).append(s)
    parts = [
        ("(?<![a-z])" if head else "") + "(?:" + _trie(group) + ")" + ("(?![a-z])" if tail else "")
        for (head, tail), group in sorted(groups.items())
    ]
    return "|".join(parts) or "(?!)"


def said(money: Mapping[str, object], key: str) -> list[str]:
    """The phrases of `money[key]`, and every phrase made of one item of each list of a
    group in `money[key + "_combined"]`, in order: ["money", "the cost"] x ["is not a concern",
    "doesn't matter"] gives "money is not a concern", "the cost doesn't matter" ..."""

    def strings(value: object, where: str) -> list[str]:
        if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
            raise ValueError(f"money.{where}: expected a list of quoted phrases")
        return [str(v) for v in value]

    phrases = strings(money.get(key) or [], key)
    groups = money.get(f"{key}_combined") or []
    if not isinstance(groups, list | tuple):
        raise ValueError(f"money.{key}_combined: expected a list of groups, each a list of lists")
    for number, group in enumerate(groups):
        if not isinstance(group, list | tuple) or not group:
            raise ValueError(f"money.{key}_combined[{number}]: expected a list of lists of phrases")
        phrases += combined(strings(part, f"{key}_combined[{number}]") for part in group)
    return phrases


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
    either_scale: re.Pattern[str]  # "mil": a million in English slang, a thousand in Spanish and Portuguese
    most_usd: float  # the most a tuition budget plausibly is, in dollars: above it "mil" is a thousand
    lakhs: re.Pattern[str]  # 100,000, as amounts are said in India
    crores: re.Pattern[str]  # 10,000,000
    no_limit_phrases: tuple[str, ...]  # compiled only when needed (`no_limit`): a long list
    cheapest: re.Pattern[str]
    cheapest_when_asked: re.Pattern[str]
    cues: re.Pattern[str]
    any_phrases: re.Pattern[str]
    ignored: re.Pattern[str]  # phrases that keep their words from counting ("whatever is closest")
    corrections: re.Pattern[str]
    not_units: re.Pattern[str]
    periods: tuple[tuple[str, re.Pattern[str]], ...]  # ("year", "a year|per year|...")
    number_words: Mapping[str, int]  # "thirty" -> 30, "hundred" -> 100, "thousand" -> 1000
    counts_below: int  # a number in words under this, with no scale, counts things ("one thing")
    _number_run: re.Pattern[str] = field(repr=False)
    _before: re.Pattern[str] = field(repr=False)
    _after: re.Pattern[str] = field(repr=False)
    _anywhere: re.Pattern[str] = field(repr=False)
    _longest: int = field(repr=False, default=32)  # how far before a number a currency may start

    @classmethod
    def from_data(
        cls,
        money: Mapping[str, object],
        corrections: Iterable[str] = (),
        any_phrases: Iterable[str] = (),
        ignored: Iterable[str] = (),
    ) -> MoneyWords:
        def texts(key: str) -> list[str]:
            value = money.get(key) or []
            if not isinstance(value, list | tuple) or not all(isinstance(v, str) for v in value):
                raise ValueError(f"money.{key}: expected a list of quoted phrases")
            return [str(v) for v in value]

        table = money.get("currencies") or {}
        if not isinstance(table, Mapping):
            raise ValueError("money.currencies: expected ISO code -> list of spellings")
        currencies: dict[str, str] = {}
        capitals: set[str] = set()  # a code that is an everyday word ("TOP", "ALL"): in capitals only
        for code, spellings in table.items():
            if not isinstance(spellings, list | tuple) or not all(isinstance(s, str) for s in spellings):
                raise ValueError(f"money.currencies.{code}: expected a list of quoted spellings")
            currencies.update({" ".join(s.lower().split()): str(code).upper() for s in spellings})
            capitals |= {s for s in spellings if s.isalpha() and s.isupper()}
        anycase = [s for s in currencies if s.upper() not in capitals]
        alternation = _alternation(anycase)
        if capitals:
            exact = "|".join(sorted(capitals, key=len, reverse=True))
            alternation += f"|(?-i:(?<![A-Za-z])(?:{exact})(?![A-Za-z]))"
        periods = money.get("periods") or {}
        if not isinstance(periods, Mapping) or not all(
            isinstance(v, list | tuple) and all(isinstance(p, str) for p in v) for v in periods.values()
        ):
            raise ValueError("money.periods: expected period -> list of quoted phrases")
        numbers = money.get("number_words") or {}
        if not isinstance(numbers, Mapping) or not all(isinstance(v, int) for v in numbers.values()):
            raise ValueError("money.number_words: expected word -> whole number")
        number_words = {str(k).lower(): int(v) for k, v in numbers.items()}

        def numbers_of(keep: Callable[[int], bool]) -> str:
            chosen = sorted((w for w, v in number_words.items() if keep(v)), key=len, reverse=True)
            return "|".join(map(re.escape, chosen)) or "(?!)"

        # a run starts with a small number or "a"/"an" + a scale ("40 million" stays as it is)
        word, small, scales = (
            numbers_of(lambda v: True),
            numbers_of(lambda v: v < 100),
            numbers_of(lambda v: v >= 100),
        )
        run = (
            rf"(?<![a-z0-9])(?:an?\s+(?:{scales})|{small})(?![a-z])"
            rf"(?:(?:[\s-]+(?:and\s+)?)(?:{word})(?![a-z]))*"
        )
        flags = re.IGNORECASE
        return cls(
            currencies=currencies,
            default_currency=str(money.get("default_currency") or "USD").upper(),
            thousands=re.compile(rf"\s*(?:{_alternation(texts('thousands'))})", flags),
            millions=re.compile(rf"\s*(?:{_alternation(texts('millions'))})", flags),
            either_scale=re.compile(rf"\s*(?:{_alternation(texts('thousand_or_million'))})", flags),
            most_usd=float(str(money.get("most_usd", "inf"))),
            lakhs=re.compile(rf"\s*(?:{_alternation(texts('lakhs'))})", flags),
            crores=re.compile(rf"\s*(?:{_alternation(texts('crores'))})", flags),
            no_limit_phrases=tuple(said(money, "no_limit")),
            cheapest=_folded_pattern(texts("cheapest")),
            cheapest_when_asked=_folded_pattern(texts("cheapest_when_asked")),
            cues=_folded_pattern(texts("cues")),
            any_phrases=_folded_pattern(any_phrases),
            ignored=_folded_pattern(ignored),
            corrections=re.compile(_alternation(fold(c) for c in corrections if fold(c)), flags),
            not_units=re.compile(rf"\s*(?:{_alternation(texts('not_units'))})", flags),
            periods=tuple((str(k), _folded_pattern(v)) for k, v in periods.items()),
            number_words=number_words,
            counts_below=int(str(money.get("counts_below", 0))),
            _number_run=re.compile(run, flags),
            _before=re.compile(rf"(?:{alternation})\s*$", flags),
            _longest=max(map(len, currencies), default=0) + 8,
            _after=re.compile(rf"\s*(?:{alternation})", flags),
            _anywhere=re.compile(alternation, flags),
        )

    @cached_property
    def no_limit(self) -> re.Pattern[str]:
        """ "no limit", "money is not a concern", "the firm will pay": compiled on first use,
        as most budgets are said as amounts (a few hundred phrases take ~10 ms to compile)."""
        return _folded_pattern(self.no_limit_phrases)

    def currency(self, spelling: str) -> str:
        return self.currencies[" ".join(spelling.lower().split())]


@dataclass(frozen=True)
class Amount:
    """An amount of money as written, at character `start` of the text it was found in."""

    value: float
    currency: str | None
    marked: bool  # had a currency or a multiplier
    start: int
    year_like: bool
    either_scale: bool = False  # its multiplier means a thousand or a million ("100 mil reais")


def _value(match: re.Match[str]) -> float:
    if match["grouped"]:
        value = float(re.sub(r"\D", "", match["grouped"]))
        return value + (float("0." + match["frac"][1:]) if match["frac"] else 0.0)
    return float(match["plain"].replace(",", "."))


def _in_digits(text: str, words: MoneyWords) -> str:
    """Numbers in words written as digits: "thirty-five thousand" -> "35k" (a scale word
    said keeps the amount marked as money, as "35 thousand" is), "forty" -> "40". A small
    one with no scale ("one", "two") counts things, not money, and stays as it is."""

    def value(m: re.Match[str]) -> str:
        total = current = 0
        scaled = False
        for w in re.split(r"[\s-]+", m.group(0).lower()):
            n = words.number_words.get(w)
            if n is None:  # "a", "and"
                continue
            if n == 100:
                current = (current or 1) * 100
            elif n >= 1000:
                total, current, scaled = total + (current or 1) * n, 0, True
            else:
                current += n
        if not scaled and total + current < words.counts_below:  # "one thing first", "two kids"
            return m.group(0)
        return f"{(total + current) / 1000:g}k" if scaled else str(total + current)

    return words._number_run.sub(value, text)


def amounts(text: str, words: MoneyWords) -> tuple[str, list[Amount]]:
    """The text with numbers in words written as digits, and every amount in it (the part of
    a message's analysis that is about money)."""
    text = _in_digits(text, words)
    return text, _amounts(text, words)


def _amounts(text: str, words: MoneyWords) -> list[Amount]:
    found = []
    for m in _NUMBER.finditer(text):
        value, at = _value(m), m.end()
        before = words._before.search(text, max(0, m.start() - words._longest), m.start())
        currency = words.currency(before.group(0).strip()) if before else None
        scaled = in_rupees = either = False
        if either_match := words.either_scale.match(
            text, at
        ):  # a million; slots._budget makes it a thousand past most_usd
            value, at, scaled, either = value * 1e6, either_match.end(), True, True
        for pattern, factor in (
            ()
            if either
            else (
                (words.thousands, 1e3),
                (words.millions, 1e6),
                (words.lakhs, 1e5),
                (words.crores, 1e7),
            )
        ):
            if mult := pattern.match(text, at):
                value, at, scaled, in_rupees = value * factor, mult.end(), True, factor in (1e5, 1e7)
                break
        if cur := words._after.match(text, at):
            currency = words.currency(cur.group(0).strip())
        elif currency is None and in_rupees:
            currency = "INR"  # lakhs and crores are how amounts in rupees are said
        elif currency is None and not scaled and words.not_units.match(text, at):
            continue
        found.append(
            Amount(
                value,
                currency,
                currency is not None or scaled,
                m.start(),
                bool(m["plain"] and _YEAR.fullmatch(m["plain"])),
                either,
            )
        )
    return found


def parse_money(
    text: str, words: MoneyWords, *, bare: bool = True, found: tuple[str, Sequence[Amount]] | None = None
) -> Money | None:
    """See `parse_money_at`; only the money."""
    return parse_money_at(text, words, bare=bare, found=found)[0]


def parse_money_at(
    text: str, words: MoneyWords, *, bare: bool = True, found: tuple[str, Sequence[Amount]] | None = None
) -> tuple[Money | None, int | None]:
    """The most someone says they would pay, as (amount, ISO currency code).

    Returns None when the text says nothing about money, `NO_LIMIT` (None, None) for "no
    limit", and `CHEAPEST` (None, "cheapest") for "as cheap as possible". The amount is in the
    currency named (USD when none is); converting is the caller's job. `bare=True` means the
    text answers the budget question, so "20" and "doesn't matter" count (see module rules).
    """
    text, said = found if found is not None else amounts(text, words)
    return _money(text, said, words, bare)


def _money(
    text: str, said: Sequence[Amount], words: MoneyWords, bare: bool
) -> tuple[Money | None, int | None]:
    """The money and, for an amount, where it starts in `text` (numbers in words as digits)."""
    candidates = list(said)
    marked = [a for a in candidates if a.marked]
    if marked:
        scale = 1e3 if any(a.value >= BARE_THOUSANDS_BELOW for a in marked) else 1.0
        starts = [a.start for a in marked]
        candidates = [
            a
            if a.marked or a.value >= BARE_THOUSANDS_BELOW
            else Amount(a.value * scale, _nearest(a, marked, starts), True, a.start, False)
            for a in candidates
            if a.marked or not a.year_like
        ]
    elif bare:
        candidates = [
            a if a.value >= BARE_THOUSANDS_BELOW else Amount(a.value * 1e3, None, False, a.start, False)
            for a in candidates
        ]
    else:
        cued = words.cues.search(fold(text)) is not None
        candidates = [a for a in candidates if cued and a.value >= BARE_THOUSANDS_BELOW and not a.year_like]
    corrections = [m.start() for m in words.corrections.finditer(text)]
    if corrections and any(a.start > corrections[-1] for a in candidates):
        candidates = [a for a in candidates if a.start > corrections[-1]]
    if candidates:
        best = max(candidates, key=lambda a: a.value)
        anywhere = words._anywhere.search(text)
        currency = best.currency or (words.currency(anywhere.group(0)) if anywhere else None)
        return (best.value, currency or words.default_currency), best.start
    folded = fold(text)
    if words.cheapest.search(folded) or (bare and words.cheapest_when_asked.search(folded)):
        return CHEAPEST, None
    if words.no_limit.search(folded) or (bare and words.any_phrases.search(words.ignored.sub(" ", folded))):
        return NO_LIMIT, None
    return None, None


def money_period(
    text: str, words: MoneyWords, at: int | None = None, amounts_at: Sequence[int] = ()
) -> str | None:
    """The period an amount is given for ("45k a year" -> "year"), None for a total. With
    `at`, the amount's place in `text`: only what follows it, up to the next amount, counts
    ("my employer covers 5k a year ..., so about 15k total" is a total)."""
    if at is not None:
        following = [a for a in amounts_at if a > at]
        text = text[at : min(following, default=len(text))]
    folded = fold(text)
    return next((name for name, pattern in words.periods if pattern.search(folded)), None)


def _nearest(amount: Amount, marked: list[Amount], starts: list[int]) -> str | None:
    """The currency of the marked amount nearest to `amount` (`starts`: theirs, in order)."""
    i = bisect_left(starts, amount.start)
    near = marked[max(0, i - 1) : i + 1]
    return min(near, key=lambda a: abs(a.start - amount.start)).currency
