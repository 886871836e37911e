"""Whole-process start-up: `advisor` to its first question, `advisor ask` for one question and
`advisor recommend` for one profile with a budget in words.

    python bench/startup_bench.py [--runs 10]

The first is timed until the first question is on standard output (the process is then
stopped); the second until the process has answered and exited. Knowledge validation is
remembered between runs (as it is for a person), so the first, validating run is left out.
"""

from __future__ import annotations

import argparse
import os
import statistics
import subprocess
import sys
import tempfile
import time

ADVISOR = [sys.executable, "-m", "advisor"]


def to_first_question(env: dict[str, str]) -> float:
    started = time.perf_counter()
    with subprocess.Popen(
        [*ADVISOR, "chat", "--no-save"], stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True, env=env
    ) as proc:
        assert proc.stdout is not None
        for line in proc.stdout:
            if line.rstrip().endswith("?"):
                break
        elapsed = time.perf_counter() - started
        proc.kill()
    return elapsed


def one_question(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([*ADVISOR, "ask", "do I need the GRE?"], capture_output=True, env=env, check=True)
    return time.perf_counter() - started


RECOMMEND = ["recommend", "--field", "computer-science", "--programming", "strong", "--math", "basic"]
RECOMMEND += ["--budget", "forty thousand euros", "--format", "on-campus", "--region", "europe"]


def one_shortlist(env: dict[str, str]) -> float:
    started = time.perf_counter()
    subprocess.run([*ADVISOR, *RECOMMEND], capture_output=True, env=env, check=True)
    return time.perf_counter() - started


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--runs", type=int, default=10)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as cache:
        env = {**os.environ, "ADVISOR_CACHE_DIR": cache, "NO_COLOR": "1"}
        one_question(env)  # the validating first run
        chat = sorted(to_first_question(env) for _ in range(args.runs))
        ask = sorted(one_question(env) for _ in range(args.runs))
        shortlist = sorted(one_shortlist(env) for _ in range(args.runs))
    result = {
        "chat_first_question_ms": statistics.median(chat) * 1000,
        "ask_one_question_ms": statistics.median(ask) * 1000,
        "recommend_ms": statistics.median(shortlist) * 1000,
    }
    print(
        f"cold start to the first question: median {result['chat_first_question_ms']:.0f} ms, "
        f"max {chat[-1] * 1000:.0f} ms; advisor ask, one question: median "
        f"{result['ask_one_question_ms']:.0f} ms, max {ask[-1] * 1000:.0f} ms; advisor recommend: "
        f"median {result['recommend_ms']:.0f} ms, max {shortlist[-1] * 1000:.0f} ms "
        f"(target 300 ms; {args.runs} runs each)"
    )
    return result


if __name__ == "__main__":
    main()
