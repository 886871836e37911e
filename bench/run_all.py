"""Run every benchmark: `python3 dev.py bench`."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent
BENCHES = ["faq_bench.py", "scale_bench.py"]


def main() -> int:
    status = 0
    for bench in BENCHES:
        print(f"== {bench}", flush=True)
        status |= subprocess.call([sys.executable, str(HERE / bench)])
    return status


if __name__ == "__main__":
    sys.exit(main())
