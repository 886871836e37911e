"""Saving and resuming a conversation in the user's data directory.

Writes are atomic (temporary file + rename). A saved session that cannot be read is moved
aside (never deleted) and a new conversation starts.
"""

from __future__ import annotations

import json
import os
from dataclasses import asdict
from pathlib import Path
from typing import Any

from advisor.engine import Event, State
from advisor.files import atomic_write
from advisor.places import data_dir

FORMAT = 1


def session_path() -> Path:
    return data_dir() / "session.json"


def history_path() -> Path:
    return data_dir() / "history.txt"


def to_json(state: State) -> dict[str, Any]:
    data = asdict(state)
    data["events"] = [asdict(e) for e in state.events]
    return {"format": FORMAT, "state": data}


def from_json(data: dict[str, Any]) -> State:
    if data.get("format") != FORMAT:
        raise ValueError("unknown session format")
    s = data["state"]
    events = tuple(Event(int(e["turn"]), str(e["slot"]), e["value"]) for e in s["events"])
    return State(turn=int(s["turn"]), events=events, asking=s["asking"], misses=int(s["misses"]),
                 phase=str(s["phase"]), faqs=tuple(s["faqs"]),
                 guess=(str(s["guess"][0]), s["guess"][1]) if s.get("guess") else None)


def save(state: State, path: Path | None = None) -> None:
    atomic_write(path or session_path(), json.dumps(to_json(state)))


def load(path: Path | None = None) -> tuple[State | None, str | None]:
    """The saved state, or None; and a message when a broken file was moved aside."""
    path = path or session_path()
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        return None, None
    try:
        return from_json(json.loads(text)), None
    except (ValueError, KeyError, TypeError) as exc:
        aside = path.with_name(f"{path.name}.broken")
        os.replace(path, aside)
        return None, f"your saved conversation could not be read ({exc}); it was kept as {aside}"
