"""One reading of a message, made once per turn and shared by what interprets it.

Pure: text and vocabulary in, an `Analysis` out. What it holds:
- the text as typed, folded (`advisor.understanding.text.fold`), and whether it is put as a question;
- the clauses (cut at punctuation, `slots.clauses`), each as folded, typo-corrected words;
- in each clause, every occurrence of every phrase of the slot vocabulary, with its span
  (word positions) and the part of the vocabulary it comes from: slot values and places,
  skill phrases, level and subject words, negations, corrections, alternatives, the words
  that count only when a slot is asked, and the hints;
- the negation scopes: the words each negation reaches (at most `NEGATION_REACH` words, and
  never past a connector such as "but"); a list joined by `negation_lists` words ("no
  robotics or vision") is cancelled whole;
- the cue words found (`SlotVocabulary.cues` plus the dialogue's own: "study in", "I live
  in", "interested in", "my degree" ...), with their spans;
- every amount of money with its currency (`money.amounts`).
The slot reader (`slots.extract`, `slots.hint`) and the dialogue policy (`engine.respond`)
read this value; none of them folds, splits or spell-corrects the raw text again.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import TYPE_CHECKING

from advisor.understanding.text import fold

if TYPE_CHECKING:
    from advisor.understanding.money import Amount
    from advisor.understanding.slots import Found, SlotVocabulary

NEGATION_REACH = 3  # words allowed between a negation and the value it cancels
CueIndex = Mapping[str, tuple[tuple[tuple[str, ...], str], ...]]  # first word -> (words, cue name)


@dataclass(frozen=True)
class Cue:
    name: str  # which list of cue words ("place_background", "change:field" ...)
    start: int
    end: int


@dataclass(frozen=True)
class Scope:
    negation: int  # where the negation starts
    start: int  # the first word it reaches
    end: int  # one past the last word it reaches


@dataclass(frozen=True)
class Clause:
    words: tuple[str, ...]
    found: Mapping[str, tuple[Found, ...]] = field(repr=False)  # vocabulary part -> occurrences
    scopes: tuple[Scope, ...] = ()
    cues: tuple[Cue, ...] = ()
    joiners: frozenset[str] = frozenset()  # words that carry a negation along a list ("or", "nor")

    def hits(self, *parts: str) -> list[Found]:
        """Every occurrence of the phrases of these parts of the vocabulary, overlaps and all."""
        return [h for part in parts for h in self.found.get(part, ())]

    def has(self, name: str) -> bool:
        return any(c.name == name for c in self.cues)

    def cue_before(self, position: int, names: Iterable[str]) -> str | None:
        """The nearest of these cues that ends at or before the word at `position`."""
        wanted = set(names)
        before = [c for c in self.cues if c.name in wanted and c.end <= position]
        return max(before, key=lambda c: (c.end, c.end - c.start)).name if before else None

    def negated(self, start: int, end: int, values: Iterable[Found]) -> bool:
        """The words [start, end) are in a negation's scope, with no other value (one not
        containing them, as "not a programmer" contains "programmer") between the two; or
        they are the next item of a negated list: the value just before them is negated and
        only joiners stand between ("no robotics or vision", "neither online nor hybrid")."""
        values = list(values)
        others = [v for v in values if not v.start <= start < end <= v.end]
        if any(
            s.start <= start < s.end and not any(s.negation <= v.start < start for v in others)
            for s in self.scopes
        ):
            return True
        before = [v for v in others if v.end <= start]
        if not before or not self.joiners:
            return False
        last = max(before, key=lambda v: (v.end, v.end - v.start))
        between = self.words[last.end : start]
        return (
            bool(between)
            and all(w in self.joiners for w in between)
            and self.negated(last.start, last.end, [v for v in values if v.start < start])
        )

    def part_length(self, position: int, connectors: frozenset[str]) -> int:
        """How many words the part of the clause holding `position` has, parts being cut at
        connector words ("industry, nlp and 80k": "nlp" is a part of one word)."""
        start = end = position
        while start > 0 and self.words[start - 1] not in connectors:
            start -= 1
        while end < len(self.words) and self.words[end] not in connectors:
            end += 1
        return end - start


@dataclass(frozen=True)
class Analysis:
    text: str  # as typed (control characters removed)
    folded: str  # lowercase, accents and punctuation dropped (advisor.understanding.text.fold)
    asks: bool  # a sentence of it ends in "?" ("also what do I need? like visa, TOEFL")
    parts: tuple[Clause, ...]
    money_text: str = ""  # the text with numbers in words written as digits
    amounts: tuple[Amount, ...] = ()  # every amount in money_text, with its currency and span

    @property
    def clauses(self) -> tuple[tuple[str, ...], ...]:
        return tuple(c.words for c in self.parts)

    def has(self, name: str) -> bool:
        """A cue of this name anywhere in the message."""
        return any(c.has(name) for c in self.parts)

    @property
    def words(self) -> tuple[str, ...]:
        return tuple(w for c in self.parts for w in c.words)


def cue_index(cues: Mapping[str, Iterable[str]]) -> CueIndex:
    """Cue lists (name -> phrases) compiled for `analyse`."""
    index: dict[str, list[tuple[tuple[str, ...], str]]] = {}
    for name, phrases in cues.items():
        for phrase in phrases:
            if words := tuple(fold(phrase).split()):
                index.setdefault(words[0], []).append((words, name))
    return {k: tuple(v) for k, v in index.items()}


def _cues(words: tuple[str, ...], *indexes: CueIndex) -> tuple[Cue, ...]:
    return tuple(
        Cue(name, i, i + len(phrase))
        for index in indexes
        for i, w in enumerate(words)
        for phrase, name in index.get(w, ())
        if words[i : i + len(phrase)] == phrase
    )


def _scopes(
    words: tuple[str, ...], negations: Iterable[Found], stops: frozenset[str], starts: frozenset[int]
) -> tuple[Scope, ...]:
    """Each negation reaches a few words on, not past a connector ("but") or the start of a
    correction said in full ("actually", "on second thought"; "on" alone does not stop it)."""
    scopes = []
    for n in negations:
        end = min(len(words), n.end + NEGATION_REACH + 1)
        end = next((i for i in range(n.end, end) if words[i] in stops or i in starts), end)
        scopes.append(Scope(n.start, n.end, end))
    return tuple(scopes)


def analyse(text: str, vocab: SlotVocabulary, cues: CueIndex | None = None) -> Analysis:
    """The one reading of `text`; `cues` adds the dialogue's own cue words to the vocabulary's."""
    from advisor.understanding.money import amounts
    from advisor.understanding.slots import clauses, occurrences, said_negations

    parts = []
    for words in map(tuple, clauses(text, vocab)):
        found = occurrences(words, vocab)
        corrections = frozenset(h.start for h in found.get("corrections", ()))
        scopes = _scopes(words, said_negations(found), vocab.scope_stops, corrections)
        parts.append(Clause(words, found, scopes, _cues(words, vocab.cues, cues or {}), vocab.negation_lists))
    money_text, found_amounts = amounts(text, vocab.money)
    return Analysis(
        text=text,
        folded=fold(text),
        asks="?" in text,
        parts=tuple(parts),
        money_text=money_text,
        amounts=tuple(found_amounts),
    )
