"""Answering one question: small talk, a named program, a comparison, an FAQ, or honesty.

Pure: text and knowledge in, an `Answer` value out. Wording is left to the templates.
The text is read once (`Asker.read`); a fitted gate decides whether it is about studying ML
at all, and a fitted ranker which topic it asks about (`faq_model`).
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any, Literal

from advisor.domain import Faq, Knowledge, Program
from advisor.understanding.faq_model import Bands, FaqModel
from advisor.understanding.matching import Evidence, Hit, Lexicon, PhraseIndex
from advisor.understanding.program_names import Mention, ProgramIndex, group_by_school
from advisor.understanding.text import MAX_INPUT_CHARS, Synonyms, fold, normalize, sentences
from advisor.understanding.vectors import Vector, VectorFileError, WordVectors

AnswerKind = Literal["faq", "program", "compare", "unknown", "smalltalk", "empty"]


@dataclass(frozen=True)
class Reading:
    """A question read once: what every decision about it looks at."""

    words: tuple[str, ...]  # normalized, typos corrected
    terms: tuple[str, ...]  # stemmed, stopwords out
    evidence: tuple[Evidence, ...]  # per FAQ that shares a term
    mentions: tuple[Mention, ...]  # programs it names
    question: bool  # reads as a question (a question mark, or a question word first)
    meaning: Vector = ()  # its mean word vector


@dataclass(frozen=True)
class Explanation:
    """What was matched, for `--explain` and `/why`."""

    winner: Hit | None
    runners_up: tuple[Hit, ...]
    programs: tuple[Mention, ...]
    words: str  # the question as the matcher saw it
    in_domain: float = 1.0  # the gate's probability that the question is about studying ML
    features: tuple[tuple[str, float], ...] = ()  # the winner's evidence
    sure: float = 0.0  # the fitted probability that the winner is the one asked about
    gate: float = 0.0  # the cut the gate's probability was held to (lower in a conversation)
    passed: str = "gate"  # "gate": at or above the cut; "named": a program named by its name; ""


@dataclass(frozen=True)
class Answer:
    question: str
    kind: AnswerKind
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
    outside: bool = False  # the gate found the question outside what the advisor knows
    bands: Bands = Bands(0.0, 1.0, 0.0)  # the bands it was judged by (for --explain)


def faq_phrasings(faq: Faq) -> list[str]:
    return [faq.question, *faq.alternates, *faq.keywords]


class Asker:
    """Everything needed to answer questions, built once from the knowledge."""

    def __init__(self, kb: Knowledge):
        self.kb = kb
        synonyms = Synonyms.build(kb.synonym_pairs)
        lookup = kb.lookup
        texts = [t for f in kb.faqs for t in faq_phrasings(f)]
        texts += [t for p in kb.programs for t in (p.school, p.name, *p.school_aliases, *p.program_aliases)]
        texts += [w for words in lookup.get("fields", {}).values() for w in words]
        self.lexicon = Lexicon(synonyms, kb.stopwords).with_vocabulary(texts)
        vectors = None
        if kb.word_vectors:
            try:
                vectors = WordVectors.read(Path(kb.word_vectors))
            except (OSError, VectorFileError):
                vectors = None  # matching by words alone still works
        self.faq_index = PhraseIndex(
            self.lexicon,
            [(f.id, t) for f in kb.faqs for t in faq_phrasings(f)],
            {f.id: f.keywords for f in kb.faqs},
            vectors,
        )
        self.model: FaqModel | None = kb.faq_model
        # The text classifier learnt the shipped FAQs: a folder with other FAQs goes without it
        # (it would count against every FAQ it never saw).
        classifier = self.model.classifier if self.model else None
        self.classifies = classifier is not None and set(classifier.topics) == {f.id for f in kb.faqs}
        self.question_words = frozenset(fold(w) for w in kb.dialogue.get("question_words", ()))
        self.program_index = ProgramIndex(self.lexicon, kb.programs, lookup.get("ambiguous_aliases", ()))

        # Our own word lists are normalized but never spell-corrected ("compile" is no typo).
        def phrases(items: Sequence[str]) -> list[tuple[str, ...]]:
            return [tuple(normalize(w, synonyms).split()) for w in items]

        self.fields = {name: phrases(words) for name, words in lookup.get("fields", {}).items()}
        self.compare_words = phrases(lookup.get("compare_words", ()))
        self.technical_words = phrases(lookup.get("technical_words", ()))
        self.smalltalk = {
            fold(p): (item["id"], item["reply"])
            for item in lookup.get("smalltalk", ())
            for p in item["phrases"]
        }
        self.faqs = {f.id: f for f in kb.faqs}
        self.examples = tuple(f.question for f in kb.faqs[:3])

    QUESTION_SENTENCES = 4  # a long post's question sentences weighed on their own, at most
    STORY_SENTENCES = 2  # a post with no question sentence: its last sentences are weighed

    def _reads_as_question(self, text: str) -> bool:
        """A question mark, or a question word first ("what", "how", "is", "should" ...)."""
        first = fold(text[:40]).split()[:1]
        return "?" in text or bool(first and first[0] in self.question_words)

    def read(self, text: str, exclude: int | None = None) -> Reading:
        """Everything the decisions need from a text, computed once. `exclude` leaves one FAQ
        phrasing out of the index (to fit and lint on the knowledge's own phrasings)."""
        words = self.lexicon.words(text)
        parts = sentences(text)
        asked = [s for s in parts if self._reads_as_question(s)]
        question = self._reads_as_question(text) or bool(asked)
        chosen = (asked or parts[-self.STORY_SENTENCES :])[: self.QUESTION_SENTENCES]
        split = [self.lexicon.words(s) for s in chosen] if len(parts) > 1 else []
        meaning = self.faq_index.meaning(words)
        return Reading(
            tuple(words),
            tuple(self.lexicon.terms(words)),
            tuple(self.faq_index.evidence(words, split, exclude, meaning)),
            tuple(self.program_index.find(words)),
            question,
            meaning,
        )

    def scored(self, reading: Reading) -> tuple[list[Hit], float, float]:
        """The FAQs by fitted score, the probability that the first is the one asked about, and
        the gate's probability that the text is about studying ML at all."""
        model = self.model
        if model is None:  # no fitted model: the best cosine, and no gate
            hits = [Hit(e.item, e.values[0], e.phrase) for e in reading.evidence]
            return hits, hits[0].score if hits else 0.0, 1.0
        classified = model.classify(reading.terms, reading.meaning) if self.classifies else {}
        ranked = model.rank(reading.evidence, classified)
        hits = [Hit(e.item, round(p, 4), e.phrase) for e, p in ranked]
        program = max((m.score for m in reading.mentions), default=0.0)
        values = model.gate_values(
            reading.terms,
            hits[0].score if hits else 0.0,
            reading.evidence,
            program,
            reading.question,
            reading.meaning,
        )
        information = ranked[0][0].named()["certainty"] if ranked else 0.0
        agreed = classified.get(ranked[0][0].item, 0.0) if ranked else 0.0
        sure = round(model.certainty([p for _, p in ranked[:2]], information, agreed), 4)
        return hits, sure, model.in_domain(reading.terms, self.gate_words(reading), values)

    def gate_words(self, reading: Reading) -> list[str]:
        return [w for w in reading.words if w not in self.lexicon.stopwords]

    def ask(self, question: str, conversation: bool = False) -> Answer:
        """The answer to one question (its `bands` say what it was judged by); `conversation`:
        asked in the middle of a conversation about studying ML."""
        return replace(
            self._ask(question, conversation), bands=self.model.bands if self.model else Bands(0.0, 1.0, 0.0)
        )

    def _ask(self, question: str, conversation: bool) -> Answer:
        truncated = len(question) > MAX_INPUT_CHARS
        text = question[:MAX_INPUT_CHARS]
        folded = fold(text)
        if not folded:
            return Answer(question, "empty", truncated=truncated)
        if folded in self.smalltalk:
            return Answer(
                question,
                "smalltalk",
                reply=self.smalltalk[folded][1],
                smalltalk=self.smalltalk[folded][0],
                confidence=1.0,
                truncated=truncated,
            )
        reading = self.read(text)
        hits, sure, in_domain = self.scored(reading)
        top = next((e for e in reading.evidence if hits and e.item == hits[0].item), None)
        words = list(reading.words)
        # Naming a program is context of its own, as a conversation about study is.
        gate = self.model.bands.gate_for(conversation or bool(reading.mentions)) if self.model else 0.0
        # A program named by its own name or alias ("OMSCS", "the MLT") is the domain itself:
        # none of the everyday requests does that, while many name a city that is a school's.
        passed = (
            "gate"
            if in_domain >= gate
            else "named"
            if any(m.by_program_name for m in reading.mentions)
            else ""
        )
        explanation = Explanation(
            hits[0] if hits else None,
            tuple(hits[1:4]),
            reading.mentions,
            " ".join(reading.words),
            round(in_domain, 4),
            tuple(top.named().items()) if top else (),
            sure,
            gate,
            passed,
        )
        if not passed:
            return Answer(
                question,
                "unknown",
                confidence=round(in_domain, 4),
                truncated=truncated,
                explanation=explanation,
                examples=self.examples,
                outside=True,
                technical=self._has_any(words, self.technical_words),
            )
        if reading.mentions:
            return self._about_programs(question, words, reading.mentions, hits, explanation, truncated)
        return self._about_faqs(question, hits, sure, explanation, truncated)

    def _table(self, name: str) -> tuple[Any, ...]:
        """Knowledge shown after an FAQ answer; degree kinds come with example schools."""
        if name != "degree_kinds":
            return tuple(getattr(self.kb, name))

        def schools(ids: Sequence[str]) -> tuple[str, ...]:
            found = (p.school for i in ids if (p := self.kb.program(i)))
            return tuple(dict.fromkeys(found))[:3]

        return tuple((k, schools(k.examples)) for k in self.kb.degree_kinds)

    def _about_faqs(
        self, question: str, hits: Sequence[Hit], score: float, explanation: Explanation, truncated: bool
    ) -> Answer:
        top = hits[0] if hits else None
        bands = self.model.bands if self.model else None
        answer_at, suggest_at = (bands.answer, bands.suggest) if bands else (1.0, 0.0)
        if top and score >= answer_at:
            faq = self.faqs[top.item]
            related = tuple(self.faqs[r] for r in faq.related if r in self.faqs)
            tables = tuple((name, self._table(name)) for name in faq.show)
            return Answer(
                question,
                "faq",
                faq=faq,
                confidence=score,
                related=related,
                truncated=truncated,
                explanation=explanation,
                tables=tables,
            )
        close = tuple(self.faqs[h.item] for h in hits[:3]) if score >= suggest_at else ()
        return Answer(
            question,
            "unknown",
            confidence=score,
            suggestions=close,
            truncated=truncated,
            explanation=explanation,
            examples=self.examples,
        )

    def _about_programs(
        self,
        question: str,
        words: list[str],
        mentions: Sequence[Mention],
        hits: Sequence[Hit],
        explanation: Explanation,
        truncated: bool,
    ) -> Answer:
        groups = group_by_school(mentions)
        chosen = [p for group in groups.values() for p in self._narrow(group, words)]
        wants_compare = len(chosen) > 1 and self._has_any(words, self.compare_words)
        kind: AnswerKind = "compare" if (len(groups) > 1 or wants_compare) else "program"
        focus = tuple(name for name, phrases in self.fields.items() if self._has_any(words, phrases))
        answer_at = self.model.bands.answer if self.model else 1.0
        related = self.faqs[hits[0].item] if hits and explanation.sure >= answer_at else None
        best = max(m.score for m in mentions)
        return Answer(
            question,
            kind,
            programs=tuple(chosen),
            confidence=round(0.6 + 0.4 * best, 3),
            focus=focus,
            related_faq=related,
            truncated=truncated,
            explanation=explanation,
        )

    def _narrow(self, group: Sequence[Mention], words: Sequence[str]) -> list[Program]:
        """Of one school's programs, those whose own name fits the question best."""
        present = set(words) - self.lexicon.stopwords
        school_words = set(self.lexicon.words(group[0].program.school))

        def fit(m: Mention) -> int:
            own = (
                {w for t in (m.program.name, *m.program.program_aliases) for w in self.lexicon.words(t)}
                - school_words
                - self.lexicon.stopwords
            )
            return len(own & present)

        scores = {m.program.id: fit(m) for m in group}
        top = max(scores.values())
        return [m.program for m in group if scores[m.program.id] == top]

    @staticmethod
    def _has_any(words: Sequence[str], phrases: Sequence[tuple[str, ...]]) -> bool:
        text = f" {' '.join(words)} "
        return any(p and f" {' '.join(p)} " in text for p in phrases)
