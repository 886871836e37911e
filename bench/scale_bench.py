"""Matching latency with a generated knowledge base of 10,000 programs and 1,000 FAQs.

    python bench/scale_bench.py [--programs 10000] [--faqs 1000]

The generated records reuse the shipped synonyms and stopwords; their words come from a
fixed vocabulary with a fixed seed, so every run measures the same thing.
"""

from __future__ import annotations

import argparse
import dataclasses
import datetime as dt
import random
import statistics
import time
from pathlib import Path

import yaml

from advisor.domain.records import Faq, Knowledge, Source
from advisor.kb.load import load_knowledge
from advisor.understanding.answering import Asker

DEV = Path(__file__).resolve().parents[2] / "shared" / "eval" / "faq_dev.yaml"
SYLLABLES = "ka lo mi ne su ta ri vo pe da zu ge fi ho ba we".split()


def word(rng: random.Random) -> str:
    return "".join(rng.choice(SYLLABLES) for _ in range(rng.randint(2, 4)))


def generated(kb: Knowledge, programs: int, faqs: int, seed: int = 7) -> Knowledge:
    rng = random.Random(seed)
    vocab = [word(rng) for _ in range(5000)]
    real_words = sorted({w for f in kb.faqs for w in f.question.lower().split()})
    source = (Source("https://example.org", dt.date(2026, 11, 21)),)
    template = kb.programs[0]
    progs = [
        dataclasses.replace(
            template,
            id=f"gen-{i}",
            school=f"{rng.choice(vocab).title()} {rng.choice(vocab).title()} University",
            school_aliases=(rng.choice(vocab),),
            name=f"Master of Science in {rng.choice(vocab).title()}",
            program_aliases=(f"{rng.choice(vocab)} {rng.choice(vocab)}",),
            sources=source,
        )
        for i in range(programs)
    ]
    faq_list = [
        Faq(
            f"gen-faq-{i}",
            " ".join(rng.choices(real_words + vocab, k=8)),
            tuple(" ".join(rng.choices(real_words + vocab, k=7)) for _ in range(10)),
            tuple(rng.choices(vocab, k=5)),
            "generated answer",
            (),
            source,
        )
        for i in range(faqs)
    ]
    return dataclasses.replace(kb, programs=tuple(progs) + kb.programs, faqs=tuple(faq_list) + kb.faqs)


def main() -> dict[str, float]:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--programs", type=int, default=10_000)
    parser.add_argument("--faqs", type=int, default=1_000)
    args = parser.parse_args()
    kb = generated(load_knowledge(), args.programs, args.faqs)
    started = time.perf_counter()
    asker = Asker(kb)
    build_s = time.perf_counter() - started
    questions = [q["q"] for q in yaml.safe_load(DEV.read_text(encoding="utf-8"))["questions"]]
    times = []
    for question in questions * 3:
        started = time.perf_counter()
        asker.ask(question)
        times.append((time.perf_counter() - started) * 1000)
    times.sort()
    print(
        f"{len(kb.programs)} programs, {len(kb.faqs)} FAQs: index built in {build_s:.2f} s; "
        f"per question median {statistics.median(times):.3f} ms, "
        f"p99 {times[int(0.99 * (len(times) - 1))]:.3f} ms over {len(times)} questions"
    )
    return {"scale_p99_ms": times[int(0.99 * (len(times) - 1))]}


if __name__ == "__main__":
    main()
