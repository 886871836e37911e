"""The labelled question sets the FAQ model is fitted and measured on, and how they split.

Each question carries a label (an FAQ id, `out-of-scope`, or `program:<school>`) and a group:
phrasings of one topic, or questions from one page or thread, share a group, so no group ever
sits on both sides of a split. A fifth of the groups of every set (by a hash of the group) is
held out: never fitted on, only measured (`bench/understanding_bench.py`).
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parents[1]
SHARED = ROOT.parent / "shared" / "eval"
DATA = ROOT / "bench" / "data"
HOLDOUT_SHARE = 5  # one group in this many is held out
IN_DOMAIN = "in-domain"  # about studying ML, with no one topic (the knowledge's own sentences)


@dataclass(frozen=True)
class Question:
    text: str
    label: str  # an FAQ id, "out-of-scope" or "program:<school>"
    also: tuple[str, ...]  # other labels that are also a fair answer
    group: str
    set: str

    @property
    def in_scope(self) -> bool:
        return self.label != "out-of-scope"

    @property
    def topic(self) -> str | None:
        if self.label in ("out-of-scope", IN_DOMAIN) or self.label.startswith("program:"):
            return None
        return self.label

    @property
    def held_out(self) -> bool:
        digest = hashlib.sha256(f"{self.set}/{self.group}".encode()).digest()
        return digest[0] % HOLDOUT_SHARE == 0


# (name, file, the field that groups its questions)
SETS = (
    ("faq_dev", SHARED / "faq_dev.yaml", "topic"),
    ("own", DATA / "own_questions.yaml", "topic"),
    ("real_dev", SHARED / "real_dev.yaml", "source"),
    ("real_harvest", DATA / "real_questions.yaml", "thread"),
    ("real_harvest2", DATA / "real_questions2.yaml", "thread"),
    ("negatives", DATA / "near_domain_negatives.yaml", "source"),
    ("everyday", SHARED / "everyday_requests.yaml", "intent"),
)


def load(name: str, path: Path, group_by: str) -> list[Question]:
    if not path.exists():
        return []
    items = yaml.safe_load(path.read_text(encoding="utf-8"))["questions"]
    out = []
    for item in items:
        group = str(item.get(group_by) or item.get("source") or item["topic"])
        out.append(
            Question(
                str(item["q"]), str(item["topic"]), tuple(str(a) for a in item.get("also") or ()), group, name
            )
        )
    return out


# Sets only ever measured, never fitted on: the third harvest was collected after the model
# and is kept whole as a test of questions nobody tuned it for.
TEST_ONLY = (("real_harvest3", DATA / "real_questions3.yaml", "thread"),)


def all_sets(test_only: bool = False) -> dict[str, list[Question]]:
    """Every set that exists here (the shared ones sit beside the project); with `test_only`,
    the measured-only sets too."""
    chosen = SETS + TEST_ONLY if test_only else SETS
    return {name: qs for name, path, by in chosen if (qs := load(name, path, by))}
