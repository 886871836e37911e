#!/usr/bin/env python3
"""Set up the project in ./.venv and run it: the one entry point a fresh machine needs.

    python3 dev.py run [ARGS...]   set up (first time) and start the advisor
    python3 dev.py test [ARGS...]  set up (first time) and run lint, type checks and all tests
    python3 dev.py bench           set up (first time) and run the benchmarks
    python3 dev.py fit [--check]   set up (first time), write the gazetteer (knowledge/gazetteer.yaml)
                                   and fit the FAQ model (knowledge/faq_model.yaml)
    python3 dev.py pythons [ARGS]  the tests on every Python the project claims (3.11-3.13) that
                                   this machine has, each in its own .venv-3.X/

Only the standard library is used here, so this works with nothing but Python and pip.
"""

from __future__ import annotations

import hashlib
import os
import subprocess
import sys
import venv as venv_module
from pathlib import Path

ROOT = Path(__file__).resolve().parent
VENV = ROOT / ".venv"
BIN = VENV / ("Scripts" if os.name == "nt" else "bin")
PYTHON = BIN / ("python.exe" if os.name == "nt" else "python")


def _fingerprint() -> str:
    """Changes whenever the declared dependencies change, so set-up reruns only then."""
    return hashlib.sha256((ROOT / "pyproject.toml").read_bytes()).hexdigest()


def setup(venv: Path = VENV, interpreter: str | None = None) -> Path:
    """Create `venv` (with `interpreter`, else this Python) and install the advisor and its
    test tools there, again only when pyproject.toml changed. Returns the venv's python."""
    bin_dir = venv / ("Scripts" if os.name == "nt" else "bin")
    python = bin_dir / ("python.exe" if os.name == "nt" else "python")
    stamp = venv / ".installed"
    if not python.exists():
        print(f"advisor: creating {venv.name} ...", file=sys.stderr)
        if interpreter is None:
            venv_module.EnvBuilder(with_pip=True).create(venv)
        else:
            subprocess.run([interpreter, "-m", "venv", str(venv)], check=True)
    if stamp.exists() and stamp.read_text() == _fingerprint():
        return python
    print(f"advisor: installing the advisor and its test tools into {venv.name} ...", file=sys.stderr)
    pip = [str(python), "-m", "pip", "install", "--quiet", "--disable-pip-version-check"]
    subprocess.run([*pip, "--upgrade", "pip"], check=True)
    subprocess.run([*pip, "-e", str(ROOT), "--group", "dev"], check=True, cwd=ROOT)
    stamp.write_text(_fingerprint())
    return python


def run(argv: list[str]) -> int:
    return subprocess.call([str(PYTHON), "-m", "advisor", *argv])


def test(argv: list[str]) -> int:
    code = ["src", "tests", "bench", "fit", "dev.py"]
    lint = subprocess.call([str(PYTHON), "-m", "ruff", "check", *code], cwd=ROOT)
    lint |= subprocess.call([str(PYTHON), "-m", "ruff", "format", "--check", *code], cwd=ROOT)
    types = subprocess.call([str(PYTHON), "-m", "mypy"], cwd=ROOT)  # strict, as pyproject says
    tests = subprocess.call([str(PYTHON), "-m", "pytest", *argv], cwd=ROOT)
    return lint or types or tests


def bench(argv: list[str]) -> int:
    return subprocess.call([str(PYTHON), str(ROOT / "bench" / "run_all.py"), *argv], cwd=ROOT)


def fit(argv: list[str]) -> int:
    # The gazetteer first: the FAQ model is fitted on what the advisor reads, places included.
    for script in ("gazetteer.py", "fit_faq.py"):
        if code := subprocess.call([str(PYTHON), str(ROOT / "fit" / script), *argv], cwd=ROOT):
            return code
    return 0


CLAIMED = ("3.11", "3.12", "3.13")  # pyproject.toml's classifiers


def _interpreter(version: str) -> str | None:
    """A working `python3.X`: on PATH, else in pyenv's versions (whose shims may refuse)."""
    import glob
    import shutil

    candidates = [shutil.which(f"python{version}")]
    candidates += sorted(
        glob.glob(str(Path.home() / ".pyenv" / "versions" / f"{version}.*" / "bin" / f"python{version}")),
        reverse=True,
    )
    for candidate in filter(None, candidates):
        if subprocess.call([candidate, "-c", "import sys"], stderr=subprocess.DEVNULL) == 0:
            return candidate
    return None


def pythons(argv: list[str]) -> int:
    results = {}
    for version in CLAIMED:
        interpreter = _interpreter(version)
        if interpreter is None:
            results[version] = "not on this machine"
            continue
        python = setup(ROOT / f".venv-{version}", interpreter)
        code = subprocess.call([str(python), "-m", "pytest", "-q", *argv], cwd=ROOT)
        results[version] = "passed" if code == 0 else f"failed ({code})"
    for version, result in results.items():
        print(f"Python {version}: {result}")
    return 0 if all(r in ("passed", "not on this machine") for r in results.values()) else 1


COMMANDS = {"run": run, "test": test, "bench": bench, "fit": fit, "pythons": pythons}


def main() -> int:
    if len(sys.argv) < 2 or sys.argv[1] not in COMMANDS:
        print(__doc__, file=sys.stderr)
        return 2
    if sys.argv[1] != "pythons":
        setup()
    return COMMANDS[sys.argv[1]](sys.argv[2:])


if __name__ == "__main__":
    sys.exit(main())
