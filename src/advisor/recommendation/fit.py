"""Soft fit: how well one program suits a profile, as a score in 0..1 and the `Reason`s
(data; templates word them) for and against it. Hard constraints are in `constraints`.
The weights and word lists are the counselor-readable rules of knowledge/ranking.yaml.

Score: a weighted fit of goal, interests, pace, background and GRE, plus a little for funding
(plus cost when the person wants it as cheap as possible); slots not given count as a neutral
0.5. A price that cannot be counted on (not published, or stale) is a risk: with a budget
given, every program known to fit scores 0.5..1 and every other one below 0.5, so programs
known to be within budget always rank first, and among the others the less likely one's
peers are to fit, the lower (`peers`); without a budget such a program's score is scaled by
`cost.unknown_factor`. Pure and deterministic.
"""

from __future__ import annotations

from dataclasses import dataclass
from functools import lru_cache
from typing import Any

from advisor.domain import Cost, Profile, Program, Ranking
from advisor.recommendation import constraints as hard
from advisor.recommendation.peers import PeerPrices


@dataclass(frozen=True)
class Reason:
    """One worded-by-template fact: `code` picks the sentence, `params` fill it."""

    code: str
    params: tuple[tuple[str, Any], ...] = ()

    @property
    def args(self) -> dict[str, Any]:
        return dict(self.params)


def why(code: str, **params: Any) -> Reason:
    return Reason(code, tuple(sorted(params.items())))


@dataclass(frozen=True)
class Pick:
    program: Program
    score: float
    reasons: tuple[Reason, ...]
    caveats: tuple[Reason, ...]
    cost: Cost | None = None  # what it costs this person, as far as is known
    headline: Reason | None = None  # the one reason the shortlist's table shows
    risk: Reason | None = None  # the caveat shown beside it, if one matters that much


# The caveats that order a shortlist (ranking._ranked, ranking._far_over): kept even when a
# program is only scored, not explained.
ORDERING_CAVEATS = frozenset({"online-not-hybrid", "peers-over-budget"})


class _Notes:
    """The reasons and caveats found while scoring; `quiet` keeps only the caveats that order
    a shortlist (scoring ten thousand programs must not word ten thousand explanations)."""

    def __init__(self, quiet: bool = False) -> None:
        self.reasons: list[Reason] = []
        self.caveats: list[Reason] = []
        self.quiet = quiet

    def plus(self, code: str, **params: Any) -> None:
        if self.quiet:
            return
        r = why(code, **params)
        if r not in self.reasons:
            self.reasons.append(r)

    def minus(self, code: str, **params: Any) -> None:
        if self.quiet and code not in ORDERING_CAVEATS:
            return
        r = why(code, **params)
        if r not in self.caveats:
            self.caveats.append(r)


def _parts(p: Program, rule: Any, goal: str, n: _Notes) -> float:
    value = 0.0
    orientation = (rule.get("orientation") or {}).get(p.orientation or "")
    if orientation is not None:
        value += orientation
        n.plus("orientation", orientation=p.orientation, goal=goal)
    elif p.orientation and p.orientation in (rule.get("warn_orientation") or ()):
        n.minus("research-heavy")
    thesis = (rule.get("thesis") or {}).get(p.thesis or "")
    if thesis is not None:
        value += thesis
        n.plus("thesis", thesis=p.thesis)
    elif "thesis" in rule and p.thesis == "none":
        n.minus("no-thesis")
    capstone = (rule.get("capstone") or {}).get(p.capstone or "")
    if capstone is not None:
        value += capstone
        n.plus("capstone", capstone=p.capstone)
    if p.degree_kind in (rule.get("degree_kinds") or ()):
        value += rule.get("degree_kind", 0.0)
        n.plus("degree-kind", kind=p.degree_kind, goal=goal)
    return value


def _goal(p: Program, goal: str | None, rules: Ranking, n: _Notes) -> float:
    rule = rules.goals.get(goal or "")
    if rule is None:
        return 0.5
    value = 0.0
    if "non_cs_welcome" in rule and p.accepts_non_cs:
        value += rule["non_cs_welcome"]
        n.plus("non-cs-welcome")
    if rule.get("words"):
        text = f"{p.name} {p.notes or ''}".lower()
        word = next((w for w in rule["words"] if w in text), None)
        if word:
            value += rule.get("word", 0.0)
            n.plus("leadership-focus", word=word)
    return min(1.0, value + _parts(p, rule, goal or "", n))


def _interests(p: Program, interests: tuple[str, ...], n: _Notes) -> float:
    if not interests:
        return 0.5
    overlap = [i for i in interests if i in p.specializations]
    for interest in overlap:
        n.plus("interest", interest=interest)
    if not overlap:
        return 0.0 if p.specializations else 0.2
    return min(1.0, len(overlap) / min(len(set(interests)), 3))


def _pace(p: Program, wanted: str | None, n: _Notes) -> float:
    if wanted not in ("full-time", "part-time"):
        return 0.5
    if p.pace is None:
        n.minus("pace-unknown", wanted=wanted)
        return 0.5
    if p.pace in (wanted, "both"):
        n.plus("pace-match", pace=wanted)
        return 1.0
    n.minus("pace-mismatch", pace=p.pace, wanted=wanted)
    return 0.0


def _gre(p: Program, n: _Notes) -> float:
    if p.gre == "required":
        n.minus("gre-required")
        return 0.0
    if p.gre is None:
        n.minus("gre-unknown")
        return 0.5
    n.plus("no-gre", gre=p.gre)
    return 1.0


@lru_cache(maxsize=65536)
def _gap(
    prerequisites: tuple[str, ...], words: tuple[str, ...], strong: tuple[str, ...], any_line: bool
) -> tuple[int, int, str]:
    """The prerequisite that says most about an area (how many of its `words`, its place,
    the line); with `any_line` False only among lines that ask for a strong background.
    Cached: the same program is scored again for every answer of a conversation."""
    lows = [line.lower() for line in prerequisites]
    hits = [
        (sum(w in low for w in words), -i, prerequisites[i])
        for i, low in enumerate(lows)
        if any_line or any(w in low for w in strong)
    ]
    return max(hits, default=(0, 0, ""))


def _background(p: Program, profile: Profile, rules: Ranking, n: _Notes) -> float:
    value = 0.5
    for area, level in (("programming", profile.programming), ("math", profile.math)):
        if level not in rules.weak_levels:
            continue
        best = _gap(p.prerequisites, rules.area_words[area], rules.strong_words, level == "none")
        if best[0]:  # the prerequisite that says most about the area
            n.minus("prereq-gap", area=area, level=level, text=best[2])
            value = 0.0
    outsider = profile.field not in (None, "computer-science") or profile.goal == "career-change"
    if outsider and p.accepts_non_cs is True and value:
        n.plus("non-cs-welcome")
        value = 1.0
    elif outsider and p.accepts_non_cs is False:
        n.minus("cs-degree-expected")
        value = 0.0
    return value


def _facts(p: Program, profile: Profile, cost: Cost, n: _Notes) -> None:
    """Reasons for the hard constraints met, and caveats about the data itself."""
    fee, budget = cost.fee, profile.budget_usd
    if cost.funded:
        n.plus("fully-funded")
    if budget is not None and cost.verdict(budget) == "fits" and not cost.funded:
        n.plus("within-budget", price=cost.known_usd, budget=budget, typical=cost.usd is None)
    if (
        p.format is not None
        and p.format in (profile.formats or (profile.format,))
        and p.format in hard.ACCEPTED_FORMATS
    ):
        n.plus("format-match", format=p.format)
    if profile.format == "hybrid" and p.format == "online":
        n.minus("online-not-hybrid")
    matched = [w for w in hard.wanted_regions(profile) if hard.region_matches(p.region, w)]
    if "region" in hard.active(profile) and p.format != "online" and matched:
        n.plus("region-match", region=p.region, wanted=matched[0])
    if fee is None or (cost.usd is None and cost.low_usd is None):
        if not cost.funded:  # `others`: the record has a fee, but not for this person's status
            n.minus(
                "tuition-unknown",
                budget=budget is not None,
                others=fee is None
                and p.tuition is not None
                and (p.tuition.total is not None or p.tuition.range is not None),
            )
    else:
        if cost.usd is None:
            n.minus("tuition-range", low=cost.low_usd, high=cost.high_usd)
        if fee.year is None:
            n.minus("tuition-year-unknown")
        elif cost.stale:
            n.minus("tuition-old", year=fee.year, budget=budget is not None)
        if fee.currency != "USD" and fee.rate is not None and fee.total is not None:
            n.minus("converted", currency=fee.currency, date=fee.rate.date.isoformat(), amount=fee.total)
    if p.format is None:
        n.minus("format-unknown")
    if p.eligibility is not None and not p.closed_for(profile.residency):
        n.minus("eligibility-check", text=p.eligibility.text)


def _funding(p: Program, rules: Ranking) -> float:
    return max((rules.funding.get(f.kind, 0.0) for f in p.funding), default=0.0)


def _elsewhere(p: Program, profile: Profile, n: _Notes) -> float:
    """1 for an online program run from outside the region the person named (a campus one
    there has passed the region rule): one run from there (a UK degree for someone in the UK:
    their fee status, time zone, a degree employers there know) fits them better."""
    wanted = hard.wanted_regions(profile)
    if not wanted or p.format != "online":
        return 0.0
    matched = [w for w in wanted if hard.region_matches(p.region, w)]
    if matched:
        n.plus("online-from-region", region=p.region, wanted=matched[0])
        return 0.0
    return 1.0


def score_program(
    p: Program, profile: Profile, rules: Ranking, peers: PeerPrices | None = None, quiet: bool = False
) -> Pick:
    """One program's fit for the profile (hard constraints are not checked here); `peers`,
    for a price that cannot be counted on, what programs like it cost (`peers`). `quiet`:
    the same score, with only the caveats that order a list (`ORDERING_CAVEATS`)."""
    n = _Notes(quiet)
    cost = p.cost(profile.residency)
    _facts(p, profile, cost, n)
    if peers is not None and peers.share == 0:
        n.minus(
            "peers-over-budget",
            lowest=peers.lowest_usd,
            count=peers.count,
            like=peers.like,
            region=peers.region,
            format=peers.format,
            far=peers.far,
        )
    parts = {
        "goal": _goal(p, profile.goal, rules, n),
        "interests": _interests(p, profile.interests, n),
        "pace": _pace(p, profile.pace, n),
        "background": _background(p, profile, rules, n),
        "gre": _gre(p, n),
    }
    weights = rules.weights
    fit = sum(weights[k] * v for k, v in parts.items()) / sum(weights.values())
    fit = min(1.0, max(0.0, fit + _funding(p, rules) - rules.online_elsewhere * _elsewhere(p, profile, n)))
    price = cost.known_usd
    if profile.cheapest:
        cap = rules.cost_cap_usd
        value = 0.0 if price is None else 1.0 - min(price, cap) / cap
        if value >= rules.cheap_share and not cost.funded:
            n.plus("cheap", price=price)
        fit = rules.cheapest_weight * value + (1 - rules.cheapest_weight) * fit
    if profile.budget_usd is not None:
        score = 0.5 + 0.5 * fit if cost.verdict(profile.budget_usd) == "fits" else 0.49 * fit
        if peers is not None:
            score *= (1 - rules.peer_weight) + rules.peer_weight * peers.share
    else:
        score = fit if price is not None else rules.unknown_factor * fit
    score = round(min(1.0, max(0.0, score)), 4)
    return Pick(
        p,
        score,
        tuple(n.reasons),
        tuple(n.caveats),
        cost,
        _first(n.reasons, rules.headline_reasons) or (n.reasons[0] if n.reasons else None),
        _first(n.caveats, rules.headline_caveats),
    )


def _first(items: list[Reason], order: tuple[str, ...]) -> Reason | None:
    ranked = sorted((order.index(r.code), i) for i, r in enumerate(items) if r.code in order)
    return items[ranked[0][1]] if ranked else None
