"""Saving and resuming a conversation in the user's data directory.

Writes are atomic (temporary file + rename). A saved session that cannot be read, or that
is not a state the advisor could have written (checked against the profile spec), is moved
aside (never deleted: each broken copy is kept, dated) and a new conversation starts.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import stat
import time
from collections.abc import Mapping
from dataclasses import asdict
from pathlib import Path
from typing import Any

from advisor.conversation import CHEAPEST, PHASES, SKIP, Event, State
from advisor.domain import SETS, SLOTS
from advisor.storage import atomic_write, data_dir

FORMAT = 1
MAX_BYTES = 2_000_000  # a long conversation is a few tens of kilobytes
MAX_EVENTS = 10_000
MAX_TEXT = 200  # the longest id or slot value a state holds
STALE_SECONDS = 3600  # a temporary file this old was left by a save that was killed


def session_path() -> Path:
    return data_dir() / "session.json"


def history_path() -> Path:
    return data_dir() / "history.txt"


def to_json(state: State) -> dict[str, Any]:
    data = asdict(state)
    data["events"] = [asdict(e) for e in state.events]
    return {"format": FORMAT, "state": data}


class BrokenSession(ValueError):
    pass


def _check(ok: bool, what: str) -> None:
    if not ok:
        raise BrokenSession(what)


def _count(value: Any, what: str, low: int = 0) -> int:
    _check(type(value) is int and low <= value <= 10**9, f"{what} is not a count")
    return int(value)


def _text(value: Any, what: str) -> str:
    _check(isinstance(value, str) and 0 < len(value) <= MAX_TEXT, f"{what} is not a short text")
    return str(value)


def _value(slot: str, value: Any, spec: Mapping[str, Any]) -> Any:
    """An event's value, as the engine could have set it (spec: the profile's slots)."""
    if slot == CHEAPEST:
        _check(isinstance(value, bool), "the cheapest flag is not true or false")
    elif slot == SKIP:
        _check(value in SLOTS, f"skipped slot {value!r} is not a slot")
    elif slot == "budget_usd":
        _check(
            value is None or (type(value) in (int, float) and 0 <= value < 1e12),
            "the budget is not an amount",
        )
    elif slot in SETS:
        _check(isinstance(value, list) and len(value) <= 50, f"{slot} is not a list")
        allowed = spec.get(SETS[slot], {}).get("values")
        for item in value:
            _check(
                isinstance(item, str) and (allowed is None or item in allowed),
                f"{slot} {item!r} is not one of the spec's values",
            )
    elif slot == "interests":
        _check(isinstance(value, list) and len(value) <= 50, "interests are not a list")
        allowed = spec.get("interests", {}).get("values")
        for item in value:
            _check(
                isinstance(item, str) and (allowed is None or item in allowed),
                f"interest {item!r} is not one of the spec",
            )
    else:
        allowed = spec.get(slot, {}).get("values")
        _check(
            value is None or (isinstance(value, str) and (allowed is None or value in allowed)),
            f"{slot} {value!r} is not one of the spec's values",
        )
    return value


def from_json(data: Any, spec: Mapping[str, Any] | None = None) -> State:
    """The state in `data`, every field checked; BrokenSession says what is wrong."""
    spec = spec or {}
    _check(isinstance(data, dict), "not a saved conversation")
    _check(data.get("format") == FORMAT, "unknown session format")
    s = data.get("state")
    _check(isinstance(s, dict), "no state")
    events = s.get("events")
    _check(isinstance(events, list) and len(events) <= MAX_EVENTS, "events are not a short list")
    parsed = []
    for e in events:
        _check(isinstance(e, dict) and {"turn", "slot", "value"} <= set(e), "an event is broken")
        slot = e["slot"]
        _check(slot in SLOTS or slot in SETS or slot in (SKIP, CHEAPEST), f"unknown slot {slot!r}")
        parsed.append(Event(_count(e["turn"], "an event's turn"), slot, _value(slot, e["value"], spec)))
    asking = s.get("asking")
    _check(asking is None or asking in SLOTS, f"unknown question {asking!r}")
    _check(s.get("phase") in PHASES, "unknown phase")
    faqs = s.get("faqs", [])
    _check(isinstance(faqs, list) and len(faqs) <= MAX_EVENTS, "the FAQs asked are not a list")
    return State(
        turn=_count(s.get("turn"), "the turn"),
        events=tuple(parsed),
        asking=asking,
        misses=_count(s.get("misses", 0), "misses"),
        phase=s["phase"],
        faqs=tuple(_text(f, "an FAQ id") for f in faqs),
        limit=_count(s.get("limit", 5), "the limit", low=1),
        guess=_guess(s.get("guess"), spec),
    )


def _guess(value: Any, spec: Mapping[str, Any]) -> tuple[str, Any] | None:
    """The reading the advisor asked the person to confirm, if any."""
    if value is None:
        return None
    _check(isinstance(value, list) and len(value) == 2 and value[0] in SLOTS, "the guess is broken")
    return (str(value[0]), _value(str(value[0]), value[1], spec))


def save(state: State, path: Path | None = None) -> None:
    path = path or session_path()
    atomic_write(path, json.dumps(to_json(state)))
    sweep(path)


def sweep(path: Path) -> None:
    """Remove temporary files of this session left by saves that were killed (SIGKILL, power
    loss): a save takes milliseconds, so one an hour old is nobody's."""
    try:
        for tmp in path.parent.glob(f".{path.name}.*.tmp"):
            if time.time() - tmp.lstat().st_mtime > STALE_SECONDS:
                tmp.unlink(missing_ok=True)
    except OSError:
        pass


def _read(path: Path) -> Any:
    if not stat.S_ISREG(os.stat(path).st_mode):  # a FIFO would hang the advisor
        raise BrokenSession("not a regular file")
    with open(path, "rb") as f:
        raw = f.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise BrokenSession(f"larger than {MAX_BYTES:,} bytes")
    try:
        return json.loads(raw.decode("utf-8"))
    except RecursionError:
        raise BrokenSession("nested too deeply") from None


def _aside(path: Path) -> Path | None:
    """Move the broken file to a dated name that no earlier broken copy has; None if another
    advisor moved it first."""
    stamp = dt.datetime.now().strftime("%Y%m%d-%H%M%S")
    for n in range(1000):
        aside = path.with_name(f"{path.name}.broken-{stamp}" + (f"-{n}" if n else ""))
        if os.path.lexists(aside):
            continue
        try:
            os.replace(path, aside)
        except FileNotFoundError:
            return None  # moved (or removed) by another advisor at the same moment
        return aside
    raise OSError(f"too many broken copies of {path}")


def load(
    path: Path | None = None,
    spec: Mapping[str, Any] | None = None,
) -> tuple[State | None, str | None]:
    """The saved state, or None; and a message when a broken file was moved aside.
    `spec` (the profile's slots) is what the saved values are checked against."""
    path = path or session_path()
    sweep(path)
    try:
        return from_json(_read(path), spec), None
    except FileNotFoundError:
        return None, None
    except (OSError, ValueError) as exc:  # UnicodeDecodeError and JSONDecodeError are ValueErrors
        reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
        try:
            aside = _aside(path)
        except OSError as move:
            return None, (
                f"your saved conversation could not be read ({reason}) nor moved aside "
                f"({move.strerror or move}); a new one starts"
            )
        kept = f"; it was kept as {aside}" if aside else ""
        return None, f"your saved conversation could not be read ({reason}){kept}"
