"""The chat at the edges: prompt-toolkit with pipe input, a real pty, piped lines, sessions."""

from __future__ import annotations

import io
import json
import os
import subprocess
import sys
from pathlib import Path

import pexpect
import pytest
from prompt_toolkit.input import create_pipe_input
from prompt_toolkit.output import DummyOutput

from advisor import session
from advisor.conversation.engine import Dialogue, start
from advisor.domain.records import Knowledge
from advisor.output.turn_text import render_turn
from advisor.terminal import chat, prompt_lines, toolbar_commands


@pytest.fixture
def data_dir(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    monkeypatch.setenv("ADVISOR_DATA_DIR", str(tmp_path / "data"))
    return tmp_path / "data"


def env(data_dir: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "ADVISOR_DATA_DIR": str(data_dir),
    }


def test_prompt_toolkit_session_reads_typed_lines(kb: Knowledge, data_dir: Path) -> None:
    d = Dialogue.build(kb)
    out = io.StringIO()
    with create_pipe_input() as pipe:
        pipe.send_text("I studied economics\rsome python\r\x04")  # Ctrl-D ends the chat

        def typed(state_of):  # type: ignore[no-untyped-def]
            return prompt_lines(d, state_of, None, pt_input=pipe, pt_output=DummyOutput())

        state = chat(d, lambda t: render_turn(d, t.state, t.reply), out, lines=typed)
    assert state.profile.field == "business-economics"
    assert state.profile.programming == "basic"
    opening = start(d)
    assert out.getvalue().startswith(render_turn(d, opening.state, opening.reply).rstrip())


def test_piped_lines_work_without_a_terminal(data_dir: Path) -> None:
    done = subprocess.run(
        [sys.executable, "-m", "advisor"],
        input="physics degree\nquit\n",
        capture_output=True,
        text=True,
        env=env(data_dir),
        timeout=60,
    )
    assert done.returncode == 0, done.stderr
    assert "Got it: background natural science" in done.stdout
    assert "Goodbye" in done.stdout
    assert "Traceback" not in done.stderr and "terminal" not in done.stderr.lower()


def test_whole_conversation_in_a_real_terminal_then_resume(data_dir: Path) -> None:
    child = pexpect.spawn(
        sys.executable,
        ["-m", "advisor"],
        env=env(data_dir),
        encoding="utf-8",
        timeout=30,
        dimensions=(40, 120),
    )
    try:
        child.expect("What did you study|your background")
        for line, expected in [
            ("electrical engineer, good at python and math", "What do you want|hoping"),
            ("an industry job", "areas|topics"),
            ("computer vision and deep learning", "tuition"),
            ("max 30k", "online, on campus|online program"),
            ("online", "Full-time or part-time|full-time, or part-time"),
            ("part time", "look for programs"),
        ]:
            child.sendline(line)
            child.expect(expected)
        child.sendline("/quit")
        child.expect(pexpect.EOF)
    finally:
        child.close()
    saved = json.loads(session.session_path().read_text())
    assert saved["state"]["phase"] == "confirm"
    resumed = subprocess.run(
        [sys.executable, "-m", "advisor", "chat", "--resume"],
        input="",
        capture_output=True,
        text=True,
        env=env(data_dir),
        timeout=60,
    )
    assert "computer vision" in resumed.stdout and "up to $30,000" in resumed.stdout


def test_a_broken_saved_session_is_kept_aside_and_a_new_one_starts(data_dir: Path, kb: Knowledge) -> None:
    data_dir.mkdir(parents=True)
    (data_dir / "session.json").write_text('{"format": 1, "state": {"turn": ')
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "chat", "--resume"],
        input="",
        capture_output=True,
        text=True,
        env=env(data_dir),
        timeout=60,
    )
    assert done.returncode == 0
    assert "could not be read" in done.stdout and "session.json.broken" in done.stdout
    (kept,) = data_dir.glob("session.json.broken-*")  # dated, so a later one never replaces it
    assert kept.read_text().startswith('{"format": 1')
    d = Dialogue.build(kb)
    opening = start(d)
    first_question = render_turn(d, opening.state, opening.reply).strip().splitlines()[-1]
    assert first_question in done.stdout  # and then the interview starts afresh


def test_session_round_trip(data_dir: Path, kb: Knowledge) -> None:
    from advisor.conversation.engine import respond

    d = Dialogue.build(kb)
    state = respond(d, start(d).state, "CS, strong coder, nlp and robotics, under 40k").state
    session.save(state)
    loaded, problem = session.load()
    assert problem is None and loaded == state


def test_folding_prose_to_the_terminal_never_splits_a_url(monkeypatch: pytest.MonkeyPatch) -> None:
    import shutil

    from advisor.terminal import _wrapped

    url = (
        "https://studentservices.stanford.edu/tuition-rates/2025-2026-graduate-and-professional-tuition-rates"
    )
    monkeypatch.setattr(shutil, "get_terminal_size", lambda *a, **k: os.terminal_size((60, 24)))
    shown = _wrapped(lambda turn: f"The figure comes from {url} and was read on 2026-11-21.")(None)  # type: ignore[arg-type]
    assert url in shown.splitlines()
    assert all(len(line) <= 60 or line == url for line in shown.splitlines())


def test_the_toolbar_shows_the_commands_dialogue_yaml_names(kb: Knowledge) -> None:
    shown = toolbar_commands(kb.dialogue)
    assert len(shown) == len(kb.dialogue["toolbar"]) >= 5
    for name, phrase in zip(kb.dialogue["toolbar"], shown, strict=True):
        assert phrase.startswith("/") and phrase in kb.dialogue["commands"][name]
    # the data decides: another order, another toolbar
    swapped = {**kb.dialogue, "toolbar": ["quit", "help"]}
    assert toolbar_commands(swapped) == ["/quit", "/help"]
