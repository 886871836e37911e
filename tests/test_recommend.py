"""Recommendations: hard constraints never broken, a fit that explains itself, honest advice
when nothing fits, and text that shows everything the ranking found."""

from __future__ import annotations

import json
from dataclasses import replace
from pathlib import Path

import pytest
import yaml
from hypothesis import given, settings, strategies as st

from advisor.domain.profile import Profile
from advisor.domain.records import Knowledge, Program
from advisor.output.contract import recommendation_json
from advisor.output.rendering import money
from advisor.output.wording import reason_text, reason_texts, render_recommendation
from advisor.recommendation.fit import score_program
from advisor.recommendation.peers import peer_prices
from advisor.recommendation.ranking import Pick, Recommendation, rank_programs

SLOTS = yaml.safe_load((Path(__file__).resolve().parents[1] / "knowledge" / "profile.yaml").read_text())
VALUES = {name: spec.get("values", []) for name, spec in SLOTS["slots"].items()}
PROPERTY = settings(max_examples=300, deadline=None)


def one_of_slot(name: str) -> st.SearchStrategy[str | None]:
    return st.one_of(st.none(), st.sampled_from(VALUES[name]))


profiles = st.builds(
    Profile,
    field=one_of_slot("field"),
    programming=one_of_slot("programming"),
    math=one_of_slot("math"),
    goal=one_of_slot("goal"),
    interests=st.lists(st.sampled_from(VALUES["interests"]), max_size=4, unique=True).map(tuple),
    budget_usd=st.one_of(st.none(), st.integers(0, 200_000), st.floats(0, 200_000)),
    format=one_of_slot("format"),
    pace=one_of_slot("pace"),
    region=one_of_slot("region"),
    budget_known=st.booleans(),
    cheapest=st.booleans(),
)
# the same, with where the person is a citizen or resident (the fee status it gives)
anyone = st.builds(
    lambda profile, residency: replace(profile, residency=residency), profiles, one_of_slot("residency")
)


def breaks_hard_constraint(p: Program, profile: Profile) -> str | None:
    """An independent statement of the hard rules (see advisor.recommendation.constraints)."""
    if p.status != "active":
        return "status"
    allowed = {"online": {"online"}, "on-campus": {"on-campus"}, "hybrid": {"hybrid", "online"}}
    if profile.format in allowed and p.format not in allowed[profile.format]:
        return "format"
    if profile.budget_usd is not None and p.tuition_usd is not None and p.tuition_usd > profile.budget_usd:
        return "budget"
    if profile.region not in (None, "any") and p.format != "online":
        wanted = profile.region or ""
        ok = p.region.startswith("us-") if wanted == "us" else p.region == wanted
        if not ok:
            return "region"
    if profile.pace == "part-time" and p.pace == "full-time":
        return "pace"
    if (
        p.eligibility is not None
        and p.eligibility.restriction == "no-student-visa"
        and profile.residency not in (None, "us")
    ):
        return "eligibility"  # every such program in the knowledge is in the US
    return None


def codes(items: tuple[object, ...]) -> set[str]:
    return {getattr(r, "code", "") for r in items}


# --- properties over random profiles ---------------------------------------------------------


@PROPERTY
@given(profile=profiles)
def test_no_recommended_program_ever_breaks_a_hard_constraint(kb: Knowledge, profile: Profile) -> None:
    rec = rank_programs(profile, kb)
    for pick in rec.picks:
        assert breaks_hard_constraint(pick.program, profile) is None, pick.program.id
    for row in recommendation_json(rec):
        assert breaks_hard_constraint(kb.program(row["id"]), profile) is None  # type: ignore[arg-type]


def test_an_unknown_price_whose_peers_all_cost_far_more_than_the_budget_is_left_out(kb: Knowledge) -> None:
    """A program nobody priced, in a place where every priced program costs far more than
    the budget, says so, scores lower than it would without that evidence and is left off
    the list, named among those left out."""
    budget = 9000.0
    profile = Profile(format="online", budget_usd=budget, budget_known=True)
    uk = [p for p in kb.programs if p.region == "uk"]
    priced = [u for p in uk if (u := p.cost(None).known_usd) is not None]
    unknown = next(p for p in uk if p.cost(None).known_usd is None and p.format == "online")
    assert priced and budget < kb.ranking.peer_margin * min(priced)  # the premise, from the data
    peers = peer_prices(kb.programs, profile, kb.ranking)(unknown)
    assert peers is not None and peers.share == 0 and peers.far
    pick = score_program(unknown, profile, kb.ranking, peers)
    caveat = next(c for c in pick.caveats if c.code == "peers-over-budget")
    assert caveat.args["lowest"] == min(priced)
    assert "likely does too" in reason_text(caveat)
    alone = score_program(unknown, profile, kb.ranking)
    assert pick.score == pytest.approx(alone.score * (1 - kb.ranking.peer_weight), abs=1e-3)
    rec = rank_programs(profile, kb, limit=80)
    assert unknown not in [k.program for k in rec.picks]
    assert unknown in [k.program for k in rec.unlikely]
    assert "Left out:" in render_recommendation(rec)
    # where some priced peers fit, the evidence weighs less; without a budget, not at all
    rich = replace(profile, budget_usd=max(priced))
    assert "peers-over-budget" not in codes(
        score_program(unknown, rich, kb.ranking, peer_prices(kb.programs, rich, kb.ranking)(unknown)).caveats
    )
    assert peer_prices(kb.programs, Profile(format="online"), kb.ranking)(unknown) is None


def test_a_list_of_only_unlikely_prices_is_still_shown_rather_than_nothing(kb: Knowledge) -> None:
    profile = Profile(format="online", region="uk", budget_usd=100.0, budget_known=True)
    rec = rank_programs(profile, kb)
    assert rec.picks and not rec.unlikely
    assert all(k.program.cost(None).known_usd is None for k in rec.picks)


@PROPERTY
@given(profile=anyone)
def test_ranking_is_deterministic_sorted_and_scored_0_to_1(kb: Knowledge, profile: Profile) -> None:
    first, again = rank_programs(profile, kb), rank_programs(profile, kb)
    assert first == again
    # sorted by score, except that a school's programs beyond the cap wait for other schools'
    # of the same tier (known to fit the budget, or not; for hybrid, an online stand-in or not)
    cap, budget = kb.ranking.max_per_school, profile.budget_usd
    counts: dict[str, int] = {}
    keys = []
    for k in first.picks:
        counts[k.program.school] = counts.get(k.program.school, 0) + 1
        unsure = budget is not None and k.program.cost(profile.residency).verdict(budget) != "fits"
        stand_in = profile.format == "hybrid" and k.program.format == "online"
        keys.append((unsure, stand_in, counts[k.program.school] > cap, -k.score, k.program.id))
    assert keys == sorted(keys)
    assert all(0.0 <= k.score <= 1.0 for k in first.picks + first.nearest)
    assert len(first.picks) <= 5


@PROPERTY
@given(profile=anyone)
def test_nothing_fits_always_says_why_and_what_is_closest(kb: Knowledge, profile: Profile) -> None:
    rec = rank_programs(profile, kb)
    if not rec.picks:
        assert rec.blocked_by
        assert set(rec.blocked_by) <= {"format", "budget", "region", "pace"}
        assert rec.nearest, "nothing fits, so the closest options must be shown"
    for near in rec.nearest:
        needs = codes(near.caveats) & {"over-budget", "other-format", "other-region", "pace-mismatch"}
        assert needs, f"{near.program.id} is shown as nearest without saying what it would need"
        assert near.program.id not in {k.program.id for k in rec.picks}


@PROPERTY
@given(profile=anyone)
def test_with_a_budget_priced_programs_within_it_rank_above_unpriced_ones(
    kb: Knowledge, profile: Profile
) -> None:
    rec = rank_programs(profile, kb, limit=50)
    if profile.budget_usd is None:
        return
    budget = profile.budget_usd
    known = [k.program.cost(profile.residency).verdict(budget) == "fits" for k in rec.picks]
    assert known == sorted(known, reverse=True)
    for pick, fits in zip(rec.picks, known, strict=True):
        if not fits:
            assert codes(pick.caveats) & {"tuition-unknown", "tuition-old", "tuition-range"}
        if (
            pick.program.tuition_usd is None
            and pick.cost
            and pick.cost.low_usd is None
            and not pick.cost.funded
        ):
            assert "tuition-unknown" in codes(pick.caveats)


@PROPERTY
@given(profile=anyone)
def test_every_reason_is_worded_and_the_json_follows_the_contract(kb: Knowledge, profile: Profile) -> None:
    rec = rank_programs(profile, kb)
    everything = [r for k in rec.picks + rec.nearest for r in k.reasons + k.caveats]
    for r in everything + list(rec.assumptions):
        text = reason_text(r)
        assert text and text != r.code and "None" not in text, (r, text)
    rows = json.loads(json.dumps(recommendation_json(rec)))
    assert [row["id"] for row in rows] == [k.program.id for k in rec.picks]
    for row in rows:
        assert {
            "id",
            "school",
            "name",
            "score",
            "format",
            "country",
            "region",
            "tuition_usd",
            "reasons",
            "caveats",
        } <= row.keys()
        assert all(isinstance(s, str) for s in row["reasons"] + row["caveats"])


# --- examples that read like advice ----------------------------------------------------------


def test_a_developer_wanting_online_under_15k_gets_only_online_programs_within_budget(kb: Knowledge) -> None:
    dev = Profile(
        field="computer-science",
        programming="strong",
        math="strong",
        goal="industry",
        interests=("deep-learning", "nlp"),
        budget_usd=15_000,
        budget_known=True,
        format="online",
        pace="part-time",
    )
    rec = rank_programs(dev, kb)
    assert rec.picks and not rec.blocked_by
    assert all(k.program.format == "online" for k in rec.picks)
    assert all(k.program.tuition_usd is None or k.program.tuition_usd <= 15_000 for k in rec.picks)
    best = rec.picks[0]
    assert best.program.tuition_usd is not None and "within-budget" in codes(best.reasons)
    assert rec.preparation == ()  # strong programming and math: nothing to prepare


def test_a_research_minded_stats_grad_wanting_the_uk_on_campus_gets_uk_research_programs(
    kb: Knowledge,
) -> None:
    grad = Profile(
        field="math-statistics",
        programming="strong",
        math="strong",
        goal="research",
        format="on-campus",
        region="uk",
    )
    rec = rank_programs(grad, kb)
    assert rec.picks
    assert all(k.program.region == "uk" and k.program.format == "on-campus" for k in rec.picks)
    research = [r for r in rec.picks[0].reasons if r.code in ("orientation", "thesis", "degree-kind")]
    assert research and all(r.code != "degree-kind" or r.args["goal"] == "research" for r in research)
    assert "budget-unknown" in codes(rec.assumptions)


def test_a_history_teacher_who_cannot_program_gets_a_preparation_plan(kb: Knowledge) -> None:
    teacher = Profile(
        field="social-science-humanities",
        programming="none",
        math="basic",
        goal="career-change",
        budget_usd=40_000,
        budget_known=True,
    )
    rec = rank_programs(teacher, kb)
    assert [a.id for a in rec.preparation] == ["programming", "math", "ml-basics"]
    everything = rank_programs(teacher, kb, limit=100).picks
    gaps = [r for k in everything for r in k.caveats if r.code == "prereq-gap"]
    assert {r.args["area"] for r in gaps} == {"programming", "math"}
    assert "or show the plan" in render_recommendation(rec)
    text = render_recommendation(rec, "plan")
    assert "Learn to program in Python" in text and "https://www.py4e.com/" in text
    assert any("non-cs-welcome" in codes(k.reasons) for k in rec.picks)


def test_an_impossible_budget_is_blocked_by_budget_and_shows_the_cheapest_online_price(kb: Knowledge) -> None:
    rec = rank_programs(Profile(format="online", budget_usd=1_000, budget_known=True), kb)
    assert "budget" in rec.blocked_by
    cheapest = min(
        (
            p
            for p in kb.programs
            if p.format == "online" and p.tuition_usd is not None and p.status == "active"
        ),
        key=lambda p: p.tuition_usd or 0.0,
    )
    near = next(k for k in rec.nearest if k.program.id == cheapest.id)
    over = next(r for r in near.caveats if r.code == "over-budget")
    assert over.args["cheapest"] and over.args["price"] == cheapest.tuition_usd
    text = render_recommendation(rec)
    assert f"costs about {money(cheapest.tuition_usd)} total, over your $1,000 limit" in text
    assert all(k.program.tuition_usd is None for k in rec.picks)  # only unverifiable ones remain


def test_on_campus_where_nothing_is_finds_nothing_and_offers_near_misses(kb_copy: Path) -> None:
    from advisor.kb.load import load_knowledge

    kb = load_knowledge(kb_copy)  # one campus program in the eastern US, one online in Germany
    rec = rank_programs(Profile(format="on-campus", region="us-south"), kb)
    assert rec.picks == () and set(rec.blocked_by) == {"format", "region"}
    assert {r.code for k in rec.nearest for r in k.caveats} & {"other-format", "other-region"}
    text = render_recommendation(rec)
    assert "Nothing in my data fits everything you asked for: on campus, in the southern US." in text
    assert recommendation_json(rec) == []


def test_hybrid_means_hybrid_or_fully_online_never_campus_only(kb: Knowledge) -> None:
    rec = rank_programs(Profile(format="hybrid", region="uk"), kb, limit=50)
    assert rec.picks and all(k.program.format in ("hybrid", "online") for k in rec.picks)
    assert all("online-not-hybrid" in codes(k.caveats) for k in rec.picks if k.program.format == "online")
    assert "hybrid-rule" in codes(rec.assumptions)


def test_unknown_program_format_never_passes_a_format_constraint(kb: Knowledge) -> None:
    unknown = {p.id for p in kb.programs if p.format is None}
    assert unknown  # the shipped data has some
    for fmt in ("online", "on-campus", "hybrid"):
        rec = rank_programs(Profile(format=fmt), kb, limit=100)
        assert not unknown & {k.program.id for k in rec.picks}
    shown = rank_programs(Profile(format="any"), kb, limit=100)
    assert all("format-unknown" in codes(k.caveats) for k in shown.picks if k.program.id in unknown)


def test_as_cheap_as_possible_puts_low_tuition_first(kb: Knowledge) -> None:
    rec = rank_programs(Profile(cheapest=True, budget_known=True), kb, limit=3)
    prices = [k.program.cost().known_usd for k in rec.picks]  # a fully funded one costs 0
    assert all(p is not None and p < 20_000 for p in prices)
    assert all(codes(k.reasons) & {"cheap", "fully-funded"} for k in rec.picks)


def test_old_and_converted_tuition_figures_are_flagged(kb: Knowledge) -> None:
    rec = rank_programs(Profile(format="on-campus", region="canada"), kb, limit=50)
    toronto = next(k for k in rec.picks if k.program.id == "toronto-mscac")
    assert {"tuition-old", "converted"} <= codes(toronto.caveats)
    texts = reason_texts(toronto)[1]
    assert any("2019-20 figure, likely higher now" in t for t in texts)
    assert any("converted from" in t for t in texts)


# --- the text a person reads -----------------------------------------------------------------


@pytest.mark.parametrize(
    "profile",
    [
        Profile(
            field="computer-science",
            programming="strong",
            math="basic",
            goal="industry",
            interests=("deep-learning", "nlp"),
            budget_usd=15_000,
            budget_known=True,
            format="online",
            pace="part-time",
        ),
        Profile(
            goal="research", interests=("robotics",), region="europe", format="on-campus", pace="full-time"
        ),
        Profile(goal="leadership", programming="basic", math="none", field="business-economics"),
        Profile(format="online", budget_usd=1_000, budget_known=True),
        Profile(format="on-campus", region="us-south"),
    ],
)
def test_the_text_shows_every_pick_with_its_reasons_caveats_and_url(kb: Knowledge, profile: Profile) -> None:
    rec: Recommendation = rank_programs(profile, kb)
    text = render_recommendation(rec, "full")
    shown: tuple[Pick, ...] = rec.picks + rec.nearest
    assert shown
    for pick in shown:
        assert pick.program.school in text and pick.program.url in text
        reasons, caveats = reason_texts(pick)
        for line in reasons + caveats:
            assert line in text, line
    for r in rec.assumptions:
        assert reason_text(r) in text
    for area in rec.preparation:
        assert area.title in text
        assert all(res.url in text for step in area.steps for res in step.resources if res.url)
    assert "{{" not in text and "None" not in text


# --- prices that cannot be counted on, fee status, who may apply ------------------------------


def _edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def _fixture(kb_copy: Path, old: str, new: str, program: str = "example-msml") -> Knowledge:
    from advisor.kb.load import load_knowledge

    _edit(kb_copy / "programs" / f"{program}.yaml", old, new)
    return load_knowledge(kb_copy)


def _ids(rec: Recommendation) -> list[str]:
    return [k.program.id for k in rec.picks]


def test_a_stale_price_never_counts_as_fitting_and_ranks_after_known_ones(kb_copy: Path) -> None:
    kb = _fixture(kb_copy, 'year: "2025-26"', 'year: "2014-15"')
    rec = rank_programs(Profile(budget_usd=50000, budget_known=True), kb)
    assert _ids(rec) == ["example-online", "example-msml"]
    stale = rec.picks[1]
    assert "within-budget" not in codes(stale.reasons)
    assert any(
        "2014-15 figure, likely higher now, so I do not count it as within your budget" in t
        for t in reason_texts(stale)[1]
    )
    # already over the budget years ago: out
    assert _ids(rank_programs(Profile(budget_usd=30000, budget_known=True), kb)) == ["example-online"]


def test_an_unknown_price_is_a_risk_and_says_so(kb_copy: Path) -> None:
    kb = _fixture(kb_copy, "  total: 40000", "  total: null")
    rec = rank_programs(Profile(budget_usd=50000, budget_known=True, goal="research"), kb)
    assert _ids(rec) == ["example-online", "example-msml"]
    assert any("cannot say it fits your budget" in t for t in reason_texts(rec.picks[1])[1])


def test_a_sourced_range_above_the_budget_rules_a_program_out(kb_copy: Path) -> None:
    kb = _fixture(kb_copy, "  total: 40000", "  total: null\n  range: {min: 44000, max: 50000}")
    assert "example-msml" not in _ids(rank_programs(Profile(budget_usd=20000, budget_known=True), kb))
    across = rank_programs(Profile(budget_usd=47000, budget_known=True, goal="research"), kb)
    assert _ids(across) == ["example-online", "example-msml"]
    assert "tuition-range" in codes(across.picks[1].caveats)
    above = rank_programs(Profile(budget_usd=60000, budget_known=True), kb)
    assert "within-budget" in codes(next(k for k in above.picks if k.program.id == "example-msml").reasons)


def test_a_sourced_floor_rules_out_a_smaller_budget_and_never_counts_as_fitting(kb_copy: Path) -> None:
    # a per-unit rate and the fewest units the degree can take: "at least", no upper end
    kb = _fixture(kb_copy, "  total: 40000", "  total: null\n  range: {min: 44000}")
    assert "example-msml" not in _ids(rank_programs(Profile(budget_usd=40000, budget_known=True), kb))
    rich = rank_programs(Profile(budget_usd=90000, budget_known=True, goal="research"), kb)
    assert _ids(rich) == ["example-online", "example-msml"]  # known fits first: no upper end known
    floor = rich.picks[1]
    assert "within-budget" not in codes(floor.reasons)
    assert any("at least $44,000" in t for t in reason_texts(floor)[1])
    assert "at least $44,000, 2025-26" in render_recommendation(rich, "short")


def test_a_total_is_computed_from_a_rate_and_a_count(kb_copy: Path) -> None:
    kb = _fixture(
        kb_copy, "  total: 40000", "  total: null\n  per_unit: {amount: 1000, unit: credit, units: 30}"
    )
    program = kb.program("example-msml")
    assert program is not None and program.tuition_usd == 30000
    rec = rank_programs(Profile(budget_usd=35000, budget_known=True), kb)
    assert "example-msml" in _ids(rec)
    assert "$30,000 total: $1,000 a credit x 30, 2025-26 figure" in render_recommendation(rec, "cards")


def test_a_program_closed_to_outsiders_is_never_a_fit_and_why_not_says_so(kb_copy: Path) -> None:
    from advisor.recommendation.ranking import explain_program

    _edit(kb_copy / "programs" / "example-msml.yaml", "supports: [", "supports: [eligibility, ")
    kb = _fixture(
        kb_copy,
        "notes: null",
        "notes: null\neligibility:\n  restriction: own-undergraduates\n"
        "  text: Only Example University undergraduates may apply.",
    )
    for profile in (Profile(), Profile(goal="research", interests=("nlp",)), Profile(format="on-campus")):
        assert "example-msml" not in _ids(rank_programs(profile, kb))
    program = kb.program("example-msml")
    assert program is not None
    absence = explain_program(Profile(), kb, program)
    assert absence.broken[0] == "eligibility"
    assert (
        "not open to you: Only Example University undergraduates may apply." in reason_texts(absence.pick)[1]
    )


def test_the_fee_checked_is_the_one_for_the_persons_residency(kb_copy: Path) -> None:
    kb = _fixture(
        kb_copy,
        "  applies_to: all",
        "  applies_to: international\n  others:\n"
        '    - {total: 0, currency: EUR, year: "2025", basis: no EU fee, applies_to: eu}',
        program="example-online",
    )
    budget = Profile(budget_usd=5000, budget_known=True)
    assert "example-online" not in _ids(rank_programs(budget, kb))  # not known: the highest fee
    assert "example-online" not in _ids(rank_programs(replace(budget, residency="other"), kb))
    eu = rank_programs(replace(budget, residency="eu"), kb)
    assert _ids(eu)[0] == "example-online"
    assert "within-budget" in codes(eu.picks[0].reasons)


def test_a_restriction_the_advisor_cannot_check_is_shown_for_the_person_to_check(kb_copy: Path) -> None:
    _edit(kb_copy / "programs" / "example-msml.yaml", "supports: [", "supports: [eligibility, ")
    kb = _fixture(
        kb_copy,
        "notes: null",
        "notes: null\neligibility:\n  restriction: residents\n"
        "  text: Applicants must live and work in Exampleton.",
    )
    rec = rank_programs(Profile(), kb)
    pick = next(k for k in rec.picks if k.program.id == "example-msml")
    assert pick.risk is not None and pick.risk.code == "eligibility-check"
    assert "check that you may apply: Applicants must live and work in Exampleton." in render_recommendation(
        rec
    )


def test_a_fee_only_for_others_is_not_taken_for_the_persons_own(kb_copy: Path) -> None:
    kb = _fixture(kb_copy, "  applies_to: all", "  applies_to: international", program="example-online")
    rec = rank_programs(Profile(budget_usd=50000, budget_known=True, residency="eu"), kb)
    online = next(k for k in rec.picks if k.program.id == "example-online")
    assert "within-budget" not in codes(online.reasons)
    assert "the fee for your fee status is not in my data" in " ".join(reason_texts(online)[1])
    assert "your fee not in my data; international: €10,000" in render_recommendation(rec)


def test_advisor_recommend_shows_the_table_and_the_rest_on_request(
    capsys: pytest.CaptureFixture[str],
) -> None:
    from advisor.cli import main

    flags = ["recommend", "--programming", "none", "--math", "none", "--format", "online"]
    assert main(flags) == 0
    short = capsys.readouterr().out
    assert "--show cards" in short and "Why it fits" not in short and "Before you apply" not in short
    assert main([*flags, "--show", "full"]) == 0
    full = capsys.readouterr().out
    assert "Why it fits" in full and "Before you apply" in full and "Where the figures come from" in full


def test_someone_who_must_study_part_time_never_gets_a_full_time_only_program(kb_copy: Path) -> None:
    from advisor.kb.load import load_knowledge

    kb = load_knowledge(kb_copy)  # example-msml is full-time only, example-online part-time
    working = rank_programs(Profile(pace="part-time", goal="research"), kb)
    assert _ids(working) == ["example-online"]
    campus = rank_programs(Profile(pace="part-time", format="on-campus"), kb)
    assert campus.picks == () and "pace" in campus.blocked_by
    near = next(k for k in campus.nearest if k.program.id == "example-msml")
    assert "pace-mismatch" in codes(near.caveats)
    assert "full-time only" in render_recommendation(campus, "short")
    # wanting full-time rules nothing out: a part-time program can be taken by a full-timer
    assert set(_ids(rank_programs(Profile(pace="full-time"), kb))) == {"example-msml", "example-online"}


def test_a_program_that_takes_no_student_visas_is_closed_to_people_from_abroad(kb_copy: Path) -> None:
    _edit(
        kb_copy / "programs" / "example-msml.yaml",
        "supports: [name, format, tuition]",
        "supports: [name, format, tuition, eligibility]",
    )
    kb = _fixture(
        kb_copy,
        "notes: null",
        "notes: null\neligibility:\n  restriction: no-student-visa\n  text: no F-1 or J-1 applicants",
    )
    assert "example-msml" in _ids(rank_programs(Profile(residency="us"), kb))
    for abroad in ("other", "eu", "uk", "canada"):
        assert "example-msml" not in _ids(rank_programs(Profile(residency=abroad), kb)), abroad
    unsaid = rank_programs(Profile(), kb)  # residency not given: shown, with the restriction
    pick = next(k for k in unsaid.picks if k.program.id == "example-msml")
    assert "eligibility-check" in codes(pick.caveats)


def test_with_a_region_named_an_online_degree_run_from_there_ranks_above_one_from_elsewhere(
    kb_copy: Path,
) -> None:
    from advisor.kb.load import load_knowledge

    us_copy = kb_copy / "programs" / "example-online-us.yaml"
    text = (kb_copy / "programs" / "example-online.yaml").read_text(encoding="utf-8")
    us_copy.write_text(
        text.replace("id: example-online", "id: example-online-us")
        .replace("country: DE", "country: US")
        .replace("region: europe", "region: us-east")
        .replace("school: ", "school: Other ", 1),
        encoding="utf-8",
    )
    kb = load_knowledge(kb_copy)
    for region, first in (("europe", "example-online"), ("us-east", "example-online-us")):
        rec = rank_programs(Profile(format="online", region=region), kb)
        assert _ids(rec)[0] == first, region
        assert "online-from-region" in codes(rec.picks[0].reasons)
    # no region named: the place does not count, so the two score alike
    scores = {k.program.id: k.score for k in rank_programs(Profile(format="online"), kb).picks}
    assert scores["example-online"] == scores["example-online-us"]
