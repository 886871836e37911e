"""Ranking programs for a profile: hard constraints filter (advisor.recommendation.constraints), soft fit
orders (advisor.recommendation.fit), and what to do when nothing fits. Pure: no I/O, clock or randomness;
the same profile and knowledge always give the same result, ordered by (-score, program id).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, replace

from advisor.domain import Knowledge, PrepArea, Profile, Program
from advisor.recommendation import constraints as hard
from advisor.recommendation.fit import Pick, Reason, score_program, why
from advisor.recommendation.peers import peer_prices

__all__ = ["Pick", "Reason", "Recommendation", "rank_programs", "score_program"]


@dataclass(frozen=True)
class Recommendation:
    picks: tuple[Pick, ...]  # ranked, best first
    blocked_by: tuple[str, ...]  # constraints leaving nothing known to fit (always set if no picks)
    nearest: tuple[Pick, ...]  # when blocked: closest options, caveats say what they would need
    preparation: tuple[PrepArea, ...]
    assumptions: tuple[Reason, ...]
    asked: tuple[Reason, ...] = ()  # the hard constraints in force: codes format/budget/region/pace
    unlikely: tuple[Pick, ...] = ()  # left off: no price, and programs like it cost far more


def _ranked(picks: list[Pick], per_school: int | None = None, budget: float | None = None) -> list[Pick]:
    """Best first; with `per_school`, a school's programs beyond that many come after the
    others of their tier (known to fit a `budget`, or not; what was asked for, or a stand-in),
    so a shortlist is not one school's catalogue, never puts an unconfirmed price above a
    confirmed one, nor an online program above a hybrid one for someone who asked for hybrid."""
    ordered = sorted(picks, key=lambda k: (-k.score, k.program.id))
    if per_school is None:
        return ordered

    def tier(pick: Pick) -> tuple[int, int]:
        """Known to fit the budget first; then what was asked for before a stand-in (for
        hybrid, a program with a campus part before a fully online one)."""
        fits = budget is None or pick.cost is None or pick.cost.verdict(budget) == "fits"
        stand_in = any(c.code == "online-not-hybrid" for c in pick.caveats)
        return (0 if fits else 1, 1 if stand_in else 0)

    seen: dict[str, int] = {}
    keyed = []
    for i, pick in enumerate(ordered):
        seen[pick.program.school] = seen.get(pick.program.school, 0) + 1
        keyed.append(((tier(pick), seen[pick.program.school] > per_school, i), pick))
    return [pick for _, pick in sorted(keyed, key=lambda kp: kp[0])]


def _scored(programs: Iterable[Program], profile: Profile, kb: Knowledge, quiet: bool = False) -> list[Pick]:
    """Each program's pick, a price that cannot be counted on weighed by what its peers cost;
    `quiet`: scored and ordered only, not explained (see `_explained`)."""
    peers = peer_prices(kb.programs, profile, kb.ranking)
    return [score_program(p, profile, kb.ranking, peers(p), quiet) for p in programs]


def _explained(picks: Iterable[Pick], profile: Profile, kb: Knowledge) -> list[Pick]:
    """The picks shown, scored again with every reason and caveat (the same scores)."""
    return _scored([k.program for k in picks], profile, kb)


def _far_over(pick: Pick) -> bool:
    """Price unknown, and every priced program like it costs far more than the budget."""
    return any(c.code == "peers-over-budget" and c.args.get("far") for c in pick.caveats)


def _nearest(kb: Knowledge, profile: Profile, blocked: tuple[str, ...], limit: int) -> tuple[Pick, ...]:
    """Up to `limit` programs that meet every hard constraint but one blocking one (all of
    them when no single one is enough), each with caveats saying what it would need."""
    on = hard.active(profile)
    queues: list[list[Pick]] = []
    singles = sorted(blocked, key=lambda b: b != "budget")  # paying more first, then format, region
    for relaxed in [(b,) for b in singles] + [blocked]:
        pool = hard.candidates(kb.programs, profile, [c for c in on if c not in relaxed], strict=True)
        if relaxed == ("budget",):

            def price(p: Program) -> float | None:
                cost = p.cost(profile.residency)
                return cost.usd if cost.usd is not None else cost.low_usd

            budget = profile.budget_usd or 0.0
            priced = sorted(
                (
                    p
                    for p in pool
                    if price(p) is not None and p.cost(profile.residency).verdict(budget) == "over"
                ),
                key=lambda p: (price(p) or 0.0, p.id),
            )
            queue = [
                _needs(score_program(p, profile, kb.ranking), profile, i == 0)
                for i, p in enumerate(priced[:limit])
            ]
        else:
            ranked = _ranked(_scored(pool, profile, kb, quiet=True))[:limit]
            queue = [_needs(k, profile, False) for k in _explained(ranked, profile, kb)]
        if len(relaxed) == 1 or not any(queues):
            queues.append(queue)
    out: list[Pick] = []
    for rank in range(max((len(q) for q in queues), default=0)):
        for q in queues:
            if rank < len(q) and len(out) < limit and q[rank].program.id not in {k.program.id for k in out}:
                out.append(q[rank])
    return tuple(out)


def _needs(pick: Pick, profile: Profile, cheapest: bool) -> Pick:
    p, needs = pick.program, []
    cost = p.cost(profile.residency)
    for name in hard.broken(p, profile):
        price = cost.usd if cost.usd is not None else cost.low_usd
        if name == "eligibility" and p.eligibility is not None and p.closed_for(profile.residency):
            needs.append(why("not-eligible", restriction=p.eligibility.restriction, text=p.eligibility.text))
        elif name == "budget" and price is not None and cost.verdict(profile.budget_usd or 0.0) == "over":
            region = profile.region if "region" in hard.active(profile) else None
            needs.append(
                why(
                    "over-budget",
                    price=price,
                    budget=profile.budget_usd,
                    format=profile.format,
                    region=region,
                    cheapest=cheapest,
                    stale=cost.stale,
                    typical=cost.usd is None,
                )
            )
        elif name == "budget":
            needs.append(why("budget-unverified", stale=cost.stale))
        elif name == "format":
            needs.append(why("other-format", format=p.format, wanted=profile.formats or profile.format))
        elif name == "pace":
            needs.append(why("pace-mismatch", pace=p.pace, wanted=profile.pace))
        else:
            needs.append(
                why(
                    "other-region",
                    region=p.region,
                    country=p.country,
                    wanted=profile.regions or profile.region,
                )
            )
    return replace(pick, caveats=tuple(needs) + pick.caveats, risk=needs[0] if needs else pick.risk)


def preparation(profile: Profile, kb: Knowledge) -> tuple[PrepArea, ...]:
    levels = {"programming": profile.programming, "math": profile.math}
    gap = any(level in kb.ranking.weak_levels for level in levels.values())
    return tuple(
        a
        for a in kb.prep_areas
        if (a.id in levels and levels[a.id] in a.levels) or (a.id == "ml-basics" and gap)
    )


def assumptions(profile: Profile) -> tuple[Reason, ...]:
    out: list[Reason] = []
    if profile.budget_usd is None:
        out.append(why("no-limit" if profile.budget_known else "budget-unknown"))
    if profile.format in (None, "any") and not profile.formats:
        out.append(why("format-any", given=profile.format))
    elif profile.format == "hybrid":
        out.append(why("hybrid-rule"))
    if profile.pace in (None, "any"):
        out.append(why("pace-any", given=profile.pace))
    regions = hard.wanted_regions(profile)
    if not regions and profile.format != "online":
        out.append(why("region-any", given=profile.region))
    elif regions and profile.format != "on-campus":
        out.append(why("region-online", region=profile.regions or profile.region, format=profile.format))
    if profile.goal is None:
        out.append(why("goal-unknown"))
    if not profile.interests:
        out.append(why("interests-none"))
    out.extend(why("level-unknown", area=a) for a in ("programming", "math") if getattr(profile, a) is None)
    if profile.cheapest:
        out.append(why("cheapest"))
    return tuple(out)


def asked(profile: Profile) -> tuple[Reason, ...]:
    values = {
        "format": profile.formats or profile.format,
        "budget": profile.budget_usd,
        "region": profile.regions or profile.region,
        "pace": profile.pace,
    }
    return tuple(why(name, value=values[name]) for name in hard.active(profile))


def rank_programs(profile: Profile, kb: Knowledge, limit: int = 5) -> Recommendation:
    """The best `limit` programs for `profile`, and what to do when nothing fits."""
    fitting = hard.candidates(kb.programs, profile, hard.active(profile))
    scored = _scored(fitting, profile, kb, quiet=True)
    likely = [k for k in scored if not _far_over(k)] or scored  # never empty for a guess
    kept = {id(k) for k in likely}  # by identity: comparing picks field by field is slow
    unlikely = tuple(_ranked([k for k in scored if id(k) not in kept]))
    picks = _explained(_ranked(likely, kb.ranking.max_per_school, profile.budget_usd)[:limit], profile, kb)
    blocked = hard.blockers(kb.programs, profile)
    nearest = _nearest(kb, profile, blocked, 3) if blocked and blocked != ("status",) else ()
    if not blocked and profile.format == "hybrid" and len(picks) < limit:
        # few hybrid programs: the closest other formats, apart from the list, saying so
        listed = {k.program.id for k in picks}
        others = _nearest(kb, profile, ("format",), limit)  # the listed ones are among them
        nearest = tuple(k for k in others if k.program.id not in listed)[: limit - len(picks)]
    return Recommendation(
        tuple(picks),
        blocked,
        nearest,
        preparation(profile, kb),
        assumptions(profile),
        asked(profile),
        unlikely,
    )


@dataclass(frozen=True)
class Absence:
    """Why a program is not (or is) on someone's list."""

    pick: Pick  # its own fit, reasons and caveats
    broken: tuple[str, ...]  # hard constraints it breaks (strict: unknown tuition counts)
    rank: int | None  # its place among the programs that fit, if it fits


def explain_program(profile: Profile, kb: Knowledge, program: Program) -> Absence:
    broken = hard.broken(program, profile)
    fitting = hard.candidates(kb.programs, profile, hard.active(profile))
    ranked = [
        p.program.id
        for p in _ranked(
            _scored(fitting, profile, kb, quiet=True), kb.ranking.max_per_school, profile.budget_usd
        )
    ]
    rank = ranked.index(program.id) + 1 if program.id in ranked else None
    (pick,) = _scored([program], profile, kb)
    return Absence(_needs(pick, profile, False), broken, rank)
