"""Fit the FAQ model (`knowledge/faq_model.yaml`) from labelled questions: `python3 dev.py fit`.

Three logistic regressions over what `advisor` computes at run time:
- the text classifier: which FAQ is a question about, from its stems and its meaning
  (multinomial, over every labelled question of the fitted part and the FAQs' own phrasings);
- the ranker: for each (question, FAQ) pair that shares a word, is this the FAQ asked about?
  Features: `matching.FEATURES` and the classifier's probability (`CLASSIFIER_FEATURES`). The
  classifier's probabilities on the ranker's rows are out of fold (stacking): from a classifier
  that never saw the row's group, so that the ranker does not learn to trust an overfit one.
- the gate: is the text about studying ML at all? Features: its words (stemmed) and
  `faq_model.GATE_FEATURES`.
Then the bands: the gate's cut, and the ranker probabilities from which an FAQ is answered or
offered as "did you mean", chosen on cross-validated predictions.

Folds are grouped (phrasings of one topic, questions of one page or thread stay together) and
the held-out fifth of every set is never used. Deterministic: same data, same model.

    python3 dev.py fit            write knowledge/faq_model.yaml and print the CV figures
    python3 dev.py fit --check    exit 1 when the shipped model is not what the fit gives
"""

from __future__ import annotations

import argparse
import hashlib
import sys
from collections.abc import Iterable, Sequence
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np
import yaml
from scipy import sparse
from sklearn.linear_model import LogisticRegression

sys.path.insert(0, str(Path(__file__).resolve().parent))

from question_sets import IN_DOMAIN, ROOT, Question, all_sets  # noqa: E402

from advisor.kb.load import load_knowledge  # noqa: E402
from advisor.understanding.answering import Asker, Reading  # noqa: E402
from advisor.understanding.faq_model import (  # noqa: E402
    CLASSIFIER_FEATURES,
    CONFIDENCE_FEATURES,
    GATE_FEATURES,
    MEANING_PREFIX,
    Bands,
    FaqModel,
    Linear,
    confidence_values,
    ranker_values,
    sigmoid,
)
from advisor.understanding.matching import FEATURES  # noqa: E402
from advisor.understanding.text import sentences  # noqa: E402

MODEL_FILE = ROOT / "knowledge" / "faq_model.yaml"
FOLDS = 5
PHRASING_WEIGHT = 0.5  # the knowledge's own phrasings count half as much as asked questions
KNOWLEDGE_WEIGHT = 0.2  # a sentence of the knowledge (an answer, a program's notes) in the gate
RANKER_C = 1.0
GATE_C = 0.5
WORD_SCALE = 3.0  # the gate's word columns are scaled by this: below 1 they are regularized harder
GATE_MIN_COUNT = 2  # a word seen fewer times than this gets no weight of its own
EVERYDAY_REFUSED = 0.993  # at least this share of everyday requests is refused (CV)
CHAT_EVERYDAY_REFUSED = 0.98  # in a conversation about study, where such requests are rarer
WRONG_COST = 0.6  # a wrong answer costs this many right ones when the answer band is chosen
SUGGEST_HIT = 0.5  # "did you mean" from where the right topic is among those offered this often
SUGGEST_MIN = 10  # ... judged on at least this many questions
DECIMALS = 5
CLASSIFIER_C = 3.0  # the text classifier's regularization (larger: weaker)
CLASSIFIER_MEANING = 2.0  # its meaning columns are scaled by this (each is -1..1, mostly small)
CLASSIFIER_DECIMALS = 4  # its weights are rounded to this many decimals (a last digit that differs
# between machines stays within --check's TOLERANCE) ...
CLASSIFIER_PRUNE = 0.1  # ... and dropped below this size (it keeps the model file small)


@dataclass
class Row:
    """One question, read as at run time."""

    question: Question
    reading: Reading
    weight: float
    features: frozenset[str] = frozenset()
    classified: dict[str, float] = field(default_factory=dict)  # the classifier's, out of fold


def read_rows(asker: Asker, sets: dict[str, list[Question]]) -> list[Row]:
    rows = []
    for questions in sets.values():
        for q in questions:
            if not q.held_out:
                rows.append(Row(q, asker.read(q.text[:2000]), 1.0))
    # The knowledge's own alternates, each left out of the index while it is the question.
    for k, phrase in enumerate(asker.faq_index.phrases):
        faq = asker.faqs[phrase.item]
        if phrase.text in faq.alternates:
            q = Question(phrase.text, phrase.item, (), f"phrasing:{phrase.item}", "phrasings")
            rows.append(Row(q, asker.read(phrase.text, exclude=k), PHRASING_WEIGHT))
    # The knowledge's own sentences (answers, program notes ...) say what the domain is about.
    for k, sentence in enumerate(knowledge_sentences(asker)):
        q = Question(sentence, IN_DOMAIN, (), f"knowledge:{k % 50}", "knowledge")
        rows.append(Row(q, asker.read(sentence), KNOWLEDGE_WEIGHT))
    for row in rows:
        row.features = frozenset(features_of(asker, row))
    return rows


def knowledge_sentences(asker: Asker) -> list[str]:
    kb = asker.kb
    texts = [f.answer for f in kb.faqs]
    texts += [t for p in kb.programs for t in (p.notes or "", *p.prerequisites)]
    texts += [c.what for c in kb.careers]
    out = []
    for text in texts:
        out += [s for s in sentences(text) if len(s.split()) >= 4]
    return sorted(set(out))


def groups_of(rows: Sequence[Row]) -> np.ndarray:
    """A fold number per row, by a hash of its group (stable across runs and machines)."""

    def fold(r: Row) -> int:
        return hashlib.sha256(f"{r.question.set}/{r.question.group}".encode()).digest()[1] % FOLDS

    return np.array([fold(r) for r in rows])


# -- the ranker --------------------------------------------------------------------------

RANKER_FEATURES = FEATURES + CLASSIFIER_FEATURES


def ranker_data(rows: Iterable[tuple[int, Row]]) -> tuple[np.ndarray, np.ndarray, np.ndarray, list[int]]:
    x, y, w, owner = [], [], [], []
    for i, row in rows:
        topic = row.question.topic
        if topic is None:
            continue
        right = {topic, *row.question.also}
        for e in row.reading.evidence:
            values = ranker_values(e, row.classified)
            x.append([values[name] for name in RANKER_FEATURES])
            y.append(1 if e.item in right else 0)
            w.append(row.weight)
            owner.append(i)
    return np.array(x, dtype=float), np.array(y), np.array(w), owner


def fit_ranker(rows: Sequence[Row], chosen: np.ndarray) -> Linear:
    x, y, w, _ = ranker_data((i, rows[i]) for i in np.flatnonzero(chosen))
    model = LogisticRegression(C=RANKER_C, max_iter=20000, tol=1e-9)
    model.fit(x, y, sample_weight=w)
    return Linear(
        dict(zip(RANKER_FEATURES, (float(c) for c in model.coef_[0]), strict=True)),
        float(model.intercept_[0]),
    )


def best_of(ranker: Linear, row: Row) -> tuple[str | None, float, list[tuple[str, float]]]:
    scored = sorted(
        ((e.item, sigmoid(ranker.logit(ranker_values(e, row.classified)))) for e in row.reading.evidence),
        key=lambda p: (-p[1], p[0]),
    )
    return (scored[0][0], scored[0][1], scored) if scored else (None, 0.0, [])


# -- the text classifier -----------------------------------------------------------------


@dataclass
class ClassifierData:
    """The classifier's columns (meaning, then stems) for every row, and for the FAQs' own
    questions and keywords, which it always learns from (they are the knowledge)."""

    topics: list[str]
    vocabulary: dict[str, int]
    rows: sparse.csr_matrix
    knowledge: sparse.csr_matrix
    knowledge_topics: np.ndarray
    dims: int


def classifier_matrix(
    readings: Sequence[Reading], vocabulary: dict[str, int], dims: int
) -> sparse.csr_matrix:
    data: list[float] = []
    cols: list[int] = []
    ptr = [0]
    for reading in readings:
        terms = sorted({vocabulary[t] for t in reading.terms if t in vocabulary})
        meaning = list(reading.meaning) if reading.meaning else [0.0] * dims
        data += [CLASSIFIER_MEANING * x for x in meaning] + [1.0] * len(terms)
        cols += list(range(dims)) + [dims + t for t in terms]
        ptr.append(len(data))
    return sparse.csr_matrix((data, cols, ptr), shape=(len(readings), dims + len(vocabulary)))


def classifier_data(asker: Asker, rows: Sequence[Row]) -> ClassifierData:
    knowledge = [(f.id, asker.read(t)) for f in asker.kb.faqs for t in (f.question, *f.keywords)]
    topics = sorted({f.id for f in asker.kb.faqs})
    taught = [r.reading for r in rows if r.question.topic] + [rd for _, rd in knowledge]
    vocabulary = {t: k for k, t in enumerate(sorted({t for rd in taught for t in rd.terms}))}
    dims = max((len(r.reading.meaning) for r in rows), default=0)
    order = {t: k for k, t in enumerate(topics)}
    return ClassifierData(
        topics,
        vocabulary,
        classifier_matrix([r.reading for r in rows], vocabulary, dims),
        classifier_matrix([rd for _, rd in knowledge], vocabulary, dims),
        np.array([order[t] for t, _ in knowledge]),
        dims,
    )


@dataclass
class Classifier:
    """A fitted classifier's weights as shipped (rounded, small ones dropped)."""

    coef: np.ndarray  # topics x columns
    bias: np.ndarray

    def probabilities(self, x: sparse.csr_matrix) -> np.ndarray:
        logits = np.asarray(x @ self.coef.T) + self.bias
        logits -= logits.max(axis=1, keepdims=True)
        exp = np.exp(logits)
        return np.asarray(exp / exp.sum(axis=1, keepdims=True))


def fit_classifier(data: ClassifierData, rows: Sequence[Row], chosen: np.ndarray) -> Classifier:
    order = {t: k for k, t in enumerate(data.topics)}
    idx = [i for i in np.flatnonzero(chosen) if rows[i].question.topic in order]
    x = sparse.vstack([data.rows[idx], data.knowledge]).tocsr()
    y = np.concatenate([[order[str(rows[i].question.topic)] for i in idx], data.knowledge_topics])
    w = np.concatenate([[rows[i].weight for i in idx], np.full(data.knowledge.shape[0], PHRASING_WEIGHT)])
    model = LogisticRegression(C=CLASSIFIER_C, max_iter=20000, tol=1e-8)
    model.fit(x, y, sample_weight=w)
    assert len(model.classes_) == len(data.topics)  # every topic has its own question
    coef = np.round(model.coef_, CLASSIFIER_DECIMALS)
    coef[np.abs(coef) < CLASSIFIER_PRUNE] = 0.0
    return Classifier(coef, np.round(model.intercept_, CLASSIFIER_DECIMALS))


class OutOfFold:
    """Classifiers fitted without some folds, each fitted once."""

    def __init__(self, data: ClassifierData, rows: Sequence[Row], folds: np.ndarray):
        self.data, self.rows, self.folds = data, rows, folds
        self._fitted: dict[frozenset[int], np.ndarray] = {}

    def probabilities(self, without: frozenset[int]) -> np.ndarray:
        """Every row's probabilities by the classifier fitted without the folds `without`."""
        if without not in self._fitted:
            chosen = ~np.isin(self.folds, sorted(without))
            self._fitted[without] = fit_classifier(self.data, self.rows, chosen).probabilities(self.data.rows)
        return self._fitted[without]

    def assign(self, left_out: int | None) -> None:
        """Give every row its classifier probabilities, out of its own fold and `left_out`."""
        for f in range(FOLDS):
            without = frozenset({f} if left_out is None else {f, left_out})
            probabilities = self.probabilities(without)
            for i in np.flatnonzero(self.folds == f):
                row = self.rows[i]
                row.classified = dict(
                    zip(self.data.topics, (float(p) for p in probabilities[i]), strict=True)
                )


def classifier_record(data: ClassifierData, classifier: Classifier) -> dict[str, object]:
    dims = data.dims
    meaning = classifier.coef[:, :dims] * CLASSIFIER_MEANING  # the run time reads the plain meaning
    stems = sorted(data.vocabulary, key=data.vocabulary.__getitem__)
    topics: dict[str, object] = {}
    for k, topic in enumerate(data.topics):
        weights = classifier.coef[k, dims:]
        topics[topic] = {
            "bias": float(classifier.bias[k]),
            "meaning": [round(float(v), CLASSIFIER_DECIMALS) for v in meaning[k]],
            "terms": {stems[c]: float(weights[c]) for c in np.flatnonzero(weights)},
        }
    return {"topics": topics}


# -- the gate ----------------------------------------------------------------------------


def features_of(asker: Asker, row: Row) -> set[str]:
    """The gate's word features: stems ("t:...") and whole words ("w:...")."""
    return {f"t:{t}" for t in row.reading.terms} | {f"w:{w}" for w in asker.gate_words(row.reading)}


def probe_model(ranker: Linear, gate: Linear, vocabulary: Iterable[str]) -> FaqModel:
    known = list(vocabulary)
    return FaqModel(
        ranker,
        Linear({}, 0.0),
        gate,
        {t[2:]: 0.0 for t in known if t.startswith("t:")},
        {w[2:]: 0.0 for w in known if w.startswith("w:")},
        Bands(0, 0, 0),
        {},
    )


def gate_names(rows: Sequence[Row]) -> tuple[str, ...]:
    dims = max((len(r.reading.meaning) for r in rows), default=0)
    return GATE_FEATURES + tuple(f"{MEANING_PREFIX}{k}" for k in range(dims))


def gate_inputs(probe: FaqModel, ranker: Linear, row: Row) -> dict[str, float]:
    """The gate's values for one row, as the advisor computes them at run time."""
    program = max((m.score for m in row.reading.mentions), default=0.0)
    return probe.gate_values(
        row.reading.terms,
        best_of(ranker, row)[1],
        row.reading.evidence,
        program,
        row.reading.question,
        row.reading.meaning,
    )


def gate_dense(probe: FaqModel, ranker: Linear, row: Row, names: Sequence[str]) -> list[float]:
    values = gate_inputs(probe, ranker, row)
    return [values.get(name, 0.0) for name in names]


def gate_vocabulary(rows: Sequence[Row], chosen: np.ndarray) -> dict[str, int]:
    counts: dict[str, int] = {}
    for i in np.flatnonzero(chosen):
        for t in rows[i].features:
            counts[t] = counts.get(t, 0) + 1
    kept = sorted(t for t, c in counts.items() if c >= GATE_MIN_COUNT)
    return {t: k for k, t in enumerate(kept)}


def gate_matrix(
    ranker: Linear, rows: Sequence[Row], idx: Sequence[int], vocabulary: dict[str, int]
) -> sparse.csr_matrix:
    data, cols, ptr = [], [], [0]
    names = gate_names(rows)
    width = len(names)
    probe = probe_model(ranker, Linear({}, 0.0), vocabulary)
    for i in idx:
        row = rows[i]
        dense = gate_dense(probe, ranker, row, names)
        terms = sorted({vocabulary[t] for t in row.features if t in vocabulary})
        data += dense + [WORD_SCALE] * len(terms)
        cols += list(range(width)) + [width + t for t in terms]
        ptr.append(len(data))
    return sparse.csr_matrix((data, cols, ptr), shape=(len(idx), width + len(vocabulary)))


def fit_gate(ranker: Linear, rows: Sequence[Row], chosen: np.ndarray) -> tuple[Linear, dict[str, float]]:
    vocabulary = gate_vocabulary(rows, chosen)
    idx = list(np.flatnonzero(chosen))
    x = gate_matrix(ranker, rows, idx, vocabulary)
    y = np.array([1 if rows[i].question.in_scope else 0 for i in idx])
    w = np.array([rows[i].weight for i in idx])
    names = gate_names(rows)
    width = len(names)
    # The dense columns are standardized for the solver, and the scaling folded back after.
    dense_part = x[:, :width].toarray()
    mean, std = dense_part.mean(axis=0), dense_part.std(axis=0)
    std[std == 0] = 1.0
    scaled = sparse.hstack([sparse.csr_matrix((dense_part - mean) / std), x[:, width:]]).tocsr()
    model = LogisticRegression(C=GATE_C, max_iter=20000, tol=1e-9, class_weight="balanced")
    model.fit(scaled, y, sample_weight=w)
    coef = model.coef_[0].copy()
    coef[:width] /= std
    bias = float(model.intercept_[0] - (coef[:width] * mean).sum())
    dense = dict(zip(names, (float(c) for c in coef[:width]), strict=True))
    terms = {t: float(coef[width + k]) * WORD_SCALE for t, k in vocabulary.items()}
    return Linear(dense, bias), terms


def gate_model(gate: Linear, terms: dict[str, float], ranker: Linear) -> FaqModel:
    return FaqModel(
        ranker,
        Linear({}, 0.0),
        gate,
        {t[2:]: v for t, v in terms.items() if t.startswith("t:")},
        {w[2:]: v for w, v in terms.items() if w.startswith("w:")},
        Bands(0, 0, 0),
        {},
    )


def gate_probability(probe: FaqModel, ranker: Linear, row: Row) -> float:
    values = gate_inputs(probe, ranker, row)
    return probe.in_domain(row.reading.terms, [f[2:] for f in row.features if f.startswith("w:")], values)


# -- cross-validation and bands ----------------------------------------------------------


@dataclass
class Prediction:
    row: Row
    in_domain: float
    top: str | None
    first: float  # the ranker's score of the best item
    second: float  # and of the next one
    information: float  # how much the question says (the evidence's `certainty`)
    offered: list[str]
    agreed: float = 0.0  # the classifier's probability for the top item
    probability: float = 0.0  # calibrated: P(top is the one asked about)

    @property
    def right(self) -> bool:
        return self.top is not None and self.top in {self.row.question.topic, *self.row.question.also}


def fit_confidence(preds: Sequence[Prediction]) -> Linear:
    """Calibrate the best item's score into P(it is the one asked about), on held-out folds."""
    chosen = [p for p in preds if p.row.question.topic and p.top is not None]
    x = np.array(
        [
            [confidence_values(p.first, p.second, p.information, p.agreed)[n] for n in CONFIDENCE_FEATURES]
            for p in chosen
        ]
    )
    y = np.array([1 if p.right else 0 for p in chosen])
    w = np.array([p.row.weight for p in chosen])
    model = LogisticRegression(C=RANKER_C, max_iter=20000, tol=1e-9)
    model.fit(x, y, sample_weight=w)
    return Linear(
        dict(zip(CONFIDENCE_FEATURES, (float(c) for c in model.coef_[0]), strict=True)),
        float(model.intercept_[0]),
    )


def calibrate(preds: Sequence[Prediction], confidence: Linear) -> None:
    for p in preds:
        p.probability = (
            sigmoid(confidence.logit(confidence_values(p.first, p.second, p.information, p.agreed)))
            if p.top is not None
            else 0.0
        )


def cross_validate(rows: Sequence[Row], classifiers: OutOfFold) -> list[Prediction]:
    folds = groups_of(rows)
    out: list[Prediction | None] = [None] * len(rows)
    for f in range(FOLDS):
        classifiers.assign(f)  # fold f never seen, by the ranker nor by any classifier
        train = folds != f
        ranker = fit_ranker(rows, train)
        gate, terms = fit_gate(ranker, rows, train)
        probe = gate_model(gate, terms, ranker)
        for i in np.flatnonzero(~train):
            top, p, scored = best_of(ranker, rows[i])
            second = scored[1][1] if len(scored) > 1 else 0.0
            found = {e.item: e for e in rows[i].reading.evidence}
            information = found[top].named()["certainty"] if top else 0.0
            out[i] = Prediction(
                rows[i],
                gate_probability(probe, ranker, rows[i]),
                top,
                p,
                second,
                information,
                [item for item, _ in scored[:3]],
                rows[i].classified.get(top, 0.0) if top else 0.0,
            )
    return [p for p in out if p is not None]


def choose_bands(preds: Sequence[Prediction]) -> Bands:
    """The gate's cut and the answer band together: the most right answers over the asked
    sets (each set counting alike, a wrong answer costing WRONG_COST of a right one), with at
    least EVERYDAY_REFUSED of the everyday requests refused. "Did you mean" starts where the
    right topic is among those offered SUGGEST_HIT of the time."""
    asked = [p for p in preds if p.row.question.set not in ("phrasings", "everyday", "knowledge")]
    everyday = [p for p in preds if p.row.question.set == "everyday"]
    names = sorted({p.row.question.set for p in asked})
    levels = sorted({p.in_domain for p in everyday})
    gates = sorted(
        {levels[min(len(levels) - 1, int(q * len(levels)))] for q in np.arange(0.90, 1.0, 0.0025)} | {0.5}
    )
    best: tuple[float, float, float] = (-1e9, 0.5, 0.5)
    for gate in gates:
        for cut in np.arange(0.05, 0.96, 0.01):
            taken = sum(1 for p in everyday if p.in_domain >= gate and p.probability >= cut)
            if everyday and 1 - taken / len(everyday) < EVERYDAY_REFUSED:
                continue
            value = 0.0
            for name in names:
                ps = [p for p in asked if p.row.question.set == name]
                topical = [p for p in ps if p.row.question.topic]
                outside = [p for p in ps if not p.row.question.in_scope]
                on = [p for p in topical if p.in_domain >= gate and p.probability >= cut]
                right = sum(p.right for p in on)
                wrong = (
                    len(on) - right + sum(1 for p in outside if p.in_domain >= gate and p.probability >= cut)
                )
                value += (right - WRONG_COST * wrong) / max(1, len(ps))
            if value > best[0]:
                best = (value, float(gate), float(cut))
    _, gate, answer = best
    passed = [p for p in asked if p.in_domain >= gate and p.row.question.topic]
    suggest = answer
    for cut in np.arange(answer - 0.01, 0.04, -0.01):
        band = [p for p in passed if cut <= p.probability < answer]
        hit = sum(1 for p in band if p.row.question.topic in p.offered) / len(band) if band else 0.0
        if len(band) >= SUGGEST_MIN and hit >= SUGGEST_HIT:
            suggest = float(cut)
    # In a conversation the gate's cut is the one that refuses CHAT_EVERYDAY_REFUSED of everyday
    # requests together with the answer band, if that is lower.
    taken = sorted((p.in_domain for p in everyday if p.probability >= answer), reverse=True)
    allowed = int((1 - CHAT_EVERYDAY_REFUSED) * len(everyday))
    chat_gate = min(gate, taken[allowed]) if len(taken) > allowed else min(gate, 0.5)
    return Bands(round(gate, DECIMALS), round(answer, 2), round(suggest, 2), round(chat_gate, DECIMALS))


def figures(preds: Sequence[Prediction], bands: Bands) -> dict[str, dict[str, float]]:
    """Per set: right, refused (out of scope), wrongly refused (in scope), program routing."""
    out: dict[str, dict[str, float]] = {}
    for name in sorted({p.row.question.set for p in preds}):
        ps = [p for p in preds if p.row.question.set == name]
        topical = [p for p in ps if p.row.question.topic]
        outside = [p for p in ps if not p.row.question.in_scope]
        programs = [p for p in ps if p.row.question.label.startswith("program:")]

        def answered(p: Prediction) -> str | None:
            return p.top if p.in_domain >= bands.gate and p.probability >= bands.answer else None

        if name == "everyday":
            out[name] = {
                "questions": len(ps),
                "refused": round(sum(answered(p) is None for p in ps) / len(ps), 4),
            }
            continue
        row: dict[str, float] = {"questions": len(ps)}
        if topical:
            row["right"] = sum(
                answered(p) in {p.row.question.topic, *p.row.question.also} for p in topical
            ) / len(topical)
            row["wrongly_refused"] = sum(p.in_domain < bands.gate for p in topical) / len(topical)
            row["top1"] = sum(p.top in {p.row.question.topic, *p.row.question.also} for p in topical) / len(
                topical
            )
        if outside:
            row["refused"] = sum(answered(p) is None and not p.row.reading.mentions for p in outside) / len(
                outside
            )
        if programs:
            row["program_gate_passed"] = sum(p.in_domain >= bands.gate for p in programs) / len(programs)
        out[name] = {k: round(v, 4) for k, v in row.items()}
    return out


def fit(asker: Asker | None = None) -> tuple[dict[str, object], dict[str, dict[str, float]]]:
    """The model file's content, and the cross-validated figures."""
    asker = asker or Asker(load_knowledge(ROOT / "knowledge", fitted=False))
    sets = all_sets()
    rows = read_rows(asker, sets)
    data = classifier_data(asker, rows)
    classifiers = OutOfFold(data, rows, groups_of(rows))
    preds = cross_validate(rows, classifiers)
    confidence = fit_confidence(preds)
    calibrate(preds, confidence)
    bands = choose_bands(preds)
    cv = figures(preds, bands)
    everything = np.ones(len(rows), dtype=bool)
    classifiers.assign(None)
    classifier = fit_classifier(data, rows, everything)
    ranker = fit_ranker(rows, everything)
    gate, terms = fit_gate(ranker, rows, everything)
    counts: dict[str, int] = {}
    for r in rows:
        counts[r.question.set] = counts.get(r.question.set, 0) + 1
    digest = hashlib.sha256(
        "\n".join(f"{r.question.set}\t{r.question.label}\t{r.question.text}" for r in rows).encode()
    ).hexdigest()[:16]

    def rounded(weights: dict[str, float]) -> dict[str, float]:
        return {k: round(v, DECIMALS) for k, v in weights.items() if round(v, DECIMALS) != 0.0}

    model: dict[str, object] = {
        "about": "Fitted by `python3 dev.py fit` (fit/fit_faq.py); do not edit by hand.",
        "fitted_on": dict(sorted(counts.items())),
        "data_digest": digest,
        "cross_validated": cv,
        "bands": {
            "gate": bands.gate,
            "answer": bands.answer,
            "suggest": bands.suggest,
            "chat_gate": bands.chat_gate,
        },
        "ranker": {"bias": round(ranker.bias, DECIMALS), "weights": rounded(dict(ranker.weights))},
        "confidence": {
            "bias": round(confidence.bias, DECIMALS),
            "weights": rounded(dict(confidence.weights)),
        },
        "gate": {
            "bias": round(gate.bias, DECIMALS),
            "weights": rounded(dict(gate.weights)),
            "terms": dict(sorted((t[2:], v) for t, v in rounded(terms).items() if t.startswith("t:"))),
            "words": dict(sorted((w[2:], v) for w, v in rounded(terms).items() if w.startswith("w:"))),
        },
        "classifier": classifier_record(data, classifier),
    }
    return model, cv


TOLERANCE = 1e-3  # solvers on other machines may differ in the last digits


def differences(shipped: object, fitted: object, where: str = "") -> list[str]:
    """Where two models differ by more than TOLERANCE (numbers) or at all (anything else)."""
    if isinstance(fitted, dict) and isinstance(shipped, dict):
        out = []
        for key in sorted(set(fitted) | set(shipped), key=str):
            if key in ("cross_validated",):
                continue
            a, b = shipped.get(key, 0.0), fitted.get(key, 0.0)
            out += differences(a, b, f"{where}.{key}")
        return out
    if isinstance(fitted, int | float) and isinstance(shipped, int | float):
        return (
            []
            if abs(float(fitted) - float(shipped)) <= TOLERANCE
            else [f"{where}: shipped {shipped}, fitted {fitted}"]
        )
    return [] if fitted == shipped else [f"{where}: shipped {shipped!r}, fitted {fitted!r}"]


def dump(model: dict[str, object]) -> str:
    header = (
        "# The fitted FAQ model: the domain gate, the topic ranker, the text classifier and\n"
        "# the answer bands. Written by `python3 dev.py fit` from the labelled question sets;\n"
        "# do not edit.\n"
    )
    rest = {k: v for k, v in model.items() if k != "classifier"}
    text = header + yaml.safe_dump(rest, sort_keys=False, allow_unicode=True, width=100)
    if "classifier" in model:  # one line a stem (or a topic): thousands of weights stay compact
        text += yaml.safe_dump(
            {"classifier": model["classifier"]},
            sort_keys=False,
            allow_unicode=True,
            width=100,
            default_flow_style=None,
        )
    return text


def main(argv: Sequence[str] | None = None) -> int:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument(
        "--check", action="store_true", help="compare with the shipped model instead of writing it"
    )
    args = parser.parse_args(argv)
    model, cv = fit()
    columns = ("top1", "right", "refused", "wrongly_refused", "program_gate_passed")
    print(f"{'set':14s} {'n':>6s} " + " ".join(f"{c[:9]:>9s}" for c in columns))
    for name, row in cv.items():
        cells = " ".join(f"{row[c]:>9.1%}" if c in row else f"{'-':>9s}" for c in columns)
        print(f"{name:14s} {int(row['questions']):6d} {cells}")
    print("bands:", model["bands"])
    text = dump(model)
    if args.check:
        shipped = yaml.safe_load(MODEL_FILE.read_text(encoding="utf-8")) if MODEL_FILE.exists() else {}
        problems = differences(shipped, model)
        for line in problems[:20]:
            print(line)
        print(
            "the shipped model is what the fit gives"
            if not problems
            else "the shipped model differs from what the fit gives: run `python3 dev.py fit`"
        )
        return 1 if problems else 0
    MODEL_FILE.write_text(text, encoding="utf-8")
    print(f"wrote {MODEL_FILE.relative_to(ROOT)}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
