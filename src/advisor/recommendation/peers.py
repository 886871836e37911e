"""What programs like one of unknown price cost: the knowledge's own sourced figures stand in
for a figure nobody published. Pure.

With a budget, a program whose price cannot be counted on ranks after every program known to
fit. Among those, one whose peers (programs in the same region with the same format, else in
the same region, else with the same format anywhere: the first group with at least
`cost.peer_min` current prices) all cost more than the budget is less likely to fit than one
whose peers often do, so its score is scaled by `(1 - peer_weight) + peer_weight * share`,
where `share` is the part of its peers that fit; and when the budget is below `peer_margin`
of even the cheapest peer's price, it is `far` over in all likelihood and is left off the
list (unless nothing else is on it). Nothing is shown as a price: the caveat says what
programs like it cost.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from dataclasses import dataclass

from advisor.domain import Profile, Program, Ranking


@dataclass(frozen=True)
class PeerPrices:
    """What `count` priced programs like one cost a person: the share that fits the budget
    and the lowest of their prices (US dollars); `like` says how they are alike."""

    share: float
    lowest_usd: float
    count: int
    like: str  # "region and format", "region" or "format": what the peers share with it
    region: str
    format: str | None
    far: bool = False  # the budget is below `peer_margin` of the cheapest peer's price


def _groups(p: Program) -> list[tuple[str, tuple[str | None, ...]]]:
    return [("region and format", (p.region, p.format)), ("region", (p.region,)), ("format", (p.format,))]


def peer_prices(
    programs: Iterable[Program], profile: Profile, rules: Ranking
) -> Callable[[Program], PeerPrices | None]:
    """For a budget, a lookup from a program of unknown price to what its peers cost; None
    when there is no budget, the price is known, or no group has enough current prices."""
    budget = profile.budget_usd
    priced: dict[tuple[str, tuple[str | None, ...]], list[float]] = {}
    for p in programs:
        price = p.cost(profile.residency).known_usd
        if price is not None:
            for key in _groups(p):
                priced.setdefault(key, []).append(price)

    def lookup(p: Program) -> PeerPrices | None:
        cost = p.cost(profile.residency)
        if budget is None or cost.known_usd is not None or cost.funded or cost.verdict(budget) != "unknown":
            return None
        for key in _groups(p):
            prices = priced.get(key, [])
            if len(prices) >= rules.peer_min:
                share = sum(x <= budget for x in prices) / len(prices)
                far = share == 0 and budget < rules.peer_margin * min(prices)
                return PeerPrices(share, min(prices), len(prices), key[0], p.region, p.format, far)
        return None

    return lookup
