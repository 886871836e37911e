"""The hard constraints of a recommendation: format, budget and region. Never broken.

Rules (documented choices):
- format: "online" -> program format "online"; "on-campus" -> "on-campus"; "hybrid" ->
  "hybrid" (the person asked for a campus part and an online part: a fully online or a
  campus-only program is not what they asked for; when few hybrid programs fit, the ranking
  offers such programs apart, as the nearest options, never in the list).
  "any"/None -> no constraint. A program whose format is unknown (None) never passes a
  format constraint.
- budget: the fee is the one for the person's residency (the highest one when it is not
  known; see advisor.recommendation.cost). A program whose total in USD is over `budget_usd` fails, and so
  does one whose sourced typical range starts above it, or whose stale figure is already
  above it. A program whose price cannot be counted on (unknown, a range across the budget,
  a stale figure under it) passes (it cannot be ruled out), but in the *strict* check used to
  say whether anything is known to fit it fails, and it is ranked below every program known
  to fit. A fully funded program fits every budget.
- pace: only for someone who must study part-time (alongside a job): a program known to be
  full-time only fails. One whose pace is unknown passes (most pages do not say; the fit
  ranks it below those known to allow part-time and says so). Wanting full-time rules
  nothing out: a program that allows part-time study can usually be taken faster or is
  full-time too.
- region: only for programs not known to be fully online. "us" -> any "us-*" region; another
  value -> exactly that region ("europe" does not include "uk"); "any"/None -> no constraint.
- Sets: "online or on campus" gives `formats` (format "any"), "Asia or Europe" `regions`
  (region "any"). Then exactly those formats pass (no widening of hybrid to online: the
  person named what they accept), and a campus program passes region if it is in any of them.
- A program whose status is not "active", or that is closed to the person (an `eligibility`
  restriction that ranking.yaml lists as closed, e.g. only the school's own undergraduates,
  or as closed abroad, e.g. no student visas, for someone whose residency is another country),
  never passes.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator

from advisor.domain import Profile, Program

PART_TIME, FULL_TIME = "part-time", "full-time"
ACCEPTED_FORMATS: dict[str, frozenset[str]] = {
    "online": frozenset({"online"}),
    "on-campus": frozenset({"on-campus"}),
    "hybrid": frozenset({"hybrid"}),
}


def accepted_formats(profile: Profile) -> frozenset[str] | None:
    """The program formats that pass; None for no format constraint."""
    if profile.formats:
        return frozenset(profile.formats)
    return ACCEPTED_FORMATS.get(profile.format or "")


def wanted_regions(profile: Profile) -> tuple[str, ...]:
    """The regions a campus program may be in; () for no region constraint."""
    return profile.accepted("region")


def active(profile: Profile) -> tuple[str, ...]:
    """The hard constraints the profile puts in force: format, budget, region, pace, in
    that order."""
    on: list[str] = []
    if accepted_formats(profile) is not None:
        on.append("format")
    if profile.budget_usd is not None:
        on.append("budget")
    if wanted_regions(profile) and profile.format != "online":
        on.append("region")
    if profile.pace == PART_TIME:
        on.append("pace")
    return tuple(on)


def region_matches(program_region: str | None, wanted: str | tuple[str, ...]) -> bool:
    if program_region is None:
        return False
    if not isinstance(wanted, str):
        return any(region_matches(program_region, w) for w in wanted)
    if wanted == "us":
        return program_region == "us" or program_region.startswith("us-")
    return program_region == wanted


def passes(program: Program, profile: Profile, name: str, strict: bool = False) -> bool:
    """Whether `program` meets one hard constraint. `strict`: unknown tuition fails budget."""
    if name == "format":
        accepted = accepted_formats(profile)
        return accepted is None or program.format in accepted
    if name == "budget":
        if profile.budget_usd is None:
            return True
        verdict = program.cost(profile.residency).verdict(profile.budget_usd)
        return verdict == "fits" or (verdict == "unknown" and not strict)
    if name == "pace":
        return profile.pace != PART_TIME or program.pace != FULL_TIME
    if name == "region":
        wanted = wanted_regions(profile)
        if not wanted or program.format == "online":
            return True
        return region_matches(program.region, wanted)
    raise ValueError(f"unknown constraint {name!r}")


def _matching(
    programs: Iterable[Program], profile: Profile, names: Iterable[str], strict: bool
) -> Iterator[Program]:
    """The programs that meet `names`: the rules of `passes`, unrolled into one loop
    (ranking ten thousand programs must take milliseconds, not tens of them)."""
    chosen = set(names)
    accepted = accepted_formats(profile) if "format" in chosen else None
    budget = profile.budget_usd if "budget" in chosen else None
    region = wanted_regions(profile) if "region" in chosen else ()
    residency = profile.residency
    part_time = "pace" in chosen and profile.pace == PART_TIME
    for p in programs:
        if (
            p.status != "active"
            or p.closed_for(residency)
            or (accepted is not None and p.format not in accepted)
        ):
            continue
        if part_time and p.pace == FULL_TIME:
            continue
        if budget is not None:
            verdict = p.cost(residency).verdict(budget)
            if verdict == "over" or (strict and verdict == "unknown"):
                continue
        if region and p.format != "online" and not region_matches(p.region, region):
            continue
        yield p


def candidates(
    programs: Iterable[Program], profile: Profile, names: Iterable[str], strict: bool = False
) -> tuple[Program, ...]:
    return tuple(_matching(programs, profile, names, strict))


def any_fits(
    programs: Iterable[Program], profile: Profile, names: Iterable[str], strict: bool = False
) -> bool:
    return next(_matching(programs, profile, names, strict), None) is not None


def blockers(programs: tuple[Program, ...], profile: Profile) -> tuple[str, ...]:
    """The hard constraints that leave no program *known* to fit (strict budget), found by
    relaxing one at a time; all of them when no single one is enough. () when something
    fits. ("status",) when no active program exists at all."""
    on = active(profile)
    if any_fits(programs, profile, on, strict=True):
        return ()
    if not on:
        return ("status",)
    single = tuple(n for n in on if any_fits(programs, profile, [m for m in on if m != n], strict=True))
    return single or on


def broken(program: Program, profile: Profile) -> tuple[str, ...]:
    """The hard constraints (strict budget) a program does not meet; "eligibility" first when
    not everyone may apply."""
    closed = ("eligibility",) if program.closed_for(profile.residency) else ()
    return closed + tuple(n for n in active(profile) if not passes(program, profile, n, strict=True))
