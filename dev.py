#!/usr/bin/env python3
"""Set up the project in ./.venv and run it: the one entry point a fresh machine needs.

    python3 dev.py run [ARGS...]   set up (first time) and start the advisor
    python3 dev.py test [ARGS...]  set up (first time) and run lint, type checks and all tests
    python3 dev.py bench           set up (first time) and run the benchmarks
    python3 dev.py fit [--check]   set up (first time) and fit the FAQ model (knowledge/faq_model.yaml)

Only the standard library is used here, so this works with nothing but Python and pip.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")
STAMP = VENV / ".installed"


def _fingerprint() -> str:
    """Changes whenever the declared dependencies change, so set-up reruns only then."""
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def setup() -> None:
    if not PYTHON.exists():
        print("advisor: creating .venv ...", file=sys.stderr)
        venv.EnvBuilder(with_pip=True).create(VENV)
    if STAMP.exists() and STAMP.read_text() == _fingerprint():
        return
    print("advisor: installing the advisor and its test tools into .venv ...", file=sys.stderr)
    pip = [str(PYTHON), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", f"{ROOT}[test]"], check=True)
    STAMP.write_text(_fingerprint())


def run(argv: list[str]) -> int:
    return subprocess.call([str(PYTHON), "-m", "advisor", *argv])


def test(argv: list[str]) -> int:
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", "src", "tests", "bench", "fit", "dev.py"],
                           cwd=ROOT)
    types = subprocess.call([str(PYTHON), "-m", "mypy"], cwd=ROOT)  # strict, as pyproject says
    tests = subprocess.call([str(PYTHON), "-m", "pytest", *argv], cwd=ROOT)
    return lint or types or tests


def bench(argv: list[str]) -> int:
    return subprocess.call([str(PYTHON), str(ROOT / "bench" / "run_all.py"), *argv], cwd=ROOT)


def fit(argv: list[str]) -> int:
    return subprocess.call([str(PYTHON), str(ROOT / "fit" / "fit_faq.py"), *argv], cwd=ROOT)


COMMANDS = {"run": run, "test": test, "bench": bench, "fit": fit}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    setup()
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
