"""Finding the programs a question names: school and program names, aliases and typos."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Sequence
from dataclasses import dataclass

from advisor.domain import Program
from advisor.understanding.matching import Lexicon

MAX_NGRAM = 6


@dataclass(frozen=True)
class Mention:
    """A program the question names, and how many of the question's words name it."""

    program: Program
    score: float  # 0..1: share of the program's own naming words present in the question
    via: str  # the alias phrase that matched
    by_program_name: bool = False  # via the program's own name or alias ("OMSCS"), not its school's


def _phrases(program: Program) -> list[str]:
    return [program.school, *program.school_aliases, program.name, *program.program_aliases]


class ProgramIndex:
    """Alias phrases -> programs; a phrase is kept only if it has a word that is not
    shared by many schools (so "ms in machine learning" never names one program)."""

    GENERIC_SHARE = 3  # a word in this many schools' names is too common to name one

    def __init__(self, lexicon: Lexicon, programs: Sequence[Program], ambiguous: Sequence[str] = ()):
        self.lexicon = lexicon
        ambiguous_words = {w for a in ambiguous for w in lexicon.words(a)}
        self.programs = tuple(programs)
        words_of: dict[str, list[list[str]]] = {}
        schools_with: dict[str, set[str]] = defaultdict(set)
        for p in programs:
            forms = [lexicon.words(t) for t in _phrases(p)]
            words_of[p.id] = forms
            for form in forms:
                for w in form:
                    schools_with[w].add(p.school)
        self.generic = {w for w, s in schools_with.items() if len(s) >= self.GENERIC_SHARE}
        self.generic |= lexicon.stopwords
        self.aliases: dict[tuple[str, ...], set[str]] = defaultdict(set)
        self.naming_words: dict[str, frozenset[str]] = {}
        self.program_forms = {
            p.id: frozenset(tuple(f) for f in words_of[p.id][1 + len(p.school_aliases) :]) for p in programs
        }
        for p in programs:
            own: set[str] = set()
            for k, form in enumerate(words_of[p.id]):
                distinctive = [w for w in form if w not in self.generic]
                if distinctive:
                    self.aliases[tuple(form)].add(p.id)
                    own |= set(distinctive)
                    if k == 0:  # "Stanford University" is also named by "Stanford" alone
                        self.aliases[tuple(distinctive)].add(p.id)
            self.naming_words[p.id] = frozenset(own)
        for word in ambiguous_words:
            self.aliases.pop((word,), None)
        self.by_id = {p.id: p for p in programs}

    def find(self, words: Sequence[str]) -> list[Mention]:
        """Programs named in `words` (already normalized), best first."""
        found: dict[str, tuple[int, str]] = {}
        by_name: set[str] = set()
        n = len(words)
        for size in range(min(MAX_NGRAM, n), 0, -1):
            for start in range(n - size + 1):
                gram = tuple(words[start : start + size])
                for pid in self.aliases.get(gram, ()):
                    if pid not in found or found[pid][0] < size:
                        found[pid] = (size, " ".join(gram))
                    if gram in self.program_forms[pid]:
                        by_name.add(pid)
        if not found:
            return []
        present = set(words)
        mentions = []
        for pid, (_, via) in found.items():
            own = self.naming_words[pid]
            score = len(own & present) / len(own) if own else 0.0
            mentions.append(Mention(self.by_id[pid], round(score, 3), via, pid in by_name))
        mentions.sort(key=lambda m: (-m.score, m.program.id))
        return mentions


def group_by_school(mentions: Sequence[Mention]) -> dict[str, list[Mention]]:
    groups: dict[str, list[Mention]] = {}
    for m in mentions:
        groups.setdefault(m.program.school, []).append(m)
    return groups
