"""Peak memory of a whole conversation: `advisor chat --script` in its own process
(the first start of a new cache, which also validates the knowledge).

    python bench/memory_bench.py
"""

from __future__ import annotations

import os
import subprocess
import sys
import tempfile

from turn_bench import SCRIPT


def main() -> dict[str, float]:
    with tempfile.TemporaryDirectory() as folder:
        script = os.path.join(folder, "turns.txt")
        with open(script, "w", encoding="utf-8") as f:
            f.write("\n".join(SCRIPT) + "\n")
        env = {**os.environ, "ADVISOR_CACHE_DIR": os.path.join(folder, "cache")}
        proc = subprocess.Popen(
            [sys.executable, "-m", "advisor", "chat", "--script", script], stdout=subprocess.DEVNULL, env=env
        )
        _, status, usage = os.wait4(proc.pid, 0)  # this child's own peak, not all children's
        proc.returncode = os.waitstatus_to_exitcode(status)
        assert proc.returncode == 0, proc.returncode
    peak_mb = usage.ru_maxrss / 1024  # Linux reports KiB
    print(f"peak memory of a {len(SCRIPT)}-turn conversation: {peak_mb:.1f} MB (target 80 MB)")
    return {"peak_memory_mb": peak_mb}


if __name__ == "__main__":
    main()
