"""Faults, hostile files and odd streams: none makes the advisor crash, corrupt a file or
leak markup. Each test is named after the fault it reproduces."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from conftest import FIXTURE_KB
from test_knowledge_check import edit

from advisor.errors import ExportError
from advisor.export import build_summary, export, render_summary
from advisor.knowledge import check, load_knowledge
from advisor.profile import Profile

WHEN = dt.datetime(2026, 11, 21, 9, 30)
PROFILE = Profile(field="computer-science", programming="strong", math="strong", goal="industry",
                  budget_usd=None, budget_known=True, format="any", pace="any", region="any")
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module")
def summary():  # type: ignore[no-untyped-def]
    return build_summary(PROFILE, load_knowledge(FIXTURE_KB), ("gre",), WHEN)


def run(*args: str, data: Path, stdin: str | bytes | None = None,
        extra: dict[str, str] | None = None, **kwargs: object) -> subprocess.CompletedProcess[bytes]:
    environ = {**os.environ, "NO_COLOR": "1", "ADVISOR_DATA_DIR": str(data / "data"),
               "ADVISOR_CACHE_DIR": str(data / "cache"), **(extra or {})}
    given = stdin.encode() if isinstance(stdin, str) else stdin
    return subprocess.run([sys.executable, "-m", "advisor", *args], input=given,
                          capture_output=True, env=environ, timeout=120, **kwargs)  # type: ignore[call-overload, no-any-return]


def evil_program(summary, **changes):  # type: ignore[no-untyped-def]
    pick = summary.recommendation.picks[0]
    program = replace(pick.program, **changes)
    picks = (replace(pick, program=program), *summary.recommendation.picks[1:])
    return replace(summary, recommendation=replace(summary.recommendation, picks=picks))


# --- 1. export --force writes only over regular files ------------------------------------

def test_force_never_replaces_a_fifo(summary, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="not a regular file"):
        export(summary, fifo, force=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# --- 2. HTML and plain templates never share compiled code ---------------------------------

@pytest.mark.parametrize("first", ["markdown", "html"])
def test_html_escapes_whatever_was_exported_before(summary, tmp_path: Path,  # type: ignore[no-untyped-def]
                                                   monkeypatch: pytest.MonkeyPatch, first: str) -> None:
    from advisor.render import environment

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    pick = summary.recommendation.picks[0].program
    tuition = replace(pick.tuition, year="<img src=x onerror=alert(1)>")
    evil = evil_program(summary, tuition=tuition)
    for order in ([first, "html" if first == "markdown" else "markdown"], ["html", "markdown"]):
        environment.cache_clear()
        out = {fmt: render_summary(evil, fmt) for fmt in order}
        assert "<img" not in out["html"] and "&lt;img" in out["html"]
        assert "&lt;" not in out["markdown"].replace("&lt;img", "")  # not HTML-escaped twice
    environment.cache_clear()


# --- 3. no javascript: link is ever written ------------------------------------------------

def test_preparation_urls_must_be_web_addresses(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "knowledge", kb)
    edit(kb / "preparation.yaml", "url: https://", "url: javascript:alert(1)//")
    problems = [str(p) for p in check(kb)[0]]
    assert any("preparation.yaml:" in p and "url" in p for p in problems), problems


def test_the_renderer_links_only_web_addresses(summary) -> None:  # type: ignore[no-untyped-def]
    evil = evil_program(summary, url="javascript:alert(1)")
    for fmt in ("html", "markdown"):
        assert "javascript:" not in render_summary(evil, fmt)


# --- 4. YAML alias bombs -------------------------------------------------------------------

def test_an_alias_bomb_is_refused_quickly(kb_copy: Path) -> None:
    import time

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    (kb_copy / "faqs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    problems = [str(p) for p in check(kb_copy)[0]]
    assert time.perf_counter() - started < 2
    assert any("faqs.yaml:" in p and "too many aliases" in p for p in problems), problems
