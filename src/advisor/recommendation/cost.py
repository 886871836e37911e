"""Which fee a program charges whom, and whether it is current: worked out once, when the
knowledge is built, for every residency the fee rules of ranking.yaml name. Pure."""

from __future__ import annotations

import re
from types import MappingProxyType

from advisor.domain import OTHER_RESIDENCY, Cost, Funding, Ranking, Tuition


def start_year(year: str | None) -> int | None:
    """The calendar year an academic year starts in ("2014-15" -> 2014), if it says."""
    found = re.search(r"\d{4}", year or "")
    return int(found.group()) if found else None


def is_stale(fee: Tuition, newest: int | None, rules: Ranking) -> bool:
    if fee.total is None and fee.range is None:
        return False
    start = start_year(fee.year)
    return start is not None and newest is not None and newest - start > rules.max_age_years


def _fees(tuition: Tuition | None) -> list[Tuition]:
    return [] if tuition is None else [tuition, *tuition.others]


def _statuses(residency: str, country: str, rules: Ranking) -> tuple[str, ...]:
    for who, countries, statuses in rules.fee_rules:
        if who == residency and country in countries:
            return statuses
    return rules.fee_otherwise


def fee_for(tuition: Tuition | None, country: str, residency: str | None, rules: Ranking) -> Tuition | None:
    """The fee someone of `residency` pays: for an unknown residency the highest known fee
    (a counselor would not promise the lower one), else the first status that matches, then
    a fee for everyone. None: the record has no fee for them."""
    fees = _fees(tuition)
    if residency is None:
        priced = [f for f in fees if f.total_usd is not None]
        return max(priced, key=lambda f: f.total_usd or 0.0) if priced else tuition
    for status in _statuses(residency, country, rules):
        found = next((f for f in fees if f.applies_to == status), None)
        if found:
            return found
    return next((f for f in fees if f.applies_to in ("all", None)), None)


def cost(
    tuition: Tuition | None, country: str, funding: tuple[Funding, ...], residency: str | None, rules: Ranking
) -> Cost:
    fee = fee_for(tuition, country, residency, rules)
    funded = any(f.kind == "fully-funded" for f in funding)
    if fee is None:
        return Cost(None, None, funded=funded)
    low, high = fee.range_usd or (None, None)
    return Cost(fee, fee.total_usd, low, high, fee.stale, funded)


def costs(
    tuition: Tuition | None, country: str, funding: tuple[Funding, ...], rules: Ranking
) -> MappingProxyType[str | None, Cost]:
    keys: list[str | None] = [None, *rules.residencies, OTHER_RESIDENCY]
    return MappingProxyType({k: cost(tuition, country, funding, k, rules) for k in keys})
