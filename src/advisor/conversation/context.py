"""Everything the conversation engine needs from the knowledge, built once."""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import TYPE_CHECKING, Any

from advisor.conversation.state import State
from advisor.domain import Knowledge, Profile, Program
from advisor.understanding import combined, fold

if TYPE_CHECKING:  # imported where used, so the first question shows sooner
    from advisor.understanding import Asker, CueIndex, SlotVocabulary


@dataclass(frozen=True)
class Dialogue:
    """Everything the engine needs, built once from the knowledge."""

    kb: Knowledge
    questions: Mapping[str, Mapping[str, Any]]
    order: tuple[str, ...]
    commands: Mapping[str, frozenset[str]]
    yes: frozenset[str]
    no: frozenset[str]
    unsure: frozenset[str]
    question_words: frozenset[str]
    answer_openings: tuple[str, ...]
    change_cues: Mapping[str, frozenset[str]]
    fillers: frozenset[str]
    usd_per_unit: Mapping[str, float]
    recommend: Callable[[Profile, int], Any] = field(default=lambda profile, limit: None)
    explain: Callable[[Profile, Program], Any] | None = None

    @classmethod
    def build(
        cls,
        kb: Knowledge,
        recommend: Callable[[Profile, int], Any] | None = None,
        explain: Callable[[Profile, Program], Any] | None = None,
    ) -> Dialogue:
        spec = kb.dialogue
        from advisor.recommendation import explain_program, rank_programs

        questions = {q["slot"]: q for q in spec["questions"]}
        return cls(
            kb=kb,
            questions=questions,
            order=tuple(questions),
            commands={
                name: frozenset(
                    fold(p)
                    for p in [
                        *phrases,
                        *(c for g in spec.get("commands_combined", {}).get(name, ()) for c in combined(g)),
                    ]
                )
                for name, phrases in spec["commands"].items()
            },
            yes=frozenset(fold(p) for p in spec["confirm_yes"]),
            no=frozenset(fold(p) for p in spec["confirm_no"]),
            unsure=frozenset(fold(p) for p in spec.get("unsure", ())),
            question_words=frozenset(fold(w) for w in spec.get("question_words", ())),
            answer_openings=tuple(fold(w) + " " for w in spec.get("answer_openings", ())),
            change_cues={
                slot: frozenset(fold(p) for p in phrases)
                for slot, phrases in (spec.get("change_cues") or {}).items()
            },
            fillers=frozenset(fold(p) for p in spec.get("fillers", ())),
            usd_per_unit={r.currency: r.usd_per_unit for r in kb.rates},
            recommend=recommend or (lambda profile, limit: rank_programs(profile, kb, limit)),
            explain=explain or (lambda profile, program: explain_program(profile, kb, program)),
        )

    # Built on first use (or by `warm`), so the first question shows without waiting for them.
    @cached_property
    def asker(self) -> Asker:
        from advisor.understanding import Asker

        return Asker(self.kb)

    @cached_property
    def vocab(self) -> SlotVocabulary:
        from advisor.understanding import SlotVocabulary

        return SlotVocabulary.from_data(self.kb.slot_values)

    @cached_property
    def cues(self) -> CueIndex:
        """The dialogue's cue words, which a message's analysis finds with their spans:
        "interest" (an interest said in passing counts), "change:SLOT" (a settled slot may
        change), "rerank" (after the list, a request redoes it)."""
        from advisor.understanding import cue_index

        spec = self.kb.dialogue
        lists = {
            "interest": (spec.get("volunteered") or {}).get("interest_cues", ()),
            "rerank": spec.get("rerank_cues", ()),
        }
        lists |= {f"change:{slot}": phrases for slot, phrases in (spec.get("change_cues") or {}).items()}
        return cue_index(lists)

    def warm(self) -> None:
        """Build what answering needs; the terminal calls this while the person reads."""
        _ = self.asker, self.vocab, self.vocab.money.no_limit

    def not_needed(self, state: State, slot: str) -> bool:
        """The interview's rules leave this slot out (e.g. region for online study)."""
        skip_if = self.questions[slot].get("skip_if") or {}
        return any(getattr(state.profile, other) in values for other, values in skip_if.items())

    def next_slot(self, state: State) -> str | None:
        settled = state.settled
        return next(
            (slot for slot in self.order if slot not in settled and not self.not_needed(state, slot)), None
        )

    def choices(self, slot: str) -> tuple[tuple[str, str], ...]:
        return tuple(self.questions[slot]["choices"].items())

    def command(self, folded: str) -> str | None:
        for name, phrases in self.commands.items():
            if folded in phrases or (
                name == "recommend" and any(len(p.split()) >= 3 and p in folded for p in phrases)
            ):
                return name
        return None
