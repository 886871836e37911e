"""The exported summary: golden files for each format, safe writes, escaping, a real browser."""

from __future__ import annotations

import datetime as dt
import json
import os
import shutil
import subprocess
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURE_KB, ROOT

from advisor.domain.errors import ExportError
from advisor.domain.profile import Profile
from advisor.kb.load import load_knowledge
from advisor.output.exports import Summary, build_summary, export, render_summary

GOLDEN = ROOT / "tests" / "golden"
WHEN = dt.datetime(2026, 11, 21, 9, 30)
PROFILE = Profile(
    field="social-science-humanities",
    programming="basic",
    math="none",
    goal="career-change",
    interests=("nlp",),
    budget_usd=45000,
    budget_known=True,
    format="any",
    pace="any",
    region="any",
)


@pytest.fixture(scope="module")
def summary() -> Summary:
    # A fixed knowledge version: the fixture folder uses the shipped FAQ model, whose refits
    # would otherwise change every golden file.
    kb = replace(load_knowledge(FIXTURE_KB), version="f1x7u2e0kb00")
    return build_summary(PROFILE, kb, ("gre",), WHEN)


@pytest.mark.parametrize(
    "fmt, name", [("markdown", "summary.md"), ("html", "summary.html"), ("json", "summary.json")]
)
def test_export_matches_its_golden_file(
    summary: Summary,
    fmt: str,
    name: str,
    request: pytest.FixtureRequest,
) -> None:
    text = render_summary(summary, fmt)
    golden = GOLDEN / name
    if request.config.getoption("--update-golden"):
        golden.write_text(text, encoding="utf-8")
    assert text == golden.read_text(encoding="utf-8")


def test_json_export_has_what_it_documents(summary: Summary) -> None:
    data = json.loads(render_summary(summary, "json"))
    assert set(data) >= {
        "format_version",
        "generated_at",
        "advisor_version",
        "knowledge_version",
        "profile",
        "recommendations",
        "preparation",
        "faqs_asked",
    }
    first = data["recommendations"][0]
    assert {"id", "score", "reasons", "caveats", "tuition_usd", "sources"} <= set(first)
    assert all("retrieved" in s for s in first["sources"])
    assert data["faqs_asked"][0]["id"] == "gre"


def test_never_overwrites_without_force(summary: Summary, tmp_path: Path) -> None:
    path = tmp_path / "mine.md"
    path.write_text("my own notes")
    with pytest.raises(ExportError, match="already exists; use --force"):
        export(summary, path)
    assert path.read_text() == "my own notes"
    export(summary, path, force=True)
    assert path.read_text().startswith("# Your ML master's shortlist")


def test_read_only_disk_leaves_no_file(
    summary: Summary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import tempfile

    def read_only(*args: object, **kwargs: object) -> None:
        raise OSError(30, "Read-only file system")

    monkeypatch.setattr(tempfile, "mkstemp", read_only)
    with pytest.raises(ExportError, match="the disk is read-only; nothing was written"):
        export(summary, tmp_path / "s.html")
    assert list(tmp_path.iterdir()) == []


def test_a_failed_write_leaves_no_partial_file(
    summary: Summary,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    def full_disk(fd: int) -> None:
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(os, "fsync", full_disk)
    with pytest.raises(ExportError, match="the disk is full; nothing was written"):
        export(summary, tmp_path / "s.json")
    assert list(tmp_path.iterdir()) == []


def test_unknown_ending_and_missing_folder_are_explained(summary: Summary, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="end it in .md, .html or .json"):
        export(summary, tmp_path / "s.txt")
    with pytest.raises(ExportError, match="does not exist"):
        export(summary, tmp_path / "nowhere" / "s.md")


def test_html_escapes_everything_it_shows(summary: Summary) -> None:
    from dataclasses import replace

    evil = replace(summary.faqs[0], question="<script>alert(1)</script>", answer="a <b>bold</b> claim")
    text = render_summary(replace(summary, faqs=(evil,)), "html")
    assert "<script>alert(1)" not in text and "&lt;script&gt;alert(1)&lt;/script&gt;" in text
    assert "<b>bold</b>" not in text
    assert "<link" not in text and 'src="http' not in text  # self-contained: no external assets


CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser")


@pytest.mark.skipif(CHROMIUM is None, reason="Debian's chromium is not installed (.ci/run installs it)")
def test_html_renders_and_prints_in_a_real_browser(summary: Summary, tmp_path: Path) -> None:
    page = tmp_path / "summary.html"
    export(summary, page)
    assert CHROMIUM is not None
    flags = [
        CHROMIUM,
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
    ]
    dom = subprocess.run([*flags, "--dump-dom", page.as_uri()], capture_output=True, text=True, timeout=120)
    for pick in summary.recommendation.picks:
        assert pick.program.name in dom.stdout
    pdf = tmp_path / "summary.pdf"
    subprocess.run([*flags, f"--print-to-pdf={pdf}", page.as_uri()], capture_output=True, timeout=120)
    assert pdf.read_bytes()[:5] == b"%PDF-" and pdf.stat().st_size > 1000
