from __future__ import annotations

import os
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from advisor.domain.records import Knowledge
from advisor.kb.load import load_knowledge

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
    parser.addoption(
        "--update-golden",
        action="store_true",
        help="rewrite the golden files in tests/golden from the current output",
    )


@pytest.fixture(autouse=True, scope="session")
def _private_folders(tmp_path_factory: pytest.TempPathFactory) -> Iterator[None]:
    """Tests never write into the developer's real data or cache folder (the session, the
    input history, the validation cache); subprocesses inherit the same folders."""
    saved = {k: os.environ.get(k) for k in ("ADVISOR_DATA_DIR", "ADVISOR_CACHE_DIR")}
    os.environ.setdefault("ADVISOR_DATA_DIR", str(tmp_path_factory.mktemp("data")))
    os.environ.setdefault("ADVISOR_CACHE_DIR", str(tmp_path_factory.mktemp("cache")))
    yield
    for key, value in saved.items():
        if value is None:
            os.environ.pop(key, None)
        else:
            os.environ[key] = value
