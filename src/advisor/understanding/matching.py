"""Fuzzy matching of what people type against phrasings from the knowledge base.

Text becomes terms (normalized words minus stopwords, typos corrected against the known
vocabulary, stemmed). An index of phrasings measures, for each item, the evidence a query gives
for it (weighted term overlap, rapidfuzz similarity, ...); `faq_model` turns that evidence
into a fitted probability.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

from advisor.understanding.text import Synonyms, normalize
from advisor.understanding.vectors import Vector, WordVectors, cosine, unit

_STEMMER = snowballstemmer.stemmer("english")


# Words whose stem would make them another word ("programming" -> "program").
_UNSTEMMED = frozenset({"programming"})


@lru_cache(maxsize=65536)
def stem(word: str) -> str:
    return word if word in _UNSTEMMED else str(_STEMMER.stemWord(word))


class Speller:
    """Corrects a word to the nearest known word of about the same length, or leaves it."""

    CUTOFF = 80.0  # rapidfuzz ratio; one typo in a 6-letter word scores about 83
    MIN_LENGTH = 6  # shorter words are too often other real words ("stats", "based", "suits")

    def __init__(self, vocabulary: Iterable[str]):
        self.known = frozenset(vocabulary)
        buckets: dict[tuple[str, int], list[str]] = defaultdict(list)
        for word in sorted(self.known):  # sorted: the same correction in every process
            if len(word) >= self.MIN_LENGTH and not word.isdigit():
                buckets[(word[0], len(word))].append(word)
        self._buckets = dict(buckets)

    @lru_cache(maxsize=8192)  # noqa: B019 - a Speller lives as long as the knowledge
    def correct(self, word: str) -> str:
        if word in self.known or len(word) < self.MIN_LENGTH or word.isdigit():
            return word
        # A typo rarely hits the first letter; in longer words allow it to ("mahcine").
        firsts = sorted({word[0], word[1]}) if len(word) > 5 else [word[0]]
        candidates = [
            w
            for n in range(len(word) - 2, len(word) + 3)
            for first in firsts
            for w in self._buckets.get((first, n), ())
        ]
        best = process.extractOne(word, candidates, scorer=fuzz.ratio, score_cutoff=self.CUTOFF)
        return best[0] if best else word


@dataclass(frozen=True)
class Lexicon:
    """How text becomes comparable words and terms: synonyms, stopwords, spelling."""

    synonyms: Synonyms
    stopwords: frozenset[str]
    speller: Speller = field(default_factory=lambda: Speller(()))

    def words(self, text: str) -> list[str]:
        """Normalized words with typos corrected (stopwords kept)."""
        words = normalize(text, self.synonyms).split()
        fixed = [w if w in self.stopwords else self.speller.correct(w) for w in words]
        return self.synonyms.apply(" ".join(fixed)).split() if fixed != words else words

    def terms(self, words: Sequence[str]) -> list[str]:
        return [stem(w) for w in words if w not in self.stopwords]

    def with_vocabulary(self, texts: Iterable[str]) -> Lexicon:
        vocab = {w for t in texts for w in normalize(t, self.synonyms).split()}
        return Lexicon(self.synonyms, self.stopwords, Speller(vocab - self.stopwords))


@dataclass(frozen=True)
class Hit:
    """One item's fitted score for a query, with the phrasing that matched best."""

    item: str
    score: float
    phrase: str


@dataclass(frozen=True)
class _Phrase:
    item: str
    text: str  # as written in the knowledge base
    words: str  # normalized words, for rapidfuzz
    terms: frozenset[str]
    content: tuple[str, ...] = ()  # its words but stopwords, whose vectors make its meaning


# The evidence one item has for a query, as named features in 0..1 (or -1..1 for margins).
# How they are combined into a probability is fitted from data (`faq_model.yaml`).
FEATURES = (
    "cosine",
    "covered",
    "anchored",
    "contained",
    "fuzzy",
    "sentence",
    "bayes",
    "cosine_margin",
    "bayes_margin",
    "certainty",
    "known",
    "length",
    "meaning",
    "meaning_margin",
)


@dataclass(frozen=True)
class Evidence:
    item: str
    phrase: str  # the phrasing that matched best, as written
    values: tuple[float, ...]  # in the order of FEATURES

    def named(self) -> dict[str, float]:
        return dict(zip(FEATURES, self.values, strict=True))


class PhraseIndex:
    """Items (e.g. FAQ ids), each with phrasings; measures how well a query fits each item.

    Terms are weighted by how rare they are across items (IDF). For each item that shares a
    term with the query it measures: the cosine of the best single phrasing, how much of the
    query the item's phrasings cover together, its keywords' share, how much of its best long
    phrasing the query contains, rapidfuzz similarity, the best single sentence of a long
    query, and a naive-Bayes posterior over the items' words."""

    CONTAIN_MIN_TERMS = 3  # phrasings this long count for containment (not bare keywords)
    INFORMATION_FULL = 1.5  # summed term weight from which a query counts as specific
    UNKNOWN_WEIGHT = 0.7  # a word the knowledge never uses weighs like this share of the rarest
    NEGLIGIBLE = 0.001  # squared weight of a term too common to be looked up
    BAYES_SMOOTHING = 0.5  # Laplace smoothing of the naive-Bayes word counts
    LENGTH_FULL = 40.0  # query terms from which `length` is 1
    MEANING_CANDIDATES = 3  # items closest in meaning are weighed even without a shared word

    def __init__(
        self,
        lexicon: Lexicon,
        phrasings: Iterable[tuple[str, str]],
        anchors: dict[str, Iterable[str]] | None = None,
        vectors: WordVectors | None = None,
    ):
        self.lexicon = lexicon
        self.vectors = vectors
        self.phrases: list[_Phrase] = []
        content: dict[str, list[str]] = {}
        for item, text in phrasings:
            words = lexicon.words(text)
            own = tuple(w for w in words if w not in lexicon.stopwords)
            content.setdefault(item, []).extend(own)
            self.phrases.append(_Phrase(item, text, " ".join(words), frozenset(lexicon.terms(words)), own))
        # Each item's meaning: the sum of all its phrasings' word vectors (whole numbers, so
        # summed in any order alike), one sum an item.
        sums = {item: total for item, words in content.items() if vectors and (total := vectors.total(words))}
        self._meaning_sums = sums
        self.centroids = {item: unit(total) for item, total in sums.items()}
        self._first_phrase: dict[str, int] = {}
        for k, p in enumerate(self.phrases):
            self._first_phrase.setdefault(p.item, k)
        item_terms: dict[str, set[str]] = defaultdict(set)
        counts: dict[str, dict[str, int]] = defaultdict(lambda: defaultdict(int))
        for p in self.phrases:
            item_terms[p.item] |= p.terms
            for t in p.terms:
                counts[p.item][t] += 1
        n = len(item_terms)
        df: dict[str, int] = defaultdict(int)
        for terms in item_terms.values():
            for t in terms:
                df[t] += 1
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        self.unknown_idf = math.log((n + 1) / 0.5) * self.UNKNOWN_WEIGHT
        self.item_terms = {i: frozenset(t) for i, t in item_terms.items()}
        self.domain = frozenset(self.idf)
        # Naive Bayes: log P(term | item) from phrasing counts, smoothed.
        vocabulary = len(self.idf) or 1
        self._bayes: dict[str, dict[str, float]] = {}
        self._bayes_unseen: dict[str, float] = {}
        for item, c in counts.items():
            mass = sum(c.values()) + self.BAYES_SMOOTHING * vocabulary
            self._bayes[item] = {t: math.log((k + self.BAYES_SMOOTHING) / mass) for t, k in c.items()}
            self._bayes_unseen[item] = math.log(self.BAYES_SMOOTHING / mass)
        self.anchor_terms = {
            item: frozenset(t for text in texts for t in lexicon.terms(lexicon.words(text)))
            for item, texts in (anchors or {}).items()
        }
        self.postings: dict[str, list[int]] = defaultdict(list)
        for k, p in enumerate(self.phrases):
            for t in p.terms:
                self.postings[t].append(k)
        self.norms = [math.sqrt(sum(self.idf[t] ** 2 for t in sorted(p.terms))) or 1.0 for p in self.phrases]

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unknown_idf)

    def meaning(self, words: Sequence[str]) -> Vector:
        """The text's mean word vector (stopwords left out); () without vectors."""
        if self.vectors is None:
            return ()
        return self.vectors.mean(w for w in words if w not in self.lexicon.stopwords)

    def _meanings(self, query: Vector, exclude: int | None) -> dict[str, float]:
        """Cosine of the query's meaning with every item's centroid (without `exclude`)."""
        if not query:
            return {}
        centroids = self.centroids
        left = self.phrases[exclude] if exclude is not None else None
        own = self.vectors.total(left.content) if left and self.vectors else ()
        if left and own:
            rest = [a - b for a, b in zip(self._meaning_sums[left.item], own, strict=True)]
            centroids = {**centroids, left.item: unit(rest)}
        return {item: cosine(query, c) for item, c in centroids.items()}

    def _overlap(self, terms: set[str], exclude: int | None) -> dict[int, float]:
        overlap: dict[int, float] = defaultdict(float)
        for t in sorted(terms):  # sorted: the same sums, and the same ties, in every process
            w2 = self.weight(t) ** 2
            if w2 < self.NEGLIGIBLE:  # in nearly every phrasing ("machine", "learning")
                continue
            for k in self.postings.get(t, ()):
                if k != exclude:
                    overlap[k] += w2
        return overlap

    def _best_cosines(self, terms: set[str], exclude: int | None) -> dict[str, float]:
        q = math.sqrt(sum(self.weight(t) ** 2 for t in sorted(terms))) or 1.0
        best: dict[str, float] = {}
        for k, shared in sorted(self._overlap(terms, exclude).items()):
            item = self.phrases[k].item
            best[item] = max(best.get(item, 0.0), shared / (q * self.norms[k]))
        return best

    def evidence(
        self,
        words: Sequence[str],
        sentences: Sequence[Sequence[str]] = (),
        exclude: int | None = None,
        meaning: Vector | None = None,
    ) -> list[Evidence]:
        """The evidence of every item that shares a term with `words`; `sentences` are the
        query's sentences (as words) when it has several; `exclude` leaves one phrasing out
        (for linting it, and for fitting on the knowledge's own phrasings)."""
        terms = set(self.lexicon.terms(words))
        if not terms:
            return []
        q2 = sum(self.weight(t) ** 2 for t in sorted(terms))
        overlap = self._overlap(terms, exclude)
        meanings = self._meanings(self.meaning(words) if meaning is None else meaning, exclude)
        if not overlap and not meanings:
            return []
        best: dict[str, tuple[float, int]] = {}
        contained: dict[str, float] = defaultdict(float)
        for k in sorted(overlap):
            shared = overlap[k]
            cosine = shared / (math.sqrt(q2) * self.norms[k])
            item = self.phrases[k].item
            if cosine > best.get(item, (-1.0, 0))[0]:
                best[item] = (cosine, k)
            if len(self.phrases[k].terms) >= self.CONTAIN_MIN_TERMS:
                contained[item] = max(contained[item], shared / self.norms[k] ** 2)
        closest = sorted(meanings, key=lambda i: (-meanings[i], i))[: self.MEANING_CANDIDATES]
        for item in closest:
            if item not in best:  # close in meaning, no word shared: its first phrasing stands in
                k = self._first_phrase[item]
                if k == exclude:
                    k = next(j for j, p in enumerate(self.phrases) if p.item == item and j != exclude)
                best[item] = (0.0, k)
        by_sentence: dict[str, float] = defaultdict(float)
        for sentence in sentences:
            s_terms = set(self.lexicon.terms(sentence))
            if s_terms:
                for item, cosine in self._best_cosines(s_terms, exclude).items():
                    by_sentence[item] = max(by_sentence[item], cosine)
        terms_sorted = sorted(terms)
        information = sum(self.idf.get(t, 0.0) for t in terms_sorted)
        certainty = min(1.0, information / self.INFORMATION_FULL)
        known = sum(self.weight(t) ** 2 for t in terms_sorted if t in self.domain) / q2
        length = min(1.0, len(terms) / self.LENGTH_FULL)
        text = " ".join(words)
        bayes = self._posterior(terms & self.domain, list(best))
        top_cosine = sorted((c for c, _ in best.values()), reverse=True)[:2]
        top_bayes = sorted(bayes.values(), reverse=True)[:2]
        top_meaning = sorted(meanings.values(), reverse=True)[:2]
        found = []
        for item, (cosine, k) in best.items():
            covered = sum(self.weight(t) ** 2 for t in sorted(terms & self.item_terms[item])) / q2
            anchored = (
                sum(self.weight(t) ** 2 for t in sorted(terms & self.anchor_terms.get(item, frozenset())))
                / q2
            )
            fuzzy = fuzz.token_sort_ratio(text, self.phrases[k].words) / 100.0
            close = meanings.get(item, 0.0)
            values = (
                cosine,
                covered,
                anchored,
                min(1.0, contained.get(item, 0.0)),
                fuzzy,
                by_sentence.get(item, cosine),
                bayes[item],
                _margin(cosine, top_cosine),
                _margin(bayes[item], top_bayes),
                certainty,
                known,
                length,
                close,
                _margin(close, top_meaning),
            )
            found.append(Evidence(item, self.phrases[k].text, tuple(round(v, 6) for v in values)))
        found.sort(key=lambda e: (-e.values[0], e.item))
        return found

    def _posterior(self, terms: set[str], items: list[str]) -> dict[str, float]:
        """Naive-Bayes P(item | terms) among `items` (equal priors)."""
        ordered = sorted(terms)
        logs = {i: sum(self._bayes[i].get(t, self._bayes_unseen[i]) for t in ordered) for i in items}
        top = max(logs.values(), default=0.0)
        exp = {i: math.exp(v - top) for i, v in logs.items()}
        total = sum(exp.values()) or 1.0
        return {i: v / total for i, v in exp.items()}


def _margin(value: float, top_two: Sequence[float]) -> float:
    """How far `value` is ahead of the best other value (negative: behind the best)."""
    if not top_two:
        return 0.0
    if value >= top_two[0]:
        return value - (top_two[1] if len(top_two) > 1 else 0.0)
    return value - top_two[0]
