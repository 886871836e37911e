"""The words of a conversation turn: an engine `Reply` made into text by templates."""

from __future__ import annotations

from typing import Any

from advisor.engine import Dialogue, Reply, State
from advisor.render import environment, money, render_answer


def slot_names(d: Dialogue) -> dict[str, str]:
    """How each slot is called when the advisor reads the profile back (dialogue.yaml)."""
    return {slot: str(q["label"]) for slot, q in d.questions.items()}


def value_text(d: Dialogue, slot: str, value: Any) -> str:
    if slot == "budget_usd":
        return "no limit" if value is None else f"up to {money(value)}"
    if value is None:
        return "not given"
    if slot == "interests":
        return ", ".join(_words(v) for v in value) if value else "no preference"
    return _words(str(value))


def _words(value: str) -> str:
    """A slot value read aloud: "us-east" -> "US east", "career-change" -> "career change"."""
    return " ".join(w.upper() if w in ("us", "uk", "nlp", "ai") else w for w in value.split("-"))


def summary_lines(d: Dialogue, state: State) -> str:
    profile, settled = state.profile, state.settled
    lines = []
    for slot in d.order:
        value = getattr(profile, slot)
        if slot in settled and (value not in (None, ()) or slot in ("budget_usd", "interests")):
            shown = value_text(d, slot, value)
        elif slot in settled:
            shown = "skipped"
        else:
            shown = "not needed" if d.not_needed(state, slot) else "not given yet"
        lines.append(f"  {slot_names(d)[slot]:12s} {shown}")
    if profile.cheapest:
        lines.append(f"  {'':12s} (as cheap as possible)")
    return "\n".join(lines)


def question_text(d: Dialogue, state: State, slot: str | None) -> str:
    if slot is None:
        return ""
    phrasings = d.questions[slot]["ask"]
    return str(phrasings[state.turn % len(phrasings)])


def _blockers(names: tuple[str, ...]) -> str:
    macro = environment().get_template("_reasons.j2").module.blockers  # type: ignore[attr-defined]
    return str(macro(names)).strip()


def render_turn(d: Dialogue, state: State, reply: Reply) -> str:
    from advisor.present import reason_text, render_recommendation

    slot = reply.asking
    recommendation_text = (render_recommendation(reply.recommendation).strip()
                           if reply.recommendation is not None else "")
    data = {
        "reply": reply, "labels": None, "slot_names": slot_names(d),
        "value_text": lambda s, v: value_text(d, s, v),
        "question": question_text(d, state, slot or state.asking),
        "example": d.questions[slot]["example"] if slot else "",
        "why": d.questions[slot]["why"] if slot else "",
        "summary": summary_lines(d, state),
        "answer_text": render_answer(reply.answer).strip() if reply.answer else "",
        "recommendation_text": recommendation_text,
        "reason": reason_text, "blockers": _blockers, "limit": state.limit,
    }
    text = environment().get_template("turn.j2").render(**data)
    return "\n".join(line.rstrip() for line in text.strip().splitlines()) + "\n"
