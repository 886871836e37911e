"""Soft fit: how well one program suits a profile, as a score in 0..1 and the `Reason`s
(data; templates word them) for and against it. Hard constraints are in advisor.constraints.

Score: a weighted fit of goal, interests, pace, background and GRE (plus cost when the person
wants it as cheap as possible); slots not given count as a neutral 0.5. Tuition not published
cannot be verified: with a budget given, every priced program scores 0.5..1 and every unpriced
one below 0.5, so priced programs within budget always rank first; without a budget an
unpriced program's score is multiplied by 0.85. Pure and deterministic.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from advisor import constraints as hard
from advisor.profile import Profile
from advisor.records import Program

WEIGHTS = {"goal": 0.35, "interests": 0.25, "pace": 0.15, "background": 0.15, "gre": 0.10}
CHEAPEST_COST_WEIGHT = 0.40
COST_CAP_USD = 100_000.0
CURRENT_TUITION_YEAR = 2024  # figures for academic years starting earlier get a caveat
WEAK = ("none", "basic")
RESEARCH_KINDS = ("MS", "MSc", "MPhil")
INDUSTRY_KINDS = ("MEng", "MPS", "MCS", "MDS")
LEADERSHIP_WORDS = ("management", "business", "analytics", "leadership")
AREA_WORDS = {
    "programming": ("programming", "data structures", "algorithms", "object-oriented", "software",
                    "intro cs", "cs courses", "computer science course", "computer science foundation",
                    "it background", "background in computer science", "degree in computer science",
                    "bachelor's in computer science", "bachelor's in informatics", "bs in computer science"),
    "math": ("calculus", "linear algebra", "probability", "statistic", "mathematical", "mathematics at",
             "math:", "quantitative", "matrix"),
}
STRONG_WORDS = ("strong", "substantial", "good programming", "senior-level", "advanced")


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


class _Notes:
    def __init__(self) -> None:
        self.reasons: list[Reason] = []
        self.caveats: list[Reason] = []

    def plus(self, code: str, **params: Any) -> None:
        r = why(code, **params)
        if r not in self.reasons:
            self.reasons.append(r)

    def minus(self, code: str, **params: Any) -> None:
        r = why(code, **params)
        if r not in self.caveats:
            self.caveats.append(r)


def _goal(p: Program, goal: str | None, n: _Notes) -> float:
    if goal == "research":
        value = {"research": 0.45, "mixed": 0.25}.get(p.orientation or "", 0.0)
        if p.orientation in ("research", "mixed"):
            n.plus("orientation", orientation=p.orientation, goal=goal)
        if p.thesis in ("required", "optional"):
            value += 0.35 if p.thesis == "required" else 0.25
            n.plus("thesis", thesis=p.thesis)
        elif p.thesis == "none":
            n.minus("no-thesis")
        if p.degree_kind in RESEARCH_KINDS:
            value += 0.2
            n.plus("degree-kind", kind=p.degree_kind, goal=goal)
        return value
    if goal == "industry":
        value = {"applied": 0.45, "mixed": 0.25}.get(p.orientation or "", 0.0)
        if p.orientation in ("applied", "mixed"):
            n.plus("orientation", orientation=p.orientation, goal=goal)
        elif p.orientation == "research":
            n.minus("research-heavy")
        if p.capstone in ("required", "optional"):
            value += 0.35 if p.capstone == "required" else 0.25
            n.plus("capstone", capstone=p.capstone)
        if p.degree_kind in INDUSTRY_KINDS:
            value += 0.2
            n.plus("degree-kind", kind=p.degree_kind, goal=goal)
        return value
    if goal == "career-change":
        value = 0.0
        if p.accepts_non_cs:
            value += 0.6
            n.plus("non-cs-welcome")
        if p.orientation in ("applied", "mixed"):
            value += 0.25 if p.orientation == "applied" else 0.15
            n.plus("orientation", orientation=p.orientation, goal=goal)
        if p.capstone in ("required", "optional"):
            value += 0.15
            n.plus("capstone", capstone=p.capstone)
        return value
    if goal == "leadership":
        text = f"{p.name} {p.notes or ''}".lower()
        word = next((w for w in LEADERSHIP_WORDS if w in text), None)
        value = 0.0
        if word:
            value += 0.7
            n.plus("leadership-focus", word=word)
        if p.capstone in ("required", "optional"):
            value += 0.3
            n.plus("capstone", capstone=p.capstone)
        return value
    return 0.5


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


def _background(p: Program, profile: Profile, n: _Notes) -> float:
    value = 0.5
    for area, level in (("programming", profile.programming), ("math", profile.math)):
        if level not in WEAK:
            continue
        hits = [(sum(w in line.lower() for w in AREA_WORDS[area]), -i, line)
                for i, line in enumerate(p.prerequisites)
                if level == "none" or any(w in line.lower() for w in STRONG_WORDS)]
        best = max(hits, default=(0, 0, ""))
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


def _facts(p: Program, profile: Profile, n: _Notes) -> None:
    """Reasons for the hard constraints met, and caveats about the data itself."""
    t, price = p.tuition, p.tuition_usd
    if profile.budget_usd is not None and price is not None and price <= profile.budget_usd:
        n.plus("within-budget", price=price, budget=profile.budget_usd)
    if p.format is not None and p.format in (profile.formats or (profile.format,)) \
            and p.format in hard.ACCEPTED_FORMATS:
        n.plus("format-match", format=p.format)
    if profile.format == "hybrid" and p.format == "online":
        n.minus("online-not-hybrid")
    matched = [w for w in hard.wanted_regions(profile) if hard.region_matches(p.region, w)]
    if "region" in hard.active(profile) and p.format != "online" and matched:
        n.plus("region-match", region=p.region, wanted=matched[0])
    if price is None or t is None:
        n.minus("tuition-unknown")
    else:
        year = re.search(r"\d{4}", t.year or "")
        if year is None:
            n.minus("tuition-year-unknown")
        elif int(year.group()) < CURRENT_TUITION_YEAR:
            n.minus("tuition-old", year=t.year)
        if t.currency != "USD" and t.rate is not None:
            n.minus("converted", currency=t.currency, date=t.rate.date.isoformat(), amount=t.total)
    if p.format is None:
        n.minus("format-unknown")


def score_program(p: Program, profile: Profile) -> Pick:
    """One program's fit for the profile (hard constraints are not checked here)."""
    n = _Notes()
    _facts(p, profile, n)
    parts = {
        "goal": _goal(p, profile.goal, n),
        "interests": _interests(p, profile.interests, n),
        "pace": _pace(p, profile.pace, n),
        "background": _background(p, profile, n),
        "gre": _gre(p, n),
    }
    fit = sum(WEIGHTS[k] * v for k, v in parts.items()) / sum(WEIGHTS.values())
    price = p.tuition_usd
    if profile.cheapest:
        cost = 0.0 if price is None else 1.0 - min(price, COST_CAP_USD) / COST_CAP_USD
        if cost >= 0.75:  # about $25,000 or less
            n.plus("cheap", price=price)
        fit = CHEAPEST_COST_WEIGHT * cost + (1 - CHEAPEST_COST_WEIGHT) * fit
    if profile.budget_usd is not None:
        score = 0.5 + 0.5 * fit if price is not None else 0.49 * fit
    else:
        score = fit if price is not None else 0.85 * fit
    score = round(min(1.0, max(0.0, score)), 4)
    return Pick(p, score, tuple(n.reasons), tuple(n.caveats))


