"""The conversation's state and replies, as immutable values."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import TYPE_CHECKING, Any, Literal, get_args

from advisor.domain import SETS, SLOTS, Profile

if TYPE_CHECKING:
    from advisor.understanding import Answer

# The closed sets of the conversation, typed so that a misspelt kind is a type error.
Phase = Literal["interview", "confirm", "done"]
ReplyKind = Literal[
    "ask",
    "check",
    "clarify",
    "answer",
    "summary",
    "recommend",
    "help",
    "profile",
    "why",
    "why-not",
    "bye",
    "export",
]
PHASES: tuple[Phase, ...] = get_args(Phase)
REPLY_KINDS: tuple[ReplyKind, ...] = get_args(ReplyKind)

SKIP = "_skip"  # event slot: the person skipped the slot named in the value
CHEAPEST = "_cheapest"  # event slot: "as cheap as possible"


@dataclass(frozen=True)
class Event:
    turn: int
    slot: str
    value: Any


@dataclass(frozen=True)
class State:
    turn: int = 0
    events: tuple[Event, ...] = ()
    asking: str | None = None
    misses: int = 0
    phase: Phase = "interview"
    faqs: tuple[str, ...] = ()  # FAQ ids answered in this conversation
    limit: int = 5  # how many programs a recommendation shows ("show me more" adds five)
    guess: tuple[str, Any] | None = None  # (slot, value) the advisor asked the person to confirm

    @property
    def profile(self) -> Profile:
        profile = Profile()
        for e in self.events:
            if e.slot == CHEAPEST:
                profile = replace(profile, cheapest=bool(e.value))
            elif e.slot in SLOTS or e.slot in SETS:
                profile = profile.with_slot(e.slot, e.value)
        return profile

    @property
    def answered(self) -> frozenset[str]:
        """Slots given a value (not only skipped)."""
        return frozenset(SETS.get(e.slot, e.slot) for e in self.events if e.slot in SLOTS or e.slot in SETS)

    @property
    def settled(self) -> frozenset[str]:
        """Slots answered or skipped."""
        return frozenset(e.value if e.slot == SKIP else SETS.get(e.slot, e.slot) for e in self.events)


@dataclass(frozen=True)
class Reply:
    """What the advisor says, as data; templates word it."""

    kind: ReplyKind
    asking: str | None = None  # the slot asked next, if any
    filled: tuple[tuple[str, Any], ...] = ()  # slots set by this turn
    note: str | None = None  # back | restart | skipped | nothing-to-undo | truncated | no-rate
    answer: Answer | None = None  # a digression answered on the way
    choices: tuple[tuple[str, str], ...] = ()  # numbered choices (value, label); for check, the guess
    missed: bool = False  # the last answer was not understood
    recommendation: Any = None
    absences: tuple[Any, ...] = ()  # "why not X?": each program's `recommend.Absence`
    phase: Phase = "interview"
    currency: str | None = None  # note "no-rate": the currency of an amount that cannot be converted


@dataclass(frozen=True)
class Turn:
    state: State
    reply: Reply
