"""One reading of a message, made once per turn and shared by what interprets it.

Pure: text and vocabulary in, an `Analysis` out. The slot reader (`slots.extract`,
`slots.hint`) and the dialogue policy (`engine.respond`) read this value instead of folding,
splitting and spell-correcting the raw text again each.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import TYPE_CHECKING

from advisor.understanding.text import fold

if TYPE_CHECKING:
    from advisor.understanding.slots import SlotVocabulary


@dataclass(frozen=True)
class Analysis:
    text: str  # as typed (control characters removed)
    folded: str  # lowercase, accents and punctuation dropped (advisor.understanding.text.fold)
    clauses: tuple[tuple[str, ...], ...]  # clause by clause, folded and typo-corrected words
    asks: bool  # ends in "?"


def analyse(text: str, vocab: SlotVocabulary) -> Analysis:
    from advisor.understanding.slots import clauses

    return Analysis(text=text, folded=fold(text), asks=text.rstrip().endswith("?"),
                    clauses=tuple(tuple(c) for c in clauses(text, vocab)))
