"""FAQ matching and program lookup on the development set, against a plain baseline.

    python bench/faq_bench.py [--questions ../shared/eval/faq_dev.yaml]

Runs each question through the same path as `advisor ask --json -` (Asker.ask, render,
answer_json) and prints accuracy and per-question latency; then the same for a baseline:
rapidfuzz WRatio over the canonical questions only.
"""

from __future__ import annotations

import argparse
import statistics
import time
from collections.abc import Callable
from pathlib import Path
from typing import Any

import yaml
from rapidfuzz import fuzz, process

from advisor.kb.load import load_knowledge
from advisor.output.contract import answer_json
from advisor.output.rendering import clean, render_answer
from advisor.understanding.answering import Asker
from advisor.understanding.text import fold

ROOT = Path(__file__).resolve().parents[1]
DEV = ROOT.parent / "shared" / "eval" / "faq_dev.yaml"
BASELINE_CUTOFF = 70.0  # WRatio score below which the baseline says "don't know"

Reply = dict[str, Any]


def school_matches(label: str, school: str) -> bool:
    label, school = label.casefold(), school.casefold()
    return label in school or (label == "georgia tech" and "georgia institute of technology" in school)


def score(questions: list[dict[str, str]], answer: Callable[[str], Reply]) -> dict[str, float]:
    right = inscope = oos = rejected = wrongly_rejected = prog = prog_right = 0
    times = []
    for item in questions:
        started = time.perf_counter()
        reply = answer(item["q"])
        times.append((time.perf_counter() - started) * 1000)
        label = item["topic"]
        if label == "out-of-scope":
            oos += 1
            rejected += reply["kind"] == "unknown" and reply["faq_id"] is None
        elif label.startswith("program:"):
            prog += 1
            programs = reply["programs"]
            prog_right += bool(programs) and school_matches(label[8:], programs[0]["school"])
        else:
            inscope += 1
            right += reply["faq_id"] == label
            wrongly_rejected += reply["faq_id"] is None and not reply["programs"]
    times.sort()
    return {
        "top1_in_scope": right / inscope,
        "oos_rejected": rejected / oos,
        "in_scope_wrongly_rejected": wrongly_rejected / inscope,
        "program_lookup": prog_right / prog if prog else 0.0,
        "median_ms": statistics.median(times),
        "p99_ms": times[int(0.99 * (len(times) - 1))],
    }


def advisor_answer(asker: Asker) -> Callable[[str], Reply]:
    def answer(question: str) -> Reply:
        result = asker.ask(question)
        return answer_json(result, clean(render_answer(result)))

    return answer


def baseline_answer(asker: Asker) -> Callable[[str], Reply]:
    faqs = asker.kb.faqs
    choices = [fold(f.question) for f in faqs]

    def answer(question: str) -> Reply:
        best = process.extractOne(fold(question), choices, scorer=fuzz.WRatio, score_cutoff=BASELINE_CUTOFF)
        faq_id = faqs[best[2]].id if best else None
        return {"kind": "faq" if faq_id else "unknown", "faq_id": faq_id, "programs": []}

    return answer


def table(rows: dict[str, dict[str, float]]) -> str:
    keys = list(next(iter(rows.values())))
    lines = [f"{'':10s}" + "".join(f"{k:>27s}" for k in keys)]
    for name, row in rows.items():
        cells = "".join(f"{row[k]:>27.3f}" if k.endswith("_ms") else f"{row[k]:>26.1%} " for k in keys)
        lines.append(f"{name:10s}{cells}")
    return "\n".join(lines)


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--questions", default=str(DEV))
    args = parser.parse_args()
    questions = yaml.safe_load(Path(args.questions).read_text(encoding="utf-8"))["questions"]
    asker = Asker(load_knowledge())
    advisor_answer(asker)("warm up")
    rows = {
        "advisor": score(questions, advisor_answer(asker)),
        "baseline": score(questions, baseline_answer(asker)),
    }
    print(f"{len(questions)} questions from {args.questions}")
    print(table(rows))
    figures = dict(rows["advisor"])
    own = Path(__file__).resolve().parent / "data" / "own_questions.yaml"
    if own.exists():
        own_rows = {
            "advisor": score(
                yaml.safe_load(own.read_text(encoding="utf-8"))["questions"], advisor_answer(asker)
            )
        }
        print(f"our own set, {own.name}:")
        print(table(own_rows))
        figures.update({f"own_{k}": v for k, v in own_rows["advisor"].items()})
    return figures


if __name__ == "__main__":
    main()
