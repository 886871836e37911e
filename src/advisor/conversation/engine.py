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

from advisor.conversation.context import Dialogue
from advisor.conversation.state import CHEAPEST, SKIP, Event, Phase, Reply, ReplyKind, State, Turn
from advisor.domain import SETS, SLOTS
from advisor.understanding import MAX_INPUT_CHARS, fold, strip_control

if TYPE_CHECKING:
    from advisor.understanding import Analysis, Answer

__all__ = ["Dialogue", "Event", "Reply", "State", "Turn", "respond", "start", "settled_share"]


def clean_input(text: str) -> str:
    return strip_control(text[:MAX_INPUT_CHARS], " ").strip()


def looks_like_question(d: Dialogue, message: Analysis) -> bool:
    folded = message.folded
    if any(folded.startswith(p) for p in d.answer_openings):
        return False
    words = folded.split()
    return message.asks or bool(words and words[0] in d.question_words)


def _value_of_choice(slot: str, key: str) -> Any:
    if slot == "budget_usd":
        return None if key == "none" else float(key)
    return [key] if slot == "interests" else key


def _ask(d: Dialogue, state: State, counted: bool = True, **extra: Any) -> Turn:
    """Move on: ask the next open slot, or show the summary when none is left. A question
    asked twice already comes with its numbered choices the third time; asked again after
    small talk ("ok", "thanks", "hmm"), it is not `counted`."""
    slot = d.next_slot(state)
    if slot is None:
        phase: Phase = "done" if state.phase == "done" else "confirm"
        state = replace(state, asking=None, phase=phase, misses=0)
        if phase == "done":
            return Turn(
                state,
                Reply(
                    "recommend", recommendation=d.recommend(state.profile, state.limit), phase=phase, **extra
                ),
            )
        return Turn(state, Reply("summary", phase=phase, **extra))
    if slot != state.asking:
        state = replace(state, asking=slot, misses=0)
    elif counted:  # the same question again (after a digression or an answer to something else)
        state = replace(state, misses=state.misses + 1)
    limit = int(d.kb.dialogue["misses_before_choices"])
    choices = d.choices(slot) if state.misses >= limit and "choices" not in extra else ()
    return Turn(state, Reply("ask", asking=slot, phase=state.phase, choices=choices, **extra))


def _set(state: State, values: Mapping[str, Any]) -> State:
    events = list(state.events)
    for slot, value in values.items():
        if slot == "budget_cheapest":
            events.append(Event(state.turn, CHEAPEST, bool(value)))
        elif slot in SLOTS or slot in SETS:
            events.append(Event(state.turn, slot, value))
    return replace(state, events=tuple(events))


def _filled(values: Mapping[str, Any]) -> tuple[tuple[str, Any], ...]:
    """The slots set, as read back: a set of formats or regions in place of its "any"."""

    def shown(k: str, v: Any) -> Any:
        if k == "budget_usd" and values.get("budget_cheapest"):
            return CHEAPEST  # read back as "as cheap as possible", not "no limit"
        return tuple(values[f"{k}s"]) if f"{k}s" in values else v

    return tuple((k, shown(k, v)) for k, v in values.items() if k in SLOTS)


def _command(d: Dialogue, state: State, name: str) -> Turn:
    if name == "back":
        last = max((e.turn for e in state.events), default=None)
        if last is None:
            return _ask(d, state, note="nothing-to-undo")
        state = replace(
            state,
            events=tuple(e for e in state.events if e.turn != last),
            phase="interview" if state.phase == "confirm" else state.phase,
        )
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
        return Turn(
            state, Reply("recommend", recommendation=d.recommend(state.profile, state.limit), phase="done")
        )
    if name == "more":
        state = replace(state, phase="done", asking=None, limit=state.limit + 5)
        return Turn(
            state,
            Reply(
                "recommend", recommendation=d.recommend(state.profile, state.limit), phase="done", note="more"
            ),
        )
    if name == "why":
        return Turn(state, Reply("why", asking=state.asking, phase=state.phase))
    kind = _COMMAND_REPLIES.get(name, "help")  # a command the interview lists but does not act on
    return Turn(state, Reply(kind, asking=state.asking, phase=state.phase))


# Commands answered by a reply of their own kind (the others act on the state above).
_COMMAND_REPLIES: dict[str, ReplyKind] = {
    "quit": "bye",
    "help": "help",
    "profile": "profile",
    "export": "export",
}


def respond(d: Dialogue, state: State, text: str) -> Turn:
    """One turn of the conversation. What a message is taken for, in this order:
    1. a command (`back`, `skip`, `/export FILE` ...), a numbered choice, or the reply to a
       check ("yes" takes the value the advisor proposed, "no" shows the choices);
    2. after the list, a follow-up ("why not X?", "compare the top two");
    3. a question, unless it answers the question asked ("basic?"); one that opens with a
       question word ("what jobs could I get?") is asked even then;
    4. slot values: the answer to the question asked has first claim, other slots are read
       too, but one already settled changes only with a cue that names it (`_cued`);
    5. with a question pending, a message that says nothing readable is an attempt at an
       answer, never an FAQ: small talk is answered, a hint ("only the stats class in
       college") is checked in one line, and the rest is asked again (`_clarify`).
    """
    from advisor.understanding import analyse, hint, says_any

    guess = state.guess
    state = replace(state, turn=state.turn + 1, guess=None)
    truncated = len(text) > MAX_INPUT_CHARS
    text = clean_input(text)
    message = analyse(text, d.vocab, d.cues)  # read once; everything below reads this
    folded = message.folded
    note = "truncated" if truncated else None
    if not folded:
        return _ask(d, state, missed=True) if state.asking else _ask(d, state)
    if text.lower().startswith("/export"):  # the one command with an argument: a file name
        return Turn(
            state, Reply("export", asking=state.asking, note=text[7:].strip() or None, phase=state.phase)
        )
    name = d.command(folded)
    if name:
        if name in ("recommend", "more") and guess is not None and guess[0] == state.asking:
            state = _accepted(d, state, guess)  # moving on to the list without a "no": it stands
        return _command(d, state, name)
    if state.asking and folded.isdigit() and state.misses >= 1:
        choices = d.choices(state.asking)
        if 1 <= int(folded) <= len(choices):
            key = choices[int(folded) - 1][0]
            values = {state.asking: _value_of_choice(state.asking, key)}
            return _ask(d, _set(state, values), filled=_filled(values), note=note)
    if guess is not None and guess[0] == state.asking:
        if _agrees(d.yes, folded):
            more = _after(d.yes, folded)  # "ok at stats": agrees, and answers the next question
            accepted = _accepted(d, state, guess)
            if not more or not accepted.asking or not _says_something(d, accepted, analyse(more, d.vocab)):
                values = {guess[0]: _value_of_choice(guess[0], guess[1])}
                return _ask(d, _set(state, values), filled=_filled(values), note=note)
            state = accepted
        elif (rest := _after(d.no, folded)) is not None:  # "no" disagrees; "no, strong" answers
            if not rest or state.asking not in _read(d, state, analyse(rest, d.vocab)):
                return _clarify(d, state, None, True, note)
        elif not message.asks and folded not in d.fillers | d.unsure:
            state = _went_on(d, state, guess, message)
    took = (
        _filled({guess[0]: _value_of_choice(guess[0], guess[1])})
        if guess is not None and guess[0] != state.asking and guess[0] in state.answered
        else ()
    )
    if state.phase == "done":
        follow_up = _follow_up(d, state, text, folded)
        if follow_up is not None:
            return follow_up
    if state.phase == "confirm" and folded in d.yes:
        state = replace(state, phase="done")
        return Turn(
            state, Reply("recommend", recommendation=d.recommend(state.profile, state.limit), phase="done")
        )
    pending = state.asking
    values = _cued(d, state, message, _meant(d, state, message, _changed(d, state, message)))
    if pending and folded in d.fillers and pending not in values:
        return _ask(d, state, counted=False, note=note)  # "hmm", "ok": small talk, not a miss
    if pending and folded in d.asker.smalltalk:  # "ok thanks" is thanks, not "ok" as a level
        return _digress(d, state, d.asker.ask(text, conversation=True))
    suggested = hint(text, d.vocab, pending, message) if pending and pending not in values else None
    if pending and not values and suggested is None and not looks_like_question(d, message):
        values = _elsewhere(d, state, message)  # "job" while math is asked: the goal, said early
    # "did an intro course on coursera" opens like a question but, with no "?", answers one
    question = looks_like_question(d, message) and (suggested is None or message.asks)
    if state.phase == "done" and _filled(values) and message.has("rerank"):
        question = False  # "what about only online ones?", "can you show cheaper ones, under 15k?"
    answer = None
    if question and (pending not in values or _opens_question(d, message.asks, folded)):
        answer = d.asker.ask(text, conversation=True)
        if answer.kind in ("faq", "program", "compare"):
            return _digress(d, state, answer)
    if state.phase == "confirm" and not _filled(values) and _agrees(d.yes, folded):  # "yes please"
        state = replace(state, phase="done")
        return Turn(
            state, Reply("recommend", recommendation=d.recommend(state.profile, state.limit), phase="done")
        )
    if "budget_currency" in values:  # "500,000 pesos" with no rate: said so, never read as dollars
        turn = _ask(d, _set(state, values), filled=_filled(values), note="no-rate")
        return Turn(turn.state, replace(turn.reply, currency=str(values["budget_currency"])))
    if _filled(values) or "budget_cheapest" in values:  # with the checked reading that stood
        after = _set(state, values)
        if suggested is not None and not question and d.next_slot(after) == pending:
            # "stats for nursing research and college algebra": the other values are taken and
            # the question asked gets its one-line check, not the same question again
            check = _check(d, after, str(pending), suggested, note)
            if check is not None:
                return Turn(check.state, replace(check.reply, filled=took + _filled(values)))
        return _ask(d, after, filled=took + _filled(values), note=note)
    unsure = folded in d.unsure
    if pending and not question and not unsure and says_any(message):  # "no preference" for the goal
        state = replace(state, events=(*state.events, Event(state.turn, SKIP, pending)))
        return _ask(d, state, note="no-preference")
    if answer is None and not unsure:
        answer = d.asker.ask(text, conversation=True)
        if answer.kind == "smalltalk" or (pending is None and answer.kind in ("faq", "program", "compare")):
            return _digress(d, state, answer)
    if state.phase == "confirm" and _agrees(d.no, folded):
        return Turn(state, Reply("summary", note="what-to-change", phase="confirm"))
    if state.phase == "done" and answer is not None:  # after the list: answer, do not list again
        return Turn(state, Reply("answer", answer=answer, phase="done", note=note))
    if pending is None:
        return _ask(d, state, answer=answer, note=note)
    if not unsure and suggested is not None and (check := _check(d, state, pending, suggested, note)):
        return check
    return _clarify(d, state, answer if question else None, unsure, note)


def _corrects(message: Analysis) -> bool:
    """The message has a correction word ("actually", "instead")."""
    return any(c.hits("corrections") for c in message.parts)


def _changed(d: Dialogue, state: State, message: Analysis) -> dict[str, Any]:
    """The slot values of a message. The question asked has first claim on its words, except
    in a correction of an earlier answer: "what about only the UK instead?", asked for the
    fee status after Europe was chosen, changes the region, not the fee status."""
    values = _read(d, state, message)
    if state.asking is None or not _corrects(message):
        return values
    plain = _read(d, replace(state, asking=None), message)
    changes = [k for k in plain if k in state.answered and k != state.asking and k not in values]
    return plain if changes else values


def _elsewhere(d: Dialogue, state: State, message: Analysis) -> dict[str, Any]:
    """A terse answer that says nothing to the question asked but is the bare answer to
    another open question ("pt", "job", "us"): it answers the first such question, in the
    interview's order. Only words that count when their slot is asked (`when_asked`), never
    a level, a number or "doesn't matter", which could answer anything."""
    for slot in d.order:
        if (
            slot == state.asking
            or slot in state.settled
            or d.not_needed(state, slot)
            or not any(c.hits(f"asked:{slot}") for c in message.parts)
        ):
            continue
        values = _read(d, replace(state, asking=slot), message)
        if slot in values:
            return values
    return {}


def _accepted(d: Dialogue, state: State, guess: tuple[str, Any]) -> State:
    """The checked reading recorded, and the next question pending."""
    accepted = _set(state, {guess[0]: _value_of_choice(guess[0], guess[1])})
    return replace(accepted, asking=d.next_slot(accepted), misses=0)


def _says_something(d: Dialogue, state: State, message: Analysis) -> bool:
    """The message gives a slot value, or suggests an answer to the question asked."""
    from advisor.understanding import hint

    return bool(_read(d, state, message)) or (
        state.asking is not None and hint(message.text, d.vocab, state.asking, message) is not None
    )


def _went_on(d: Dialogue, state: State, guess: tuple[str, Any], message: Analysis) -> State:
    """After a check ("Basic math, then?"), a message that does not say no but answers the
    next question ("research, maybe a PhD"): the reading stands, and the message is read
    against the next question. A bare answer that fits both questions ("good" after "Some
    programming, then?", with math next) goes on too: the check read as an acknowledgement,
    unless a correction word says it is about the checked slot ("actually strong"). One
    that answers nothing leaves the check open."""
    accepted = _accepted(d, state, guess)
    if accepted.asking is None:
        return accepted
    if state.asking in _read(d, state, message):
        both = not _corrects(message) and accepted.asking in _read(d, accepted, message)
        return accepted if both else state
    return accepted if _says_something(d, accepted, message) else state


def _check(d: Dialogue, state: State, pending: str, suggested: str, note: str | None) -> Turn | None:
    """An unsure reading of the answer, put to the person in one line ("Basic math, then?"),
    unless the question has been asked so often that the numbered choices are due."""
    labels = dict(d.choices(pending))
    if state.misses + 1 >= int(d.kb.dialogue["misses_before_choices"]) or suggested not in labels:
        return None
    state = replace(state, guess=(pending, suggested), misses=state.misses + 1)
    return Turn(
        state,
        Reply(
            "check", asking=pending, choices=((suggested, labels[suggested]),), note=note, phase=state.phase
        ),
    )


def _read(d: Dialogue, state: State, message: Analysis) -> dict[str, Any]:
    from advisor.understanding import extract

    return extract(message.text, d.vocab, state.asking, usd_per_unit=d.usd_per_unit, analysis=message)


def _after(phrases: frozenset[str], folded: str) -> str | None:
    """What follows the phrase the message is or opens with ("" for the phrase alone), None
    when it neither is nor opens with one, or goes on for more than a few words."""
    if folded in phrases:
        return ""
    rests = [folded[len(p) :].strip() for p in phrases if folded.startswith(p + " ")]
    return next((r for r in rests if len(r.split()) <= 2), None)


def _agrees(phrases: frozenset[str], folded: str) -> bool:
    """The message is one of the phrases, or opens with one and says little more: "yes",
    "yes please", "nah not yet" (not "right now I'm not sure")."""
    return _after(phrases, folded) is not None


def _opens_question(d: Dialogue, asks: bool, folded: str) -> bool:
    """Asked as a question: opens with a question word and ends in "?" ("what jobs could I
    get after?"; not "can do basic python"), and does not offer an answer ("what about online?")."""
    words = folded.split()
    return (
        bool(words)
        and words[0] in d.question_words
        and asks
        and not any(folded.startswith(p) for p in d.answer_openings)
    )


def _cued(d: Dialogue, state: State, message: Analysis, values: dict[str, Any]) -> dict[str, Any]:
    """A slot already answered, other than the one asked, changes only when the message has
    a word naming it (`change_cues`) or corrects itself ("actually, more research"): "python
    from teaching the intro CS course" keeps a physics degree. One skipped ("no preference")
    holds no answer to keep: "change careers" said later is the goal."""
    settled = state.answered
    corrects = _corrects(message)

    def widens(slot: str, value: Any) -> bool:
        """A format or region outside what the person accepts is a change ("in person is
        better" after "online"); one inside it is a mention ("so for hybrid ...")."""
        if slot not in ("format", "region"):
            return False
        accepted = state.profile.accepted(slot)
        wanted = values.get(f"{slot}s") or ([value] if value != "any" else [])
        return bool(accepted) and not set(wanted) <= set(accepted)

    return {
        k: v
        for k, v in values.items()
        if k == state.asking
        or k not in settled
        or k not in d.change_cues
        or message.has(f"change:{k}")
        or corrects
        or widens(k, v)
    }


def _clarify(d: Dialogue, state: State, answer: Answer | None, unsure: bool, note: str | None) -> Turn:
    """Not understood: ask again with an example; the choices after a few misses, or at
    once when the person says they do not know."""
    asking = state.asking
    assert asking is not None
    state = replace(state, misses=state.misses + 1)
    limit = int(d.kb.dialogue["misses_before_choices"])
    choices = d.choices(asking) if unsure or state.misses >= limit else ()
    return Turn(
        state,
        Reply(
            "clarify",
            asking=asking,
            missed=True,
            choices=choices,
            answer=answer if answer and answer.suggestions else None,
            note=note,
            phase=state.phase,
        ),
    )


def _meant(d: Dialogue, state: State, message: Analysis, values: dict[str, Any]) -> dict[str, Any]:
    """Drop a region or interest that describes the person rather than answers anything
    (where a place counts as where to study is the slot reader's: `slots._place_meant`)."""
    from advisor.understanding import listed_interest

    # "the UK" is where they live here, unless it corrects the region ("the UK instead")
    if "region" in values and state.asking == "residency" and not _corrects(message):
        values = {k: v for k, v in values.items() if k not in ("region", "regions")}
    if (
        "interests" in values
        and state.asking != "interests"
        and not message.has("interest")
        and not listed_interest(message, d.vocab)
    ):
        values = {k: v for k, v in values.items() if k != "interests"}
    return values


def _pick_numbers(text: str, marks: Any) -> list[int]:
    """The picks named by number: "#2", "number 3" (the marks are in dialogue.yaml)."""
    if not marks:
        return []
    pattern = "|".join(re.escape(str(m)) for m in marks)
    return [int(n) for n in re.findall(rf"(?:{pattern})\s*(\d+)", text.lower())]


def _after_list(d: Dialogue, state: State, text: str, folded: str) -> Turn | None:
    """A part of the shortlist asked for ("details", "show the plan"), or picks by number
    ("ask about #2", "compare #1 and #3")."""
    from advisor.understanding import Answer, AnswerKind

    words = d.kb.dialogue.get("after_list") or {}
    for part in ("cards", "plan", "sources", "assumptions"):
        if folded in {fold(p) for p in words.get(part) or ()}:
            return Turn(
                state,
                Reply(
                    "recommend",
                    recommendation=d.recommend(state.profile, state.limit),
                    note=part,
                    phase="done",
                ),
            )
    numbers = _pick_numbers(text, words.get("pick_marks"))
    if not numbers:
        return None
    rec = d.recommend(state.profile, state.limit)
    picks = rec.picks if rec else ()
    chosen = tuple(dict.fromkeys(picks[n - 1].program for n in numbers if 0 < n <= len(picks)))
    if not chosen:
        return None
    kind: AnswerKind = "compare" if len(chosen) >= 2 else "program"
    return Turn(
        state, Reply("answer", phase="done", answer=Answer(text, kind, programs=chosen, confidence=1.0))
    )


def _follow_up(d: Dialogue, state: State, text: str, folded: str) -> Turn | None:
    """After a recommendation: a part of the list or a pick by number, "why not X?" and
    "compare the top two"."""
    from advisor.understanding import Answer

    listed = _after_list(d, state, text, folded)
    if listed is not None:
        return listed

    words = d.asker.lexicon.words(text)
    if d.explain and re.match(r"(why|how come)\b.*\b(not|isnt|no)\b|what about\b", folded):
        named = [m.program for m in d.asker.program_index.find(words)]
        if named:
            return Turn(
                state,
                Reply(
                    "why-not", phase="done", absences=tuple(d.explain(state.profile, p) for p in named[:3])
                ),
            )
    top = re.search(r"\b(top|first|best)\s+(two|2|three|3|four|4)\b", folded)
    if "compare" in folded.split() and top:
        count = {"two": 2, "three": 3, "four": 4}.get(top.group(2)) or int(top.group(2))
        rec = d.recommend(state.profile, state.limit)
        picks = tuple(p.program for p in (rec.picks if rec else ())[:count])
        if len(picks) >= 2:
            return Turn(
                state,
                Reply("answer", phase="done", answer=Answer(text, "compare", programs=picks, confidence=1.0)),
            )
    return None


def _digress(d: Dialogue, state: State, answer: Answer) -> Turn:
    if answer.kind == "smalltalk":  # "thanks", "hello": not an attempt at an answer, not a miss
        return _ask(d, state, counted=False, note=f"smalltalk-{answer.smalltalk}")
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
