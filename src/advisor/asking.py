"""Answering one question: small talk, a named program, a comparison, an FAQ, or honesty.

Pure: text and knowledge in, an `Answer` value out. Wording is left to the templates.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from advisor.lookup import Mention, ProgramIndex, group_by_school
from advisor.matching import Hit, Lexicon, PhraseIndex
from advisor.records import Faq, Knowledge, Program
from advisor.text import MAX_INPUT_CHARS, Synonyms, fold, normalize

# Confidence bands of an FAQ match (named so tests can hold them).
FAQ_ANSWER = 0.25  # at or above (with a clear lead): answer
FAQ_SUGGEST = 0.18  # between this and FAQ_ANSWER: "did you mean ..."
FAQ_LEAD = 0.015  # a top score this close to the runner-up is a guess: suggest instead
FAQ_SURE = 0.60  # above this the lead does not matter


@dataclass(frozen=True)
class Explanation:
    """What was matched, for `--explain` and `/why`."""

    winner: Hit | None
    runners_up: tuple[Hit, ...]
    programs: tuple[Mention, ...]
    words: str  # the question as the matcher saw it


@dataclass(frozen=True)
class Answer:
    question: str
    kind: str  # faq | program | compare | unknown | smalltalk | empty
    faq: Faq | None = None
    programs: tuple[Program, ...] = ()
    confidence: float = 0.0
    suggestions: tuple[Faq, ...] = ()
    focus: tuple[str, ...] = ()  # program fields the question is about
    reply: str | None = None  # small talk reply text from the knowledge
    smalltalk: str | None = None  # which small talk (greeting, thanks, identity)
    related_faq: Faq | None = None  # an FAQ also close to a program question
    truncated: bool = False
    related: tuple[Faq, ...] = ()  # FAQs the knowledge links to the answered one
    technical: bool = False  # a question about doing ML (or code), not about studying it
    tables: tuple[tuple[str, tuple[Any, ...]], ...] = ()  # knowledge shown after an FAQ answer
    examples: tuple[str, ...] = ()  # questions the advisor can answer, offered when it cannot
    explanation: Explanation = field(default_factory=lambda: Explanation(None, (), (), ""))


def faq_phrasings(faq: Faq) -> list[str]:
    return [faq.question, *faq.alternates, *faq.keywords]


class Asker:
    """Everything needed to answer questions, built once from the knowledge."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        synonyms = Synonyms.build(kb.synonym_pairs)
        lookup = kb.lookup
        texts = [t for f in kb.faqs for t in faq_phrasings(f)]
        texts += [t for p in kb.programs for t in (p.school, p.name, *p.school_aliases,
                                                    *p.program_aliases)]
        texts += [w for words in lookup.get("fields", {}).values() for w in words]
        self.lexicon = Lexicon(synonyms, kb.stopwords).with_vocabulary(texts)
        self.faq_index = PhraseIndex(self.lexicon,
                                     [(f.id, t) for f in kb.faqs for t in faq_phrasings(f)],
                                     {f.id: f.answer for f in kb.faqs},
                                     {f.id: f.keywords for f in kb.faqs})
        self.program_index = ProgramIndex(self.lexicon, kb.programs,
                                          lookup.get("ambiguous_aliases", ()))
        # Our own word lists are normalized but never spell-corrected ("compile" is no typo).
        def phrases(items: Sequence[str]) -> list[tuple[str, ...]]:
            return [tuple(normalize(w, synonyms).split()) for w in items]
        self.fields = {name: phrases(words) for name, words in lookup.get("fields", {}).items()}
        self.compare_words = phrases(lookup.get("compare_words", ()))
        self.technical_words = phrases(lookup.get("technical_words", ()))
        self.study_words = phrases(lookup.get("study_words", ()))
        self.smalltalk = {fold(p): (item["id"], item["reply"])
                          for item in lookup.get("smalltalk", ()) for p in item["phrases"]}
        self.faqs = {f.id: f for f in kb.faqs}
        # A topic's own words (its keywords): one of them alone is enough evidence.
        self.anchors = {f.id: frozenset(t for k in f.keywords
                                        for t in self.lexicon.terms(self.lexicon.words(k)))
                        for f in kb.faqs}
        self.examples = tuple(f.question for f in kb.faqs[:3])

    def ask(self, question: str) -> Answer:
        truncated = len(question) > MAX_INPUT_CHARS
        text = question[:MAX_INPUT_CHARS]
        folded = fold(text)
        if not folded:
            return Answer(question, "empty", truncated=truncated)
        if folded in self.smalltalk:
            return Answer(question, "smalltalk", reply=self.smalltalk[folded][1],
                          smalltalk=self.smalltalk[folded][0],
                          confidence=1.0, truncated=truncated)
        words = self.lexicon.words(text)
        hits = self.faq_index.search(words, limit=4)
        mentions = self.program_index.find(words)
        explanation = Explanation(hits[0] if hits else None, tuple(hits[1:]), tuple(mentions),
                                  " ".join(words))
        if mentions:
            return self._about_programs(question, words, mentions, hits, explanation, truncated)
        if self._has_any(words, self.technical_words) and not self._has_any(words, self.study_words):
            return Answer(question, "unknown", confidence=0.0, truncated=truncated,
                          explanation=explanation, examples=self.examples, technical=True)
        return self._about_faqs(question, words, hits, explanation, truncated)

    def _table(self, name: str) -> tuple[Any, ...]:
        """Knowledge shown after an FAQ answer; degree kinds come with example schools."""
        if name != "degree_kinds":
            return tuple(getattr(self.kb, name))
        def schools(ids: Sequence[str]) -> tuple[str, ...]:
            found = (p.school for i in ids if (p := self.kb.program(i)))
            return tuple(dict.fromkeys(found))[:3]
        return tuple((k, schools(k.examples)) for k in self.kb.degree_kinds)

    def _evidence(self, words: Sequence[str], item: str) -> bool:
        """Two shared words, or one of the topic's own keywords."""
        shared = set(self.lexicon.terms(words)) & self.faq_index.item_terms[item]
        return len(shared) >= 2 or bool(shared & self.anchors[item])

    def _about_faqs(self, question: str, words: Sequence[str], hits: Sequence[Hit],
                    explanation: Explanation, truncated: bool) -> Answer:
        top = hits[0] if hits else None
        score = top.score if top else 0.0
        lead = score - (hits[1].score if len(hits) > 1 else 0.0)
        if top and score >= FAQ_ANSWER and (lead >= FAQ_LEAD or score >= FAQ_SURE) \
                and self._evidence(words, top.item):
            faq = self.faqs[top.item]
            related = tuple(self.faqs[r] for r in faq.related if r in self.faqs)
            tables = tuple((name, self._table(name)) for name in faq.show)
            return Answer(question, "faq", faq=faq, confidence=score, related=related,
                          truncated=truncated, explanation=explanation, tables=tables)
        close = tuple(self.faqs[h.item] for h in hits[:3]
                      if h.score >= FAQ_SUGGEST and h.score >= score - 0.12)
        return Answer(question, "unknown", confidence=score, suggestions=close,
                      truncated=truncated, explanation=explanation, examples=self.examples)

    def _about_programs(self, question: str, words: list[str], mentions: Sequence[Mention],
                        hits: Sequence[Hit], explanation: Explanation, truncated: bool) -> Answer:
        groups = group_by_school(mentions)
        chosen = [p for group in groups.values() for p in self._narrow(group, words)]
        wants_compare = len(chosen) > 1 and self._has_any(words, self.compare_words)
        kind = "compare" if (len(groups) > 1 or wants_compare) else "program"
        focus = tuple(name for name, phrases in self.fields.items() if self._has_any(words, phrases))
        related = self.faqs[hits[0].item] if hits and hits[0].score >= 0.8 else None
        best = max(m.score for m in mentions)
        return Answer(question, kind, programs=tuple(chosen), confidence=round(0.6 + 0.4 * best, 3),
                      focus=focus, related_faq=related, truncated=truncated,
                      explanation=explanation)

    def _narrow(self, group: Sequence[Mention], words: Sequence[str]) -> list[Program]:
        """Of one school's programs, those whose own name fits the question best."""
        present = set(words) - self.lexicon.stopwords
        school_words = set(self.lexicon.words(group[0].program.school))
        def fit(m: Mention) -> int:
            own = {w for t in (m.program.name, *m.program.program_aliases)
                   for w in self.lexicon.words(t)} - school_words - self.lexicon.stopwords
            return len(own & present)
        scores = {m.program.id: fit(m) for m in group}
        top = max(scores.values())
        return [m.program for m in group if scores[m.program.id] == top]

    @staticmethod
    def _has_any(words: Sequence[str], phrases: Sequence[tuple[str, ...]]) -> bool:
        text = f" {' '.join(words)} "
        return any(p and f" {' '.join(p)} " in text for p in phrases)
