from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from advisor.knowledge import load_knowledge
from advisor.records import Knowledge

ROOT = Path(__file__).resolve().parents[1]
FIXTURE_KB = ROOT / "tests" / "fixtures" / "kb"
SHARED = ROOT.parent / "shared"


@pytest.fixture
def kb_copy(tmp_path: Path) -> Path:
    """A writable copy of the small fixture knowledge folder."""
    dest = tmp_path / "kb"
    shutil.copytree(FIXTURE_KB, dest)
    return dest


@pytest.fixture(scope="session")
def kb() -> Knowledge:
    """The knowledge base the advisor ships with."""
    return load_knowledge(ROOT / "knowledge")


def pytest_addoption(parser: pytest.Parser) -> None:
    parser.addoption("--update-golden", action="store_true",
                     help="rewrite the golden files in tests/golden from the current output")
