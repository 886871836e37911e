"""The knowledge base the advisor ships with: complete, sourced, and true to the spec."""

from __future__ import annotations

import datetime as dt
from typing import Any

import pytest
import yaml
from conftest import ROOT, SHARED

from advisor.domain.records import Knowledge


def spec(name: str) -> dict[str, Any]:
    path = SHARED / "spec" / name
    if not path.exists():
        pytest.skip(f"{path} is not beside this checkout")
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


def test_profile_copy_holds_the_spec_unchanged(kb: Knowledge) -> None:
    """Every slot of the spec with exactly its values; slots may be added, never changed."""
    doc = yaml.safe_load((ROOT / "knowledge" / "profile.yaml").read_text())
    ours, theirs = doc["slots"], spec("profile.yaml")["slots"]
    assert {name: ours.get(name) for name in theirs} == theirs
    assert set(ours) - set(theirs) == {"residency"}
    for name, added in doc.get("sets", {}).items():  # the advisor's own additions
        assert name not in theirs and added["of"] in theirs, name
        assert set(added["values"]) <= set(theirs[added["of"]]["values"]), name


def test_every_catalog_faq_exists_with_sources(kb: Knowledge) -> None:
    ids = {f.id for f in kb.faqs}
    assert set(spec("faq_catalog.yaml")["topics"]) <= ids
    for faq in kb.faqs:
        assert faq.sources and len(faq.alternates) >= 5, faq.id


def test_answers_fit_a_terminal(kb: Knowledge) -> None:
    for faq in kb.faqs:
        assert len(faq.answer.split()) <= 140, faq.id
        assert all(len(p) < 1000 for p in faq.answer.split("\n\n")), faq.id


def test_at_least_forty_programs_each_sourced_and_dated(kb: Knowledge) -> None:
    assert len(kb.programs) >= 40
    for program in kb.programs:
        assert program.sources, program.id
        assert all(s.retrieved <= dt.date.today() for s in program.sources), program.id


def test_programs_cover_the_regions_and_formats_people_ask_for(kb: Knowledge) -> None:
    regions = {p.region for p in kb.programs}
    assert {"us-east", "us-west", "us-midwest", "us-south", "canada", "uk", "europe", "asia"} <= regions
    assert {"online", "on-campus"} <= {p.format for p in kb.programs}


def test_seed_programs_are_present(kb: Knowledge) -> None:
    schools = " | ".join(p.school for p in kb.programs)
    for school in (
        "Carnegie Mellon",
        "Massachusetts Institute of Technology",
        "Stanford",
        "Berkeley",
        "Illinois",
        "Michigan",
        "Toronto",
        "ETH Z",
        "Imperial",
        "Georgia Institute of Technology",
        "Texas at Austin",
        "Johns Hopkins",
        "Columbia",
        "University College London",
        "Edinburgh",
        "Cambridge",
    ):
        assert school in schools, school


def test_tuition_in_dollars_uses_the_dated_rate(kb: Knowledge) -> None:
    priced = [p for p in kb.programs if p.tuition and p.tuition.total is not None]
    assert priced
    for p in priced:
        assert p.tuition is not None and p.tuition.rate is not None and p.tuition.total is not None
        assert p.tuition_usd == round(p.tuition.total * p.tuition.rate.usd_per_unit)


def test_every_rate_is_dated_and_sourced(kb: Knowledge) -> None:
    for rate in kb.rates:
        assert rate.currency == "USD" or rate.source, rate.currency


def test_shipped_faq_phrasings_point_at_their_own_topic(kb: Knowledge) -> None:
    from advisor.kb.lint import faq_warnings
    from advisor.kb.load import check
    from advisor.understanding.answering import Asker

    _, docs, _ = check(ROOT / "knowledge")
    assert [str(w) for w in faq_warnings(Asker(kb), docs["faqs.yaml"])] == []
