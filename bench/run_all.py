"""Run every benchmark and print one table: `python3 dev.py bench`."""

from __future__ import annotations

import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

import counselor_bench  # noqa: E402
import dialogue_bench  # noqa: E402
import faq_bench  # noqa: E402
import memory_bench  # noqa: E402
import scale_bench  # noqa: E402
import startup_bench  # noqa: E402
import turn_bench  # noqa: E402
import understanding_bench  # noqa: E402

# (what, figure key, target, True if higher is better, unit)
TARGETS = [
    ("FAQ top-1, in scope", "top1_in_scope", 0.95, True, "%"),
    ("out-of-scope rejected", "oos_rejected", 0.90, True, "%"),
    ("in scope wrongly rejected", "in_scope_wrongly_rejected", 0.03, False, "%"),
    ("program lookup", "program_lookup", 1.0, True, "%"),
    ("counselor top-5 hit, held-out", "counselor_held_out_hit", 0.95, True, "%"),
    ("counselor MRR, held-out", "counselor_held_out_mrr", 0.85, True, ""),
    ("counselor must-not, held-out", "counselor_held_out_violations", 0, False, ""),
    ("counselor empty lists, held-out", "counselor_held_out_empty", 0, False, ""),
    ("FAQ top-1, own question set", "own_top1_in_scope", 0.95, True, "%"),
    ("own set out-of-scope rejected", "own_oos_rejected", 0.90, True, "%"),
    ("held-out paraphrases right", "own_right", 0.92, True, "%"),
    ("held-out real questions right", "real_harvest_right", 0.75, True, "%"),
    ("held-out real dev right", "real_dev_right", 0.75, True, "%"),
    ("held-out everyday refused", "everyday_refused", 0.99, True, "%"),
    ("dev conversations passed", "dialogues_passed_dev", 1.0, True, "%"),
    ("own conversations passed", "dialogues_passed_own", 1.0, True, "%"),
    ("ask p99, in process", "p99_ms", 2.0, False, "ms"),
    ("ask p99, 10,000 programs", "scale_p99_ms", 20.0, False, "ms"),
    ("turn p99", "turn_p99_ms", 5.0, False, "ms"),
    ("turn p99, 10,000 programs", "turn_p99_10k_ms", 25.0, False, "ms"),
    ("start to first question", "chat_first_question_ms", 300.0, False, "ms"),
    ("advisor ask, whole process", "ask_one_question_ms", 300.0, False, "ms"),
    ("peak memory, conversation", "peak_memory_mb", 80.0, False, "MB"),
]


def main() -> int:
    figures: dict[str, float] = {}
    # memory first: a child forked from a process grown by the other benches would count its size
    for module in (
        memory_bench,
        startup_bench,
        faq_bench,
        understanding_bench,
        scale_bench,
        turn_bench,
        dialogue_bench,
        counselor_bench,
    ):
        print(f"== {module.__name__}", flush=True)
        sys.argv = [module.__name__]
        figures.update(module.main() or {})
    print(f"\n{'measure':30s} {'figure':>10s} {'target':>10s}  met")
    for label, key, target, higher, unit in TARGETS:
        if key not in figures:
            print(f"{label:30s} {'(not run)':>10s}")
            continue
        value = figures[key]
        met = value >= target if higher else value <= target
        shown = (
            (f"{value:.1%}", f"{target:.0%}")
            if unit == "%"
            else (f"{value:.3g} {unit}".strip(), f"{target:g} {unit}".strip())
        )
        print(f"{label:30s} {shown[0]:>10s} {shown[1]:>10s}  {'yes' if met else 'NO'}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
