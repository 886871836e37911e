"""The words of a conversation turn: an engine `Reply` made into text by templates."""

from __future__ import annotations

from typing import Any

from advisor.conversation import Dialogue, Reply, State
from advisor.domain import SETS
from advisor.output.rendering import environment, render_answer


def slot_names(d: Dialogue) -> dict[str, str]:
    """How each slot is called when the advisor reads the profile back (dialogue.yaml)."""
    return {slot: str(q["label"]) for slot, q in d.questions.items()}


def summary_rows(d: Dialogue, state: State) -> list[tuple[str, str, Any, str]]:
    """(label, slot, value, status) for each slot; status: given, skipped, not-needed, open."""
    profile, settled, names = state.profile, state.settled, slot_names(d)
    rows = []
    for slot in d.order:
        value = getattr(profile, slot)
        if slot in SETS.values() and getattr(profile, f"{slot}s"):
            value = getattr(profile, f"{slot}s")  # "on campus or hybrid"
        if slot in settled and (value not in (None, ()) or slot in ("budget_usd", "interests")):
            status = "given"
        elif slot in settled:
            status = "skipped"
        else:
            status = "not-needed" if d.not_needed(state, slot) else "open"
        rows.append((names[slot], slot, value, status))
    return rows


def question_text(d: Dialogue, state: State, slot: str | None) -> str:
    if slot is None:
        return ""
    phrasings = d.questions[slot]["ask"]
    return str(phrasings[state.turn % len(phrasings)])


def _blockers(names: tuple[str, ...]) -> str:
    macro = environment().get_template("_reasons.j2").module.blockers  # type: ignore[attr-defined]
    return str(macro(names)).strip()


def render_turn(d: Dialogue, state: State, reply: Reply) -> str:
    from advisor.output.wording import PARTS, reason_text, render_recommendation

    slot = reply.asking
    part = reply.note if reply.note in PARTS else "short"
    recommendation_text = (
        render_recommendation(reply.recommendation, part).strip() if reply.recommendation is not None else ""
    )
    data = {
        "reply": reply,
        "slot_names": slot_names(d),
        "rows": summary_rows(d, state),
        "cheapest": state.profile.cheapest,
        "question": question_text(d, state, slot or state.asking),
        "example": d.questions[slot]["example"] if slot else "",
        "why": d.questions[slot]["why"] if slot else "",
        "answer_text": render_answer(reply.answer).strip() if reply.answer else "",
        "recommendation_text": recommendation_text,
        "reason": reason_text,
        "blockers": _blockers,
        "limit": state.limit,
    }
    text = environment().get_template("turn.j2").render(**data)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"
