"""Shortlists judged against counselor cases (bench/data/counselor_cases.yaml).

    python bench/counselor_bench.py [--split dev|held-out|all] [--show] [--cases FILE]

The cases are bench/data/counselor_cases.yaml (dev and held-out halves) and
counselor_cases2.yaml (a second held-out set, written blind from the programs' public facts
without running the advisor or reading the other cases); --cases runs one file alone.

For each case: the top 5 of `rank_programs` for its profile. A hit is a `good` program in the
top 5; the reciprocal rank is 1 / the place of the first good one (0 when none is there); a
violation is a `must_not` program in the top 5; an empty list has no picks at all. `--show`
prints every case's top 5 with what went wrong.
"""

from __future__ import annotations

import argparse
import dataclasses
import statistics
from pathlib import Path
from typing import Any

import yaml

from advisor.domain.profile import Profile
from advisor.kb.load import load_knowledge
from advisor.recommendation.ranking import rank_programs

DATA = Path(__file__).resolve().parent / "data"
CASES = DATA / "counselor_cases.yaml"
SECOND = DATA / "counselor_cases2.yaml"
TOP = 5


def profile_of(fields: dict[str, Any]) -> Profile:
    profile = Profile()
    known = {f.name for f in dataclasses.fields(Profile)}
    for name, value in fields.items():
        if name == "budget_usd":
            profile = (
                dataclasses.replace(profile.with_slot("budget_usd", None), cheapest=True)
                if value == "cheapest"
                else profile.with_slot("budget_usd", value)
            )
        elif name in known:
            profile = profile.with_slot(name, value)
    return profile


def run(split: str, show: bool, path: Path = CASES, label: str = "") -> dict[str, float]:
    kb = load_knowledge()
    ids = {p.id for p in kb.programs}
    cases = [
        c
        for c in yaml.safe_load(path.read_text(encoding="utf-8"))["cases"]
        if split == "all" or c["split"] == split
    ]
    ranks, violations, bad_cases, empty, absent = [], 0, 0, 0, set()
    for case in cases:
        picks = [k.program.id for k in rank_programs(profile_of(case["profile"]), kb, limit=TOP).picks]
        good = [g for g in case["good"] if g in ids]
        absent |= {g for g in case["good"] + case["must_not"] if g not in ids}
        first = next((i + 1 for i, pid in enumerate(picks) if pid in good), None)
        ranks.append(1 / first if first else 0.0)
        wrong = [pid for pid in picks if pid in case["must_not"]]
        violations += len(wrong)
        bad_cases += bool(wrong)
        empty += not picks
        if show and (first != 1 or wrong or not picks):
            print(f"- {case['id']} ({case['split']}): first good at {first}; must-not {wrong}")
            print(f"    top {TOP}: {', '.join(picks) or '(empty)'}")
    n = len(cases)
    figures = {
        "hit": sum(r > 0 for r in ranks) / n,
        "mrr": statistics.fmean(ranks),
        "violations": violations,
        "violating_cases": bad_cases,
        "empty": empty,
    }
    print(
        f"{label or split}: {n} cases, {len(kb.programs)} programs; top-{TOP} hit {figures['hit']:.1%}, "
        f"MRR {figures['mrr']:.3f}, must-not in top {TOP}: {violations} in {bad_cases} cases, "
        f"empty: {empty}"
    )
    if absent:
        print(f"  programs named by counselors but not in the knowledge: {', '.join(sorted(absent))}")
    return figures


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser()
    parser.add_argument("--split", choices=("dev", "held-out", "all"), default=None)
    parser.add_argument("--show", action="store_true")
    parser.add_argument("--cases", type=Path, default=None, help="one cases file alone")
    args = parser.parse_args()
    out: dict[str, float] = {}
    if args.cases:
        run(args.split or "all", args.show, args.cases, args.cases.stem)
        return out
    for split in [args.split] if args.split else ["dev", "held-out"]:
        figures = run(split, args.show)
        out.update({f"counselor_{split.replace('-', '_')}_{k}": v for k, v in figures.items()})
    if SECOND.exists() and not args.split:
        figures = run("held-out", args.show, SECOND, "held-out 2")
        out.update({f"counselor_heldout2_{k}": v for k, v in figures.items()})
    return out


if __name__ == "__main__":
    main()
