"""Questions end to end, as `advisor ask --json -` answers them, on every labelled set.

    python bench/understanding_bench.py [--part fit|held-out|all] [--failures SET]

For each set (fit/question_sets.py): right (the FAQ asked about, or a fair `also`), refused
(out of scope: no FAQ, no program), wrongly refused (in scope, yet no FAQ and no program),
program questions routed to the right school. `held-out` is the fifth of each set's groups
the fit never saw; `fit` the rest, which the fit saw (its cross-validated figures are printed
by `python3 dev.py fit`). A set the fit never uses (question_sets.TEST_ONLY: the third harvest
of real questions) is measured whole in every part.
"""

from __future__ import annotations

import argparse
import sys
import time
from collections.abc import Sequence
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "fit"))

from question_sets import TEST_ONLY, Question, all_sets  # noqa: E402

from advisor.kb.load import load_knowledge  # noqa: E402
from advisor.output.contract import answer_json  # noqa: E402
from advisor.output.rendering import clean, render_answer  # noqa: E402
from advisor.understanding.answering import Asker  # noqa: E402


def routed(label: str, programs: Sequence[dict[str, Any]], asker: Asker) -> bool:
    if not programs:
        return False
    school = programs[0]["school"]
    label = label.casefold()
    aliases = {a.casefold() for p in asker.kb.programs if p.school == school for a in p.school_aliases}
    return (
        label in school.casefold()
        or label in aliases
        or (label == "georgia tech" and "georgia institute of technology" in school.casefold())
    )


def score(asker: Asker, questions: Sequence[Question], failures: list[str] | None = None) -> dict[str, float]:
    right = topical = outside = refused = wrongly = progs = prog_right = 0
    times = []
    for q in questions:
        started = time.perf_counter()
        answer = asker.ask(q.text)
        reply = answer_json(answer, clean(render_answer(answer)))
        times.append((time.perf_counter() - started) * 1000)
        nothing = reply["faq_id"] is None and not reply["programs"]
        if q.label == "out-of-scope":
            outside += 1
            ok = nothing
            refused += ok
        elif q.label.startswith("program:"):
            progs += 1
            ok = routed(q.label[8:], reply["programs"], asker)
            prog_right += ok
        else:
            topical += 1
            ok = reply["faq_id"] in {q.label, *q.also}
            right += ok
            wrongly += nothing
        if not ok and failures is not None:
            got = reply["faq_id"] or (reply["programs"][0]["id"] if reply["programs"] else reply["kind"])
            failures.append(f"{q.label:28s} -> {got:28s} {q.text[:110]!r}")
    times.sort()
    row: dict[str, float] = {"n": len(questions)}
    if topical:
        row |= {"right": right / topical, "wrongly_refused": wrongly / topical}
    if outside:
        row["refused"] = refused / outside
    if progs:
        row["programs"] = prog_right / progs
    row["p99_ms"] = times[int(0.99 * (len(times) - 1))] if times else 0.0
    return row


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--part", choices=("fit", "held-out", "all"), default="held-out")
    parser.add_argument("--failures", help="print the failures of this set")
    args = parser.parse_args()
    asker = Asker(load_knowledge())
    asker.ask("warm up")
    figures: dict[str, float] = {}
    print(f"{args.part} part of each set")
    print(
        f"{'set':14s} {'n':>6s} {'right':>7s} {'refused':>8s} {'wrongly':>8s} {'programs':>9s} {'p99 ms':>7s}"
    )
    test_only = {name for name, _, _ in TEST_ONLY}
    for name, questions in all_sets(test_only=True).items():
        chosen = [
            q
            for q in questions
            if args.part == "all" or name in test_only or q.held_out == (args.part == "held-out")
        ]
        failures: list[str] | None = [] if args.failures == name else None
        row = score(asker, chosen, failures)

        def cell(key: str, row: dict[str, float] = row) -> str:
            return f"{row[key]:.1%}" if key in row else "-"

        print(
            f"{name:14s} {int(row['n']):6d} {cell('right'):>7s} {cell('refused'):>8s} "
            f"{cell('wrongly_refused'):>8s} {cell('programs'):>9s} {row['p99_ms']:7.2f}"
        )
        figures |= {f"{name}_{k}": v for k, v in row.items()}
        for line in failures or ():
            print("   ", line)
    return figures


if __name__ == "__main__":
    main()
