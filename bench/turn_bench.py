"""Per-turn latency of the conversation engine over a scripted 20-turn conversation.

    python bench/turn_bench.py [--repeat 30]

Runs the same path as `advisor chat` (engine.respond and the rendering of each reply),
with the shipped knowledge and with a generated one of 10,000 programs.
"""

from __future__ import annotations

import argparse
import statistics
import time

from advisor.conversation.engine import Dialogue, respond, start
from advisor.domain.records import Knowledge
from advisor.kb.load import load_knowledge
from advisor.output.turn_text import render_turn

SCRIPT = [
    "hi",
    "I'm an electrical engineer",
    "what's the difference between an MS and an MEng?",
    "I code in python every day",
    "math is a bit rusty",
    "why do you ask?",
    "basic",
    "I want an industry job as an ML engineer",
    "computer vision and robotics",
    "is omscs any good?",
    "about 30k",
    "actually make that 35k",
    "online",
    "part time",
    "back",
    "part-time",
    "/profile",
    "yes",
    "why not stanford?",
    "compare the top two",
]


def turn_times(kb: Knowledge, repeat: int) -> list[float]:
    d = Dialogue.build(kb)
    d.warm()
    times = []
    for _ in range(repeat):
        state = start(d).state
        for line in SCRIPT:
            began = time.perf_counter()
            turn = respond(d, state, line)
            render_turn(d, turn.state, turn.reply)
            times.append((time.perf_counter() - began) * 1000)
            state = turn.state
    return sorted(times)


def summary(times: list[float]) -> tuple[float, float]:
    return statistics.median(times), times[int(0.99 * (len(times) - 1))]


def main() -> dict[str, float]:
    from scale_bench import generated  # noqa: I001 - a sibling script

    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--repeat", type=int, default=30)
    args = parser.parse_args()
    kb = load_knowledge()
    shipped = summary(turn_times(kb, args.repeat))
    big = summary(turn_times(generated(kb, 10_000, 1_000), max(3, args.repeat // 5)))
    print(
        f"per turn, shipped knowledge: median {shipped[0]:.2f} ms, p99 {shipped[1]:.2f} ms "
        f"(target p99 5 ms); 10,000 programs: median {big[0]:.2f} ms, p99 {big[1]:.2f} ms "
        f"(target p99 25 ms)"
    )
    return {"turn_p99_ms": shipped[1], "turn_p99_10k_ms": big[1]}


if __name__ == "__main__":
    main()
