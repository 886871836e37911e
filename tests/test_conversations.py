"""Conversations as data: tests/conversations/*.yaml, each a person's turns and what must hold.

Each step may check: `asks` (the slot asked next), `profile` (slots, as in the JSON contract),
`profile_between` (a number within [low, high]), `says` / `not_says` (words in the reply,
case-insensitive), `faq` (the FAQ answered on the way) and `phase`.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest
import yaml

from advisor.conversation.engine import Dialogue, respond, start
from advisor.domain.records import Knowledge
from advisor.output.rendering import clean
from advisor.output.turn_text import render_turn

CASES = sorted((Path(__file__).parent / "conversations").glob("*.yaml"))


@pytest.fixture(scope="module")
def dialogue(kb: Knowledge) -> Dialogue:
    return Dialogue.build(kb)


def load(path: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = yaml.safe_load(path.read_text(encoding="utf-8"))
    return loaded


@pytest.mark.parametrize("path", CASES, ids=[load(p)["name"] for p in CASES])
def test_conversation(dialogue: Dialogue, path: Path) -> None:
    state = start(dialogue).state
    for number, step in enumerate(load(path)["steps"], start=1):
        turn = respond(dialogue, state, str(step["user"]))
        state = turn.state
        text = clean(render_turn(dialogue, state, turn.reply))
        where = f"step {number} ({step['user']!r}) replied:\n{text}"
        profile = state.profile.as_json()
        if "asks" in step:
            assert state.asking == step["asks"], where
        for slot, want in (step.get("profile") or {}).items():
            assert profile[slot] == want, f"{slot}={profile[slot]!r}, want {want!r}; {where}"
        for slot, (low, high) in (step.get("profile_between") or {}).items():
            assert profile[slot] is not None and low <= profile[slot] <= high, where
        for words in step.get("says") or []:
            assert words.casefold() in text.casefold(), f"{words!r} missing; {where}"
        for words in step.get("not_says") or []:
            assert words not in text, f"{words!r} echoed; {where}"
        if "faq" in step:
            answer = turn.reply.answer
            assert answer is not None and answer.faq is not None and answer.faq.id == step["faq"], where
        if "phase" in step:
            assert state.phase == step["phase"], where


def test_there_are_enough_conversations() -> None:
    assert len(CASES) >= 25
