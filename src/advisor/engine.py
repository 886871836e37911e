"""The conversation: state + what the person typed -> new state + a structured reply.

Pure: no terminal, no files, no clock. The interview (which slots, in which order, the
questions and choices) is `knowledge/dialogue.yaml`; the words that fill slots are
`knowledge/slot_values.yaml` (read by `slots.extract`). Every slot change is an event, so
`back` drops the last turn's events and the profile is replayed from the rest.
"""

from __future__ import annotations

import re
from collections.abc import Mapping
from dataclasses import replace
from typing import TYPE_CHECKING, Any

from advisor.dialogue import Dialogue
from advisor.profile import SLOTS
from advisor.state import CHEAPEST, SKIP, Event, Reply, State, Turn
from advisor.text import MAX_INPUT_CHARS, fold, strip_control

if TYPE_CHECKING:
    from advisor.asking import Answer

__all__ = ["Dialogue", "Event", "Reply", "State", "Turn", "respond", "start", "settled_share"]

def clean_input(text: str) -> str:
    return strip_control(text[:MAX_INPUT_CHARS], " ").strip()


def looks_like_question(d: Dialogue, text: str) -> bool:
    words = fold(text).split()
    return text.rstrip().endswith("?") or bool(words and words[0] in d.question_words)


def _value_of_choice(slot: str, key: str) -> Any:
    if slot == "budget_usd":
        return None if key == "none" else float(key)
    return [key] if slot == "interests" else key


def _ask(d: Dialogue, state: State, **extra: Any) -> Turn:
    """Move on: ask the next open slot, or show the summary when none is left."""
    slot = d.next_slot(state)
    if slot is None:
        phase = "done" if state.phase == "done" else "confirm"
        state = replace(state, asking=None, phase=phase, misses=0)
        if phase == "done":
            return Turn(state, Reply("recommend", recommendation=d.recommend(state.profile, state.limit),
                                     phase=phase, **extra))
        return Turn(state, Reply("summary", phase=phase, **extra))
    if slot != state.asking:
        state = replace(state, asking=slot, misses=0)
    return Turn(state, Reply("ask", asking=slot, phase=state.phase, **extra))


def _set(state: State, values: Mapping[str, Any]) -> State:
    events = list(state.events)
    for slot, value in values.items():
        if slot == "budget_cheapest":
            events.append(Event(state.turn, CHEAPEST, bool(value)))
        elif slot in SLOTS:
            events.append(Event(state.turn, slot, value))
    return replace(state, events=tuple(events))


def _filled(values: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    return tuple((k, v) for k, v in values.items() if k in SLOTS)


def _command(d: Dialogue, state: State, name: str) -> Turn:
    if name == "back":
        last = max((e.turn for e in state.events), default=None)
        if last is None:
            return _ask(d, state, note="nothing-to-undo")
        state = replace(state, events=tuple(e for e in state.events if e.turn != last),
                        phase="interview" if state.phase == "confirm" else state.phase)
        return _ask(d, replace(state, asking=None), note="back")
    if name == "restart":
        return _ask(d, State(turn=state.turn), note="restart")
    if name == "skip":
        if state.asking is None:
            return _ask(d, state)
        state = replace(state, events=(*state.events, Event(state.turn, SKIP, state.asking)))
        return _ask(d, state, note="skipped")
    if name == "recommend":
        state = replace(state, phase="done", asking=None)
        return Turn(state, Reply("recommend", recommendation=d.recommend(state.profile, state.limit),
                                 phase="done"))
    if name == "more":
        state = replace(state, phase="done", asking=None, limit=state.limit + 5)
        return Turn(state, Reply("recommend", recommendation=d.recommend(state.profile, state.limit),
                                 phase="done", note="more"))
    if name == "why":
        return Turn(state, Reply("why", asking=state.asking, phase=state.phase))
    kind = "bye" if name == "quit" else name
    return Turn(state, Reply(kind, asking=state.asking, phase=state.phase))


def respond(d: Dialogue, state: State, text: str) -> Turn:
    """One turn of the conversation."""
    state = replace(state, turn=state.turn + 1)
    truncated = len(text) > MAX_INPUT_CHARS
    text = clean_input(text)
    folded = fold(text)
    note = "truncated" if truncated else None
    if not folded:
        return _ask(d, state, missed=True) if state.asking else _ask(d, state)
    if text.lower().startswith("/export"):  # the one command with an argument: a file name
        return Turn(state, Reply("export", asking=state.asking, note=text[7:].strip() or None,
                                 phase=state.phase))
    name = d.command(folded)
    if name:
        return _command(d, state, name)
    if state.asking and folded.isdigit() and state.misses >= 1:
        choices = d.choices(state.asking)
        if 1 <= int(folded) <= len(choices):
            key = choices[int(folded) - 1][0]
            values = {state.asking: _value_of_choice(state.asking, key)}
            return _ask(d, _set(state, values), filled=_filled(values), note=note)
    if state.phase == "done":
        follow_up = _follow_up(d, state, text, folded)
        if follow_up is not None:
            return follow_up
    if state.phase == "confirm" and folded in d.yes:
        state = replace(state, phase="done")
        return Turn(state, Reply("recommend", recommendation=d.recommend(state.profile, state.limit),
                                 phase="done"))
    from advisor.slots import extract

    values = _meant(d, state, text, folded, extract(text, d.vocab, state.asking,
                                              usd_per_unit=d.usd_per_unit))
    # "basic?" answers the question asked; "do I need the GRE?" asks one.
    answers_asked = state.asking is not None and state.asking in values
    answer = d.asker.ask(text) if looks_like_question(d, text) and not answers_asked else None
    if answer and answer.kind in ("faq", "program", "compare"):
        return _digress(d, state, answer)
    if _filled(values) or "budget_cheapest" in values:
        return _ask(d, _set(state, values), filled=_filled(values), note=note)
    unsure = folded in d.unsure
    if answer is None and not unsure:
        answer = d.asker.ask(text)
        if answer.kind in ("faq", "program", "compare", "smalltalk"):
            return _digress(d, state, answer)
    if state.phase == "confirm" and folded in d.no:
        return Turn(state, Reply("summary", note="what-to-change", phase="confirm"))
    if state.asking is None:
        return _ask(d, state, answer=answer, note=note)
    return _clarify(d, state, answer if looks_like_question(d, text) else None, unsure, note)


def _clarify(d: Dialogue, state: State, answer: Answer | None, unsure: bool,
             note: str | None) -> Turn:
    """Not understood: ask again with an example; the choices after a few misses, or at
    once when the person says they do not know."""
    asking = state.asking
    assert asking is not None
    state = replace(state, misses=state.misses + 1)
    limit = int(d.kb.dialogue["misses_before_choices"])
    choices = d.choices(asking) if unsure or state.misses >= limit else ()
    return Turn(state, Reply("clarify", asking=asking, missed=True, choices=choices,
                             answer=answer if answer and answer.suggestions else None, note=note,
                             phase=state.phase))


def _has(folded: str, phrases: frozenset[str]) -> bool:
    padded = f" {folded} "
    return any(f" {p} " in padded for p in phrases)


def _meant(d: Dialogue, state: State, text: str, folded: str,
           values: dict[str, Any]) -> dict[str, Any]:
    """Drop a region or interest that describes the person rather than answers anything."""
    cues = d.volunteered
    if "region" in values and state.asking == "residency":  # "the UK" is where they live here
        values = {k: v for k, v in values.items() if k != "region"}
    if "region" in values and state.asking != "region" and \
            _has(folded, cues["region_background"]) and not _has(folded, cues["region_cues"]):
        values = {k: v for k, v in values.items() if k != "region"}
    if "interests" in values and state.asking != "interests" and \
            not _has(folded, cues["interest_cues"]) and not _listed_interest(d, text):
        values = {k: v for k, v in values.items() if k != "interests"}
    return values


def _listed_interest(d: Dialogue, text: str) -> bool:
    """An interest named as an item of its own ("industry, nlp, 80k"), not in passing
    ("backend developer at a fintech")."""
    from advisor.slots import extract

    for clause in re.split(r"[,;/\n]|\band\b|\bplus\b", text):
        words = fold(clause).split()
        if 0 < len(words) <= 3 and "interests" in extract(clause, d.vocab):
            return True
    return False


def _pick_numbers(text: str, marks: Any) -> list[int]:
    """The picks named by number: "#2", "number 3" (the marks are in dialogue.yaml)."""
    if not marks:
        return []
    pattern = "|".join(re.escape(str(m)) for m in marks)
    return [int(n) for n in re.findall(rf"(?:{pattern})\s*(\d+)", text.lower())]


def _after_list(d: Dialogue, state: State, text: str, folded: str) -> Turn | None:
    """A part of the shortlist asked for ("details", "show the plan"), or picks by number
    ("ask about #2", "compare #1 and #3")."""
    from advisor.asking import Answer

    words = d.kb.dialogue.get("after_list") or {}
    for part in ("cards", "plan", "sources", "assumptions"):
        if folded in {fold(p) for p in words.get(part) or ()}:
            return Turn(state, Reply("recommend", recommendation=d.recommend(state.profile, state.limit),
                                     note=part, phase="done"))
    numbers = _pick_numbers(text, words.get("pick_marks"))
    if not numbers:
        return None
    rec = d.recommend(state.profile, state.limit)
    picks = rec.picks if rec else ()
    chosen = tuple(dict.fromkeys(picks[n - 1].program for n in numbers if 0 < n <= len(picks)))
    if not chosen:
        return None
    kind = "compare" if len(chosen) >= 2 else "program"
    return Turn(state, Reply("answer", phase="done",
                             answer=Answer(text, kind, programs=chosen, confidence=1.0)))


def _follow_up(d: Dialogue, state: State, text: str, folded: str) -> Turn | None:
    """After a recommendation: a part of the list or a pick by number, "why not X?" and
    "compare the top two"."""
    from advisor.asking import Answer

    listed = _after_list(d, state, text, folded)
    if listed is not None:
        return listed

    words = d.asker.lexicon.words(text)
    if d.explain and re.match(r"(why|how come)\b.*\b(not|isnt|no)\b|what about\b", folded):
        named = [m.program for m in d.asker.program_index.find(words)]
        if named:
            return Turn(state, Reply("why-not", phase="done",
                                     absences=tuple(d.explain(state.profile, p) for p in named[:3])))
    top = re.search(r"\b(top|first|best)\s+(two|2|three|3|four|4)\b", folded)
    if "compare" in folded.split() and top:
        count = {"two": 2, "three": 3, "four": 4}.get(top.group(2)) or int(top.group(2))
        rec = d.recommend(state.profile, state.limit)
        picks = tuple(p.program for p in (rec.picks if rec else ())[:count])
        if len(picks) >= 2:
            return Turn(state, Reply("answer", phase="done",
                                     answer=Answer(text, "compare", programs=picks, confidence=1.0)))
    return None


def _digress(d: Dialogue, state: State, answer: Answer) -> Turn:
    if answer.kind == "smalltalk":
        return _ask(d, state, note=f"smalltalk-{answer.smalltalk}")
    if answer.faq:
        state = replace(state, faqs=(*state.faqs, answer.faq.id))
    if state.phase == "done":
        return Turn(state, Reply("answer", answer=answer, phase="done"))
    turn = _ask(d, state)
    return Turn(turn.state, replace(turn.reply, answer=answer))


def start(d: Dialogue) -> Turn:
    """The advisor speaks first: a greeting and the first question."""
    turn = _ask(d, State())
    return Turn(turn.state, replace(turn.reply, note="greeting"))


def settled_share(d: Dialogue, state: State) -> tuple[int, int]:
    """(slots settled, slots the interview asks) for a progress bar."""
    return len(state.settled & set(d.order)), len(d.order)
