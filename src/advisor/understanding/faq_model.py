"""The fitted FAQ model: a domain gate, then a ranker over the topics, both logistic.

The weights and bands are data (`knowledge/faq_model.yaml`), fitted by `python3 dev.py fit`
from labelled questions; nothing here is set by hand. Pure: evidence in, probabilities out.
"""

from __future__ import annotations

import math
from collections.abc import Mapping, Sequence
from dataclasses import dataclass

from advisor.understanding.matching import FEATURES, Evidence, PhraseIndex

# What the gate sees besides the words: how well the best topic fits, how much of the
# question the knowledge knows, whether a program is named, and whether it reads as a question.
GATE_FEATURES = ("best", "known", "certainty", "program", "question", "unseen", "length",
                 "meaning_best")
MEANING_PREFIX = "m"  # the gate also weighs each dimension of the text's meaning: m0, m1 ...
# What the confidence in the best item looks at: its score, its lead over the next one, and
# how much the question says at all (its summed term weight, `certainty` of the evidence).
CONFIDENCE_FEATURES = ("top", "lead", "information")


def confidence_values(first: float, second: float, information: float) -> dict[str, float]:
    return {"top": logit(first), "lead": logit(first) - logit(second), "information": information}


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

    def rank(self, found: Sequence[Evidence]) -> list[tuple[Evidence, float]]:
        """Each item's fitted score, best first."""
        scored = [(e, sigmoid(self.ranker.logit(e.named()))) for e in found]
        scored.sort(key=lambda pair: (-pair[1], pair[0].item))
        return scored

    def certainty(self, scores: Sequence[float], information: float) -> float:
        """The calibrated probability that the best-scored item is the one asked about."""
        if not scores:
            return 0.0
        values = confidence_values(scores[0], scores[1] if len(scores) > 1 else 0.0, information)
        return sigmoid(self.confidence.logit(values))

    def gate_values(self, terms: Sequence[str], best: float, found: Sequence[Evidence],
                    program: float, question: bool, meaning: Sequence[float] = ()) -> dict[str, float]:
        first = found[0].named() if found else {}
        distinct = set(terms)
        unseen = sum(1 for t in distinct if t not in self.gate_terms) / len(distinct) if distinct else 1.0
        values = {"best": best, "known": first.get("known", 0.0),
                  "certainty": first.get("certainty", 0.0), "program": program,
                  "question": 1.0 if question else 0.0, "unseen": unseen,
                  "length": min(1.0, len(distinct) / PhraseIndex.LENGTH_FULL),
                  "meaning_best": max((e.named()["meaning"] for e in found), default=0.0)}
        values.update((f"{MEANING_PREFIX}{k}", x) for k, x in enumerate(meaning))
        return values

    def in_domain(self, terms: Sequence[str], words: Sequence[str],
                  values: Mapping[str, float]) -> float:
        """P(the text is about studying ML at all), from its stems, words and `gate_values`."""
        own = sum(self.gate_terms.get(t, 0.0) for t in sorted(set(terms)))
        own += sum(self.gate_words.get(w, 0.0) for w in sorted(set(words)))
        return sigmoid(self.gate.logit(values) + own)


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
    return FaqModel(
        ranker=Linear({k: float(v) for k, v in ranker["weights"].items()}, float(ranker["bias"])),
        confidence=Linear({k: float(v) for k, v in confidence["weights"].items()},
                          float(confidence["bias"])),
        gate=Linear({k: float(v) for k, v in gate["weights"].items()}, float(gate["bias"])),
        gate_terms={k: float(v) for k, v in (gate.get("terms") or {}).items()},
        gate_words={k: float(v) for k, v in (gate.get("words") or {}).items()},
        bands=Bands(float(bands["gate"]), float(bands["answer"]), float(bands["suggest"]),
                    float(bands["chat_gate"]) if "chat_gate" in bands else None),
        fitted_on={str(k): int(v) for k, v in fitted.items()})


__all__ = ["CONFIDENCE_FEATURES", "FEATURES", "GATE_FEATURES", "Bands", "FaqModel", "Linear",
           "build_model", "confidence_values", "logit", "sigmoid"]
