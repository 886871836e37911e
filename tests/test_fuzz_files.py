"""Random session files and knowledge folders: each is either used or refused with a
sentence, never an exception (besides the conversation fuzzing of test_fuzz.py)."""

from __future__ import annotations

import json
import os
import shutil
import tempfile
from pathlib import Path
from typing import Any

import yaml
from conftest import FIXTURE_KB, ROOT
from hypothesis import HealthCheck, given, settings, strategies as st

from advisor.conversation.engine import Dialogue, respond
from advisor.conversation.state import State
from advisor.domain.errors import KnowledgeError
from advisor.kb.load import check, load_knowledge
from advisor.session import load, to_json

KB = load_knowledge(ROOT / "knowledge")
DIALOGUE = Dialogue.build(KB)
SLOTS = KB.profile_slots

json_values = st.recursive(
    st.none() | st.booleans() | st.integers() | st.floats(allow_nan=False) | st.text(max_size=20),
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(max_size=8), inner, max_size=4),
    max_leaves=12,
)
slot_names = st.sampled_from(
    [
        "field",
        "programming",
        "math",
        "goal",
        "interests",
        "budget_usd",
        "format",
        "pace",
        "region",
        "_skip",
        "_cheapest",
        "nonsense",
    ]
)
spec_values = st.sampled_from([v for slot in SLOTS.values() for v in slot.get("values", [])])
events = st.fixed_dictionaries(
    {
        "turn": st.integers(-2, 5) | json_values,
        "slot": slot_names,
        "value": spec_values | json_values | st.lists(spec_values),
    }
)
states = st.fixed_dictionaries(
    {
        "turn": st.integers(-1, 9) | json_values,
        "events": st.lists(events, max_size=5) | json_values,
        "asking": slot_names | st.none() | json_values,
        "misses": st.integers(-1, 3) | json_values,
        "phase": st.sampled_from(["interview", "confirm", "done", "over"]) | json_values,
        "faqs": st.lists(st.sampled_from(["gre", "cost", "x"]), max_size=3) | json_values,
        "limit": st.integers(-1, 20),
    }
)
session_bytes = st.one_of(
    st.binary(max_size=200),
    json_values.map(lambda v: json.dumps(v).encode()),
    states.map(lambda s: json.dumps({"format": 1, "state": s}).encode()),
    st.builds(lambda cut: json.dumps(to_json(State(turn=3))).encode()[:cut], st.integers(0, 200)),
)


def check_loaded(state: State) -> None:
    """A state that loads is one the engine can go on from."""
    profile = state.profile.as_json()
    for slot in ("field", "programming", "math", "goal", "format", "pace", "region"):
        assert profile[slot] is None or profile[slot] in SLOTS[slot]["values"]
    respond(DIALOGUE, state, "I studied physics")
    respond(DIALOGUE, state, "/recommend")


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(session_bytes)
def test_any_session_file_loads_or_is_moved_aside(raw: bytes) -> None:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "session.json"
        path.write_bytes(raw)
        state, problem = load(path, spec=SLOTS)
        if state is None:
            assert problem and not path.exists() and list(Path(folder).glob("session.json.broken*"))
        else:
            assert problem is None
            check_loaded(state)


def _paths(data: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    found = [path]
    if isinstance(data, dict):
        for k, v in data.items():
            found += _paths(v, (*path, k))
    elif isinstance(data, list):
        for i, v in enumerate(data):
            found += _paths(v, (*path, i))
    return found


def _set(data: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    data[path[0]] = _set(data[path[0]], path[1:], value)
    return data


KB_FILES = sorted(str(p.relative_to(FIXTURE_KB)) for p in FIXTURE_KB.rglob("*.yaml"))
yaml_values = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False)
    | st.text(max_size=30)
    | st.sampled_from(["2026-13-45", "2026-01-01", "USD", "nlp", "&a x", "*a"])
    | st.lists(st.text(max_size=5), max_size=3)
    | st.dictionaries(st.text(max_size=5), st.integers(), max_size=2)
)


@settings(
    max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.data_too_large]
)
@given(st.sampled_from(KB_FILES), st.data())
def test_any_knowledge_folder_loads_or_is_explained(name: str, data: st.DataObject) -> None:
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder) / "kb"
        shutil.copytree(FIXTURE_KB, root)
        target = root / name
        how = data.draw(st.sampled_from(["value", "cut", "bytes"]))
        if how == "value":
            doc = yaml.safe_load(target.read_text(encoding="utf-8"))
            where = data.draw(st.sampled_from(_paths(doc)))
            text = yaml.safe_dump(_set(doc, where, data.draw(yaml_values)), allow_unicode=True)
            target.write_text(text, encoding="utf-8")
        elif how == "cut":
            raw = target.read_bytes()
            target.write_bytes(raw[: data.draw(st.integers(0, len(raw)))])
        else:
            raw = target.read_bytes()
            at = data.draw(st.integers(0, len(raw)))
            target.write_bytes(raw[:at] + data.draw(st.binary(min_size=1, max_size=8)) + raw[at:])
        problems, _, _ = check(root)
        for problem in problems:
            assert str(problem)  # each names something
        old = os.environ.get("ADVISOR_CACHE_DIR")
        os.environ["ADVISOR_CACHE_DIR"] = str(Path(folder) / "cache")
        try:
            kb = load_knowledge(root)
        except KnowledgeError as exc:
            assert problems and exc.problems
        else:
            assert not problems
            from advisor.domain.profile import Profile
            from advisor.recommendation.ranking import rank_programs

            rank_programs(Profile(), kb)
        finally:
            if old is None:
                del os.environ["ADVISOR_CACHE_DIR"]
            else:
                os.environ["ADVISOR_CACHE_DIR"] = old
