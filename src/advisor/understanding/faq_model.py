"""The fitted FAQ model: a domain gate, then a ranker over the topics, both logistic.

The ranker weighs each topic's evidence (`matching.FEATURES`) together with the probability a
text classifier gives that topic: a multinomial logistic regression over the question's stems
and meaning, fitted on every labelled question, that has learnt which words real people use
for which topic. The weights and bands are data (`knowledge/faq_model.yaml`), fitted by
`python3 dev.py fit` from labelled questions; nothing here is set by hand. Pure: evidence in,
probabilities out.
"""

from __future__ import annotations

import math
import operator
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field

from advisor.understanding.matching import FEATURES, Evidence, PhraseIndex

# What the gate sees besides the words: how well the best topic fits, how much of the
# question the knowledge knows, whether a program is named, and whether it reads as a question.
GATE_FEATURES = ("best", "known", "certainty", "program", "question", "unseen", "length", "meaning_best")
MEANING_PREFIX = "m"  # the gate also weighs each dimension of the text's meaning: m0, m1 ...
# What the confidence in the best item looks at: its score, its lead over the next one, and
# how much the question says at all (its summed term weight, `certainty` of the evidence), and
# the text classifier's probability for it.
CONFIDENCE_FEATURES = ("top", "lead", "information", "agreed")
# What the ranker sees from the text classifier, besides the evidence: the topic's probability
# and its lead over the most probable other topic (negative: behind it).
CLASSIFIER_FEATURES = ("classified", "classified_margin")


def confidence_values(
    first: float, second: float, information: float, agreed: float = 0.0
) -> dict[str, float]:
    return {
        "top": logit(first),
        "lead": logit(first) - logit(second),
        "information": information,
        "agreed": agreed,
    }


def sigmoid(x: float) -> float:
    if x >= 0:
        return 1.0 / (1.0 + math.exp(-x))
    e = math.exp(x)
    return e / (1.0 + e)


@dataclass(frozen=True)
class Linear:
    """A logistic model: named weights and a bias."""

    weights: Mapping[str, float]
    bias: float

    def logit(self, values: Mapping[str, float]) -> float:
        return self.bias + sum(w * values.get(name, 0.0) for name, w in self.weights.items())


@dataclass(frozen=True)
class Bands:
    """Probability bands: below `gate` the question is outside what the advisor knows (below
    `chat_gate` in a conversation about study, where everyday requests are rarer); an FAQ is
    answered at or above `answer`, offered as "did you mean" at or above `suggest`."""

    gate: float
    answer: float
    suggest: float
    chat_gate: float | None = None

    def gate_for(self, conversation: bool) -> float:
        return self.chat_gate if conversation and self.chat_gate is not None else self.gate


@dataclass(frozen=True)
class TextClassifier:
    """Multinomial logistic regression: P(topic | the question's stems and meaning)."""

    topics: tuple[str, ...]
    bias: tuple[float, ...]  # one per topic
    terms: Mapping[str, tuple[tuple[int, float], ...]]  # stem -> (topic index, weight) pairs
    meaning: tuple[tuple[float, ...], ...]  # one row of weights per topic, over the dimensions

    def probabilities(self, terms: Sequence[str], meaning: Sequence[float]) -> dict[str, float]:
        logits = list(self.bias)
        for t in sorted(set(terms)):
            for k, w in self.terms.get(t, ()):
                logits[k] += w
        if meaning:
            for k, row in enumerate(self.meaning):
                logits[k] += sum(map(operator.mul, row, meaning))
        top = max(logits, default=0.0)
        exp = [math.exp(v - top) for v in logits]
        total = sum(exp) or 1.0
        return {topic: v / total for topic, v in zip(self.topics, exp, strict=True)}


def classifier_values(item: str, classified: Mapping[str, float]) -> dict[str, float]:
    """The ranker's CLASSIFIER_FEATURES for one item, from every topic's probability."""
    p = classified.get(item, 0.0)
    other = max((v for k, v in classified.items() if k != item), default=0.0)
    return {"classified": p, "classified_margin": p - other}


def logit(p: float) -> float:
    p = min(max(p, 1e-6), 1 - 1e-6)
    return math.log(p / (1 - p))


@dataclass(frozen=True)
class FaqModel:
    ranker: Linear  # over matching.FEATURES, one item at a time
    confidence: Linear  # over CONFIDENCE_FEATURES: P(the best item is the one asked about)
    gate: Linear  # over GATE_FEATURES
    gate_terms: Mapping[str, float]  # stems' own weights in the gate
    gate_words: Mapping[str, float]  # whole words' own weights in the gate
    bands: Bands
    fitted_on: Mapping[str, int]  # how many questions of each set the fit used
    classifier: TextClassifier | None = field(default=None)

    def classify(self, terms: Sequence[str], meaning: Sequence[float]) -> dict[str, float]:
        """Each topic's probability by the text classifier ({} without one)."""
        return self.classifier.probabilities(terms, meaning) if self.classifier else {}

    def rank(
        self, found: Sequence[Evidence], classified: Mapping[str, float] | None = None
    ) -> list[tuple[Evidence, float]]:
        """Each item's fitted score, best first; `classified`: each topic's probability by
        the text classifier."""
        scored = [(e, sigmoid(self.ranker.logit(ranker_values(e, classified or {})))) for e in found]
        scored.sort(key=lambda pair: (-pair[1], pair[0].item))
        return scored

    def certainty(self, scores: Sequence[float], information: float, agreed: float = 0.0) -> float:
        """The calibrated probability that the best-scored item is the one asked about;
        `agreed`: the text classifier's probability for it."""
        if not scores:
            return 0.0
        values = confidence_values(scores[0], scores[1] if len(scores) > 1 else 0.0, information, agreed)
        return sigmoid(self.confidence.logit(values))

    def gate_values(
        self,
        terms: Sequence[str],
        best: float,
        found: Sequence[Evidence],
        program: float,
        question: bool,
        meaning: Sequence[float] = (),
    ) -> dict[str, float]:
        first = found[0].named() if found else {}
        distinct = set(terms)
        unseen = sum(1 for t in distinct if t not in self.gate_terms) / len(distinct) if distinct else 1.0
        values = {
            "best": best,
            "known": first.get("known", 0.0),
            "certainty": first.get("certainty", 0.0),
            "program": program,
            "question": 1.0 if question else 0.0,
            "unseen": unseen,
            "length": min(1.0, len(distinct) / PhraseIndex.LENGTH_FULL),
            "meaning_best": max((e.named()["meaning"] for e in found), default=0.0),
        }
        values.update((f"{MEANING_PREFIX}{k}", x) for k, x in enumerate(meaning))
        return values

    def in_domain(self, terms: Sequence[str], words: Sequence[str], values: Mapping[str, float]) -> float:
        """P(the text is about studying ML at all), from its stems, words and `gate_values`."""
        own = sum(self.gate_terms.get(t, 0.0) for t in sorted(set(terms)))
        own += sum(self.gate_words.get(w, 0.0) for w in sorted(set(words)))
        return sigmoid(self.gate.logit(values) + own)


def ranker_values(e: Evidence, classified: Mapping[str, float]) -> dict[str, float]:
    """What the ranker weighs for one item: its evidence and, with a classifier, its
    CLASSIFIER_FEATURES."""
    values = e.named()
    if classified:
        values.update(classifier_values(e.item, classified))
    return values


def build_classifier(data: Mapping[str, object]) -> TextClassifier:
    """The `classifier` record of a `faq_model.yaml`: per topic its bias, its weights over the
    meaning's dimensions, and the stems that say something about it with their weights."""
    topics = data["topics"]
    assert isinstance(topics, Mapping)
    terms: dict[str, list[tuple[int, float]]] = {}
    for k, record in enumerate(topics.values()):
        for term, w in (record.get("terms") or {}).items():
            terms.setdefault(str(term), []).append((k, float(w)))
    return TextClassifier(
        tuple(str(t) for t in topics),
        tuple(float(v["bias"]) for v in topics.values()),
        {t: tuple(pairs) for t, pairs in terms.items()},
        tuple(tuple(float(x) for x in v["meaning"]) for v in topics.values()),
    )


def build_model(data: Mapping[str, object]) -> FaqModel:
    """The record of a `faq_model.yaml` already checked against its schema."""
    ranker = data["ranker"]
    confidence = data["confidence"]
    gate = data["gate"]
    bands = data["bands"]
    assert isinstance(ranker, Mapping) and isinstance(gate, Mapping) and isinstance(bands, Mapping)
    assert isinstance(confidence, Mapping)
    fitted = data.get("fitted_on") or {}
    assert isinstance(fitted, Mapping)
    classifier = data.get("classifier")
    return FaqModel(
        ranker=Linear({k: float(v) for k, v in ranker["weights"].items()}, float(ranker["bias"])),
        confidence=Linear({k: float(v) for k, v in confidence["weights"].items()}, float(confidence["bias"])),
        gate=Linear({k: float(v) for k, v in gate["weights"].items()}, float(gate["bias"])),
        gate_terms={k: float(v) for k, v in (gate.get("terms") or {}).items()},
        gate_words={k: float(v) for k, v in (gate.get("words") or {}).items()},
        bands=Bands(
            float(bands["gate"]),
            float(bands["answer"]),
            float(bands["suggest"]),
            float(bands["chat_gate"]) if "chat_gate" in bands else None,
        ),
        fitted_on={str(k): int(v) for k, v in fitted.items()},
        classifier=build_classifier(classifier) if isinstance(classifier, Mapping) else None,
    )


__all__ = [
    "CLASSIFIER_FEATURES",
    "CONFIDENCE_FEATURES",
    "FEATURES",
    "GATE_FEATURES",
    "Bands",
    "FaqModel",
    "Linear",
    "TextClassifier",
    "build_classifier",
    "build_model",
    "classifier_values",
    "confidence_values",
    "logit",
    "ranker_values",
    "sigmoid",
]
