"""The user's profile: the slots of spec/profile.yaml, as one immutable value."""

from __future__ import annotations

from dataclasses import dataclass, replace
from typing import Any

SLOTS = (
    "field",
    "programming",
    "math",
    "goal",
    "interests",
    "budget_usd",
    "format",
    "pace",
    "region",
    "residency",
)
SETS = {"formats": "format", "regions": "region"}  # the accepted set -> the slot it widens


@dataclass(frozen=True)
class Profile:
    """What is known about the person. None = not known yet (for budget_usd: no limit
    once `budget_known` is true); interests is a tuple, possibly empty."""

    field: str | None = None
    programming: str | None = None
    math: str | None = None
    goal: str | None = None
    interests: tuple[str, ...] = ()
    budget_usd: float | None = None
    format: str | None = None
    pace: str | None = None
    region: str | None = None
    formats: tuple[str, ...] = ()  # several formats accepted ("online or on campus"); format is "any"
    regions: tuple[str, ...] = ()  # several regions accepted ("Asia or Europe"); region is "any"
    residency: str | None = None  # where they are a citizen or resident: picks the fee they pay
    budget_known: bool = False  # budget_usd None with this set means "no limit"
    cheapest: bool = False  # "as cheap as possible": cost orders the list

    def with_slot(self, slot: str, value: Any) -> Profile:
        if slot == "interests":
            return replace(self, interests=tuple(value or ()))
        if slot == "budget_usd":
            return replace(self, budget_usd=value, budget_known=True)
        if slot in SETS:
            return replace(self, **{slot: tuple(value or ())})  # type: ignore[arg-type]
        if slot in SETS.values():  # one value chosen: the set it replaces is gone
            return replace(self, **{slot: value, f"{slot}s": ()})
        return replace(self, **{slot: value})

    def accepted(self, slot: str) -> tuple[str, ...]:
        """The values of format or region the person accepts; () when any is."""
        several: tuple[str, ...] = getattr(self, f"{slot}s")
        if several:
            return several
        value = getattr(self, slot)
        return () if value in (None, "any") else (value,)

    def known(self, slot: str) -> bool:
        if slot == "budget_usd":
            return self.budget_known
        if slot == "interests":
            return bool(self.interests)
        return getattr(self, slot) is not None

    def as_json(self) -> dict[str, Any]:
        """The `profile` object of the JSON contract: every slot, null when unknown, plus
        `formats` and `regions`, the accepted sets ([] when any is)."""
        out: dict[str, Any] = {name: getattr(self, name) for name in SLOTS}
        out["interests"] = list(self.interests)
        out.update({name: list(self.accepted(slot)) for name, slot in SETS.items()})
        return out
