"""Whole conversations through `advisor chat --script --json`, scored by the shared scorer.

    python bench/dialogue_bench.py

Runs the development conversations, our own (bench/data/own_dialogues.yaml) and the held-out
ones (bench/data/heldout_dialogues.yaml, written before the interview was reworked, and
heldout2_dialogues.yaml to heldout5_dialogues.yaml, written from the spec and README (heldout5:
the spec alone) without reading the code or the other sets) with
tools/eval_dialogues.py from the shared folder beside the project, when it is there.
"""

from __future__ import annotations

import json
import shutil
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
SHARED = HERE.parents[1] / "shared"
SETS = {
    "dev": SHARED / "eval" / "dialogues_dev.yaml",
    "own": HERE / "data" / "own_dialogues.yaml",
    "heldout": HERE / "data" / "heldout_dialogues.yaml",
    "heldout2": HERE / "data" / "heldout2_dialogues.yaml",
    "heldout3": HERE / "data" / "heldout3_dialogues.yaml",
    "heldout4": HERE / "data" / "heldout4_dialogues.yaml",
    "heldout5": HERE / "data" / "heldout5_dialogues.yaml",
}


def main() -> dict[str, float]:
    scorer = SHARED / "tools" / "eval_dialogues.py"
    advisor = shutil.which("advisor") or str(Path(sys.executable).parent / "advisor")
    figures: dict[str, float] = {}
    for name, path in SETS.items():
        if not scorer.exists() or not path.exists():
            print(f"{name}: skipped ({scorer if not scorer.exists() else path} is missing)")
            continue
        done = subprocess.run(
            [sys.executable, str(scorer), str(path), "--advisor", advisor, "--json"],
            capture_output=True,
            text=True,
            check=True,
        )
        summary = json.loads(done.stdout)["summary"]
        print(f"{name}: " + " ".join(f"{k}={v}" for k, v in summary.items()))
        figures[f"dialogues_passed_{name}"] = summary["passed"] / summary["dialogues"]
        figures[f"slot_accuracy_{name}"] = summary["slot_accuracy"] or 0.0
    return figures


if __name__ == "__main__":
    main()
