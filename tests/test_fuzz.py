"""Thousands of random turns: no exception, a valid profile, a reply, nothing raw echoed."""

from __future__ import annotations

import re

from hypothesis import HealthCheck, given, settings, strategies as st

from advisor.conversation.engine import Dialogue, State, respond, start
from advisor.domain.records import Knowledge
from advisor.output.rendering import clean
from advisor.output.turn_text import render_turn
from advisor.understanding.text import fold, normalize

COMMANDS = [
    "back",
    "/back",
    "skip",
    "restart",
    "help",
    "/profile",
    "why?",
    "/recommend",
    "yes",
    "no",
    "show me more",
    "why not stanford",
    "compare the top two",
    "2",
    "",
    "/export"[:-1],
    "doesn't matter",
    "CS grad online under 30k",
    "I'm a nurse",
    "€30.000",
    "actually 40k",
    "is omscs any good?",
    "do I need the GRE?",
]
ANSI = ["\x1b[31m", "\x1b[2J", "\x1b]0;title\x07", "\x07", "\x00", "\r", "\x1b[?25l", "\x9b1m"]
RAW = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f]")

turn_text = st.one_of(
    st.sampled_from(COMMANDS),
    st.text(max_size=80),
    st.text(alphabet=st.characters(categories=["So", "Cc", "Zs", "Lo", "Mn"]), max_size=40),
    st.lists(st.sampled_from(ANSI + COMMANDS), max_size=6).map("".join),
    st.integers(min_value=1, max_value=1_100_000).map(lambda n: "x" * n),
)


def check_state(kb: Knowledge, state: State) -> None:
    profile = state.profile.as_json()
    slots = kb.profile_slots
    for slot in ("field", "programming", "math", "goal", "format", "pace", "region"):
        assert profile[slot] is None or profile[slot] in slots[slot]["values"], (slot, profile)
    assert set(profile["interests"]) <= set(slots["interests"]["values"])
    assert profile["budget_usd"] is None or profile["budget_usd"] >= 0
    assert state.phase in ("interview", "confirm", "done")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(turns=st.lists(turn_text, min_size=1, max_size=20))
def test_random_conversations_never_break(kb: Knowledge, turns: list[str]) -> None:
    d = _dialogue(kb)
    state = start(d).state
    for text in turns:
        turn = respond(d, state, text)
        state = turn.state
        check_state(kb, state)
        shown = clean(render_turn(d, state, turn.reply))
        assert shown.strip(), f"empty reply to {text[:60]!r}"
        assert "\x1b" not in shown and not RAW.search(shown.replace("\n", ""))


_CACHE: dict[int, Dialogue] = {}


def _dialogue(kb: Knowledge) -> Dialogue:
    return _CACHE.setdefault(id(kb), Dialogue.build(kb))


@given(
    text=st.one_of(
        st.text(),
        st.lists(
            st.sampled_from(
                ["ml", "masters", "ms", "cmu", "u of t", "ucl", "vs", "how long", "phd", "gatech", "x"]
            ),
            max_size=8,
        ).map(" ".join),
    )
)
def test_normalize_is_idempotent_with_the_shipped_synonyms(kb: Knowledge, text: str) -> None:
    synonyms = _dialogue(kb).asker.lexicon.synonyms
    once = normalize(text, synonyms)
    assert normalize(once, synonyms) == once
    assert fold(fold(text)) == fold(text)
