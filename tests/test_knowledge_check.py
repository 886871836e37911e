"""`advisor kb check` and loading: every broken file is named with its line and field."""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from conftest import ROOT

from advisor.cli import main
from advisor.domain.errors import KnowledgeError
from advisor.kb.load import check, load_knowledge


def edit(path: Path, old: str, new: str) -> None:
    text = path.read_text(encoding="utf-8")
    assert old in text, f"{old!r} not in {path}"
    path.write_text(text.replace(old, new, 1), encoding="utf-8")


def only_problem(root: Path) -> str:
    problems, _, _ = check(root)
    assert len(problems) == 1, [str(p) for p in problems]
    return str(problems[0])


def test_the_fixture_folder_is_clean(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    assert main(["kb", "check", str(kb_copy)]) == 0
    out = capsys.readouterr().out
    assert out.splitlines()[-1].startswith("ok: 2 programs, 2 FAQs")
    assert "warning" not in out


def test_duplicate_program_id(kb_copy: Path) -> None:
    (kb_copy / "programs" / "example-msml.yaml").rename(kb_copy / "programs" / "copy.yaml")
    edit(kb_copy / "programs" / "example-online.yaml", "id: example-online", "id: example-msml")
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any("example-online.yaml:1: id: duplicate id 'example-msml'" in p for p in problems)
    assert any("copy.yaml:1: id: duplicate id 'example-msml'" in p for p in problems)


def test_duplicate_faq_id(kb_copy: Path) -> None:
    edit(kb_copy / "faqs.yaml", "- id: cost", "- id: gre")
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any(p.endswith("faqs.yaml:11: faqs[1].id: duplicate id 'gre'") for p in problems)


def test_missing_required_field(kb_copy: Path) -> None:
    edit(kb_copy / "programs" / "example-msml.yaml", "city: Exampleton\n", "")
    assert only_problem(kb_copy).endswith("example-msml.yaml:1: city: required field is missing")


def test_missing_nested_field_points_at_its_parent(kb_copy: Path) -> None:
    edit(kb_copy / "programs" / "example-msml.yaml", "  currency: USD\n", "")
    assert "example-msml.yaml:16: tuition.currency: required field is missing" in only_problem(kb_copy)


def test_bad_enum_value(kb_copy: Path) -> None:
    edit(kb_copy / "programs" / "example-msml.yaml", "format: on-campus", "format: in-person")
    message = only_problem(kb_copy)
    assert (
        "example-msml.yaml:11: format: 'in-person' is not one of: 'online', 'on-campus', 'hybrid', null"
        in message
    )


def test_region_and_interest_come_from_the_profile_spec(kb_copy: Path) -> None:
    path = kb_copy / "programs" / "example-msml.yaml"
    edit(path, "region: us-east", "region: mars")
    edit(path, "specializations: [nlp, deep-learning]", "specializations: [nlp, knitting]")
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any("example-msml.yaml:9: region: 'mars' is not one of" in p for p in problems)
    assert any("example-msml.yaml:27: specializations[1]: 'knitting'" in p for p in problems)


def test_dangling_related_id(kb_copy: Path) -> None:
    edit(kb_copy / "faqs.yaml", "related: [cost]", "related: [costs]")
    assert only_problem(kb_copy).endswith("faqs.yaml:8: faqs[0].related[0]: no FAQ has the id 'costs'")


def test_yaml_syntax_error(kb_copy: Path) -> None:
    edit(kb_copy / "programs" / "example-online.yaml", "pace: part-time", "pace: [part-time")
    message = only_problem(kb_copy)
    assert "example-online.yaml:1" in message and "YAML syntax error" in message


def test_unknown_field(kb_copy: Path) -> None:
    edit(kb_copy / "programs" / "example-online.yaml", "notes: null", "notes: null\nranking: 1")
    assert only_problem(kb_copy).endswith("example-online.yaml:31: ranking: unknown field")


def test_wrong_type(kb_copy: Path) -> None:
    edit(kb_copy / "programs" / "example-online.yaml", "total: 10000", "total: ten thousand")
    message = only_problem(kb_copy)
    assert "example-online.yaml:17: tuition.total:" in message and "not of type" in message


def test_missing_file(kb_copy: Path) -> None:
    (kb_copy / "faqs.yaml").unlink()
    assert only_problem(kb_copy).endswith("faqs.yaml: file is missing")


def test_a_program_needs_a_source(kb_copy: Path) -> None:
    path = kb_copy / "programs" / "example-online.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("sources:")] + "sources: []\n", encoding="utf-8")
    assert "example-online.yaml:31: sources:" in only_problem(kb_copy)


def test_currency_without_a_rate(kb_copy: Path) -> None:
    edit(kb_copy / "programs" / "example-online.yaml", "currency: EUR", "currency: GBP")
    assert only_problem(kb_copy).endswith(
        "example-online.yaml:18: tuition.currency: no conversion rate for GBP in "
        f"{kb_copy / 'currency_rates.yaml'}"
    )


def test_not_utf8(kb_copy: Path) -> None:
    (kb_copy / "faqs.yaml").write_bytes(b"faqs:\n  - id: caf\xe9\n")
    assert "faqs.yaml: not UTF-8 text" in only_problem(kb_copy)


def test_yaml_is_loaded_safely(kb_copy: Path) -> None:
    edit(kb_copy / "faqs.yaml", "faqs:", "boom: !!python/object/apply:os.system ['echo pwned']\nfaqs:")
    assert "YAML syntax error" in only_problem(kb_copy)


def test_kb_check_prints_every_problem_and_fails(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(kb_copy / "programs" / "example-msml.yaml", "format: on-campus", "format: in-person")
    edit(kb_copy / "faqs.yaml", "related: [cost]", "related: [costs]")
    assert main(["kb", "check", str(kb_copy)]) == 1
    out = capsys.readouterr().out.splitlines()
    assert out[-1].startswith("2 problems in")
    assert all(":" in line for line in out[:-1])


def test_any_command_stops_on_broken_knowledge_with_the_same_message(
    kb_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(kb_copy / "faqs.yaml", "related: [cost]", "related: [costs]")
    with pytest.raises(KnowledgeError) as caught:
        load_knowledge(kb_copy)
    assert "faqs[0].related[0]: no FAQ has the id 'costs'" in str(caught.value)


def test_a_missing_knowledge_folder_is_named(tmp_path: Path, capsys: pytest.CaptureFixture[str]) -> None:
    missing = tmp_path / "nowhere"
    assert main(["--knowledge", str(missing), "kb", "check"]) == 3
    assert f"advisor: {missing}: is not a knowledge folder" in capsys.readouterr().err


def test_kb_check_warns_about_phrasings_that_point_elsewhere(
    kb_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(
        kb_copy / "faqs.yaml",
        "alternates: [what is the tuition, how expensive is it]",
        "alternates: [what is the tuition, how expensive is it, gre waiver]",
    )
    assert main(["kb", "check", str(kb_copy)]) == 0  # warnings do not fail the check
    out = capsys.readouterr().out
    assert "warning: " in out and "faqs.yaml:13: faqs[1].alternates[2]" in out
    assert "'gre waiver' collides with 'gre'" in out


def test_ask_with_broken_knowledge_names_the_problem_not_a_traceback(
    kb_copy: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    edit(kb_copy / "programs" / "example-msml.yaml", "pace: full-time", "pace: sometimes")
    assert main(["--knowledge", str(kb_copy), "ask", "do I need the GRE?"]) == 3
    err = capsys.readouterr().err
    assert "example-msml.yaml:12: pace: 'sometimes' is not one of" in err
    assert "Traceback" not in err


NEW_FIELDS = """\
  per_unit: {amount: 600, unit: credit-hour, units: 32}
  range: {min: 18000, max: 21000}
  others:
    - total: 4000
      currency: EUR
      year: "2025"
      basis: published EU fee
      applies_to: eu
funding:
  - kind: scholarships
    text: Merit scholarships cover part of the fee.
    url: https://example.org/funding
eligibility:
  restriction: own-undergraduates
  text: Only Example Tech undergraduates may apply.
"""


def with_new_fields(kb_copy: Path) -> Path:
    path = kb_copy / "programs" / "example-online.yaml"
    edit(path, "  applies_to: all\n", "  applies_to: all\n" + NEW_FIELDS)
    edit(path, "supports: [tuition]", "supports: [tuition, funding, eligibility]")
    edit(path, "  total: 10000", "  total: null")
    return path


def test_per_unit_others_funding_and_eligibility_are_read(kb_copy: Path) -> None:
    with_new_fields(kb_copy)
    assert check(kb_copy)[0] == []
    program = load_knowledge(kb_copy).program("example-online")
    assert program is not None and program.tuition is not None
    assert program.tuition.total == 600 * 32 and program.tuition.computed
    assert program.tuition.range == (18000, 21000)
    assert [(o.applies_to, o.total) for o in program.tuition.others] == [("eu", 4000)]
    assert [f.kind for f in program.funding] == ["scholarships"]
    assert program.eligibility is not None and program.eligibility.restriction == "own-undergraduates"


def test_new_fields_need_their_sources_and_real_urls(kb_copy: Path) -> None:
    path = with_new_fields(kb_copy)
    edit(path, "supports: [tuition, funding, eligibility]", "supports: [tuition]")
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any("funding: needs a source whose `supports` lists funding" in p for p in problems)
    assert any("eligibility: needs a source whose `supports` lists eligibility" in p for p in problems)
    edit(path, "url: https://example.org/funding", "url: example.org/funding")
    assert any("funding[0].url" in str(p) for p in check(kb_copy)[0])


def test_bad_unit_and_fee_status(kb_copy: Path) -> None:
    path = with_new_fields(kb_copy)
    edit(path, "unit: credit-hour", "unit: fortnight")
    assert "tuition.per_unit.unit: 'fortnight' is not one of" in only_problem(kb_copy)
    edit(path, "unit: fortnight", "unit: credit-hour")
    edit(path, "applies_to: eu", "applies_to: martians")
    assert "tuition.others[0].applies_to: 'martians' is not one of" in only_problem(kb_copy)


def test_stale_figures_are_listed_as_warnings(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    edit(kb_copy / "programs" / "example-online.yaml", 'year: "2025"', 'year: "2014-15"')
    assert main(["kb", "check", str(kb_copy)]) == 0
    out = capsys.readouterr().out
    assert (
        "warning: " in out
        and "example-online.yaml:19: tuition.year: the 2014-15 figure is "
        "more than 3 years older than the newest (2025)"
        in out
    )
    assert "1 with a stale figure" in out
    program = load_knowledge(kb_copy).program("example-online")
    assert program is not None and program.tuition is not None and program.tuition.stale


def test_the_fee_rules_name_residencies_of_the_profile(kb_copy: Path) -> None:
    ranking = (ROOT / "knowledge" / "ranking.yaml").read_text(encoding="utf-8")
    (kb_copy / "ranking.yaml").write_text(
        ranking.replace("residency: canada", "residency: mars"), encoding="utf-8"
    )
    profile = (ROOT / "knowledge" / "profile.yaml").read_text(encoding="utf-8")
    (kb_copy / "profile.yaml").write_text(profile, encoding="utf-8")
    problem = only_problem(kb_copy)
    assert "ranking.yaml:" in problem
    assert "fee_status.rules[2].residency: 'mars' is not one of: canada, eu, other, uk, us" in problem


def test_old_validations_are_swept_and_the_new_one_is_kept(  # type: ignore[no-untyped-def]
    kb_copy, tmp_path, monkeypatch
) -> None:
    from advisor.kb.load import KEPT_VALIDATIONS, load_knowledge

    cache = tmp_path / "cache"
    cache.mkdir()
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(cache))
    for k in range(KEPT_VALIDATIONS + 5):
        old = cache / f"validated-0.0.0-{k:012d}"
        old.write_text("stale", encoding="utf-8")
        os.utime(old, ns=(k * 10**9, k * 10**9))
    (cache / "validated-a-folder").mkdir()  # not a file: left alone
    load_knowledge(kb_copy)
    left = sorted(p.name for p in cache.glob("validated-*") if p.is_file())
    assert len(left) == KEPT_VALIDATIONS + 1  # the newest old ones, and the one just written
    assert "validated-0.0.0-000000000000" not in left
    assert f"validated-0.0.0-{KEPT_VALIDATIONS + 4:012d}" in left
    assert (cache / "validated-a-folder").is_dir()
    assert load_knowledge(kb_copy).version  # the kept validation is read back
