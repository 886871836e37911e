"""Fuzzy matching of what people type against phrasings from the knowledge base.

Text becomes terms (normalized words minus stopwords, typos corrected against the known
vocabulary, stemmed). An index of phrasings scores a query by weighted term overlap (each
term weighted by how rare it is across items) blended with rapidfuzz similarity of the whole
phrasings, giving a score in 0..1 per item.
"""

from __future__ import annotations

import math
from collections import defaultdict
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from functools import lru_cache

import snowballstemmer
from rapidfuzz import fuzz, process

from advisor.text import Synonyms, normalize

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
        candidates = [w for n in range(len(word) - 2, len(word) + 3)
                      for first in firsts
                      for w in self._buckets.get((first, n), ())]
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
    """One item's score for a query, with the phrasing that scored best."""

    item: str
    score: float
    phrase: str


@dataclass(frozen=True)
class _Phrase:
    item: str
    text: str  # as written in the knowledge base
    words: str  # normalized words, for rapidfuzz
    terms: frozenset[str]


class PhraseIndex:
    """Items (e.g. FAQ ids), each with phrasings; scores queries against them."""

    # How the parts of a score are weighed: the best single phrasing (cosine of weighted
    # terms), how much of the query the item's phrasings cover together, how much its
    # context (e.g. the answer) covers, and rapidfuzz similarity of the best phrasing.
    WEIGHTS = (0.40, 0.25, 0.0, 0.15, 0.20)
    INFORMATION_FULL = 1.5  # summed term weight from which a query counts as specific
    CONTAIN_MIN_TERMS = 3  # phrasings this long count for containment (not bare keywords)
    LONG_QUERY_TERMS = 8  # questions with this many terms are scored by containment too
    CONTAIN_WEIGHT = 0.6  # what a fully contained phrasing is worth
    CONTAIN_FLOOR = 25.0  # summed squared term weight of a phrasing specific enough to trust
    SAME_QUESTION = 0.9  # rapidfuzz similarity from which a question counts as a phrasing
    UNKNOWN_WEIGHT = 0.7
    NEGLIGIBLE = 0.001  # squared weight of a term too common to be looked up
    UNKNOWN_PENALTY = 0.3  # exponent on the share of the query's weight the index knows

    def __init__(self, lexicon: Lexicon, phrasings: Iterable[tuple[str, str]],
                 context: dict[str, str] | None = None,
                 anchors: dict[str, Iterable[str]] | None = None):
        self.lexicon = lexicon
        # Context (e.g. an answer) is long and written by us: normalized, not spell-corrected.
        self.context_terms = {item: frozenset(lexicon.terms(normalize(text, lexicon.synonyms).split()))
                              for item, text in (context or {}).items()}
        self.phrases: list[_Phrase] = []
        for item, text in phrasings:
            words = lexicon.words(text)
            self.phrases.append(_Phrase(item, text, " ".join(words),
                                        frozenset(lexicon.terms(words))))
        item_terms: dict[str, set[str]] = defaultdict(set)
        for p in self.phrases:
            item_terms[p.item] |= p.terms
        n = len(item_terms)
        df: dict[str, int] = defaultdict(int)
        for terms in item_terms.values():
            for t in terms:
                df[t] += 1
        self.idf = {t: math.log((n + 1) / (c + 0.5)) for t, c in df.items()}
        # A word the knowledge never uses weighs like a rare one (UNKNOWN_WEIGHT of the rarest).
        self.unknown_idf = math.log((n + 1) / 0.5) * self.UNKNOWN_WEIGHT
        self.item_terms = {i: frozenset(t) for i, t in item_terms.items()}
        self.domain = frozenset(self.idf).union(*self.context_terms.values())
        # An item's own words (e.g. an FAQ's keywords): finding one weighs extra.
        self.anchor_terms = {item: frozenset(t for text in texts
                                             for t in lexicon.terms(lexicon.words(text)))
                             for item, texts in (anchors or {}).items()}
        self.postings: dict[str, list[int]] = defaultdict(list)
        for k, p in enumerate(self.phrases):
            for t in p.terms:
                self.postings[t].append(k)
        self.by_words: dict[str, list[int]] = defaultdict(list)
        for k, p in enumerate(self.phrases):
            self.by_words[p.words].append(k)
        self.norms = [math.sqrt(sum(self.idf[t] ** 2 for t in p.terms)) or 1.0
                      for p in self.phrases]

    def weight(self, term: str) -> float:
        return self.idf.get(term, self.unknown_idf)

    def search(self, words: Sequence[str], limit: int = 5, exclude: int | None = None) -> list[Hit]:
        """The best items for `words`; `exclude` leaves one phrasing out (for linting it)."""
        terms = set(self.lexicon.terms(words))
        if not terms:
            return []
        q2 = sum(self.weight(t) ** 2 for t in terms)
        overlap: dict[int, float] = defaultdict(float)
        for t in terms:
            w2 = self.weight(t) ** 2
            if w2 < self.NEGLIGIBLE:  # in nearly every phrasing ("machine", "learning")
                continue
            for k in self.postings.get(t, ()):
                if k != exclude:
                    overlap[k] += w2
        same = self.by_words.get(" ".join(words))  # asked exactly as a phrasing reads
        for k in same or ():
            if k != exclude:
                overlap[k] = sum(self.weight(t) ** 2 for t in terms & self.phrases[k].terms)
        best: dict[str, tuple[float, int]] = {}
        contained: dict[str, float] = defaultdict(float)
        for k, shared in overlap.items():
            cosine = shared / (math.sqrt(q2) * self.norms[k])
            item = self.phrases[k].item
            if cosine > best.get(item, (-1.0, 0))[0]:
                best[item] = (cosine, k)
            if len(self.phrases[k].terms) >= self.CONTAIN_MIN_TERMS:
                # How much of a whole phrasing the question contains: a long question with
                # a life story around "would a program admit me without a tech background"
                # still contains that phrasing, though the story dilutes the cosine.
                # A short phrasing is easily contained by chance, so its weight counts as at
                # least CONTAIN_FLOOR: only longer, more specific phrasings reach 1.
                contained[item] = max(contained[item],
                                      shared / max(self.norms[k] ** 2, self.CONTAIN_FLOOR))
        text = " ".join(words)
        # A query of only common words ("masters") carries too little to be sure of anything.
        information = sum(self.idf.get(t, 0.0) for t in terms)
        certainty = min(1.0, information / self.INFORMATION_FULL) ** 0.5
        # Words the knowledge never uses (weather, pasta, guitar) pull every score down.
        known = sum(self.weight(t) ** 2 for t in terms if t in self.domain) / q2
        plain_certainty = certainty
        certainty *= known ** self.UNKNOWN_PENALTY
        hits = []
        for item, (cosine, k) in best.items():
            covered = sum(self.weight(t) ** 2 for t in terms & self.item_terms[item]) / q2
            context = self.context_terms.get(item, frozenset())
            in_context = sum(self.weight(t) ** 2 for t in terms & context) / q2
            similar = fuzz.token_sort_ratio(text, self.phrases[k].words) / 100.0
            anchored = sum(self.weight(t) ** 2
                           for t in terms & self.anchor_terms.get(item, frozenset())) / q2
            w = self.WEIGHTS
            score = certainty * (w[0] * cosine + w[1] * covered + w[2] * in_context
                                 + w[3] * similar + w[4] * anchored)
            if similar >= self.SAME_QUESTION and len(self.phrases[k].terms) >= 2:
                score = max(score, similar)  # asked just as a phrasing reads: no doubt
            if len(terms) >= self.LONG_QUERY_TERMS:
                score = max(score, plain_certainty * self.CONTAIN_WEIGHT * contained.get(item, 0.0))
            hits.append(Hit(item, round(min(score, 1.0), 4), self.phrases[k].text))
        hits.sort(key=lambda h: (-h.score, h.item))
        return hits[:limit]
