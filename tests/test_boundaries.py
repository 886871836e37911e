"""The core stays pure: only the edges reach for YAML, templates and terminals."""

from __future__ import annotations

import ast
from pathlib import Path

from conftest import ROOT

PACKAGE = ROOT / "src" / "advisor"
# library -> the only modules that may import it
ALLOWED = {"yaml": {"yamlfile"}, "jinja2": {"render"}, "prompt_toolkit": {"terminal"}}
CORE = {"text", "matching", "lookup", "asking", "records", "engine", "state", "dialogue", "slots",
        "money", "recommend", "constraints", "fit", "profile"}
EDGES = {"cli", "commands", "terminal", "render", "session", "export", "contract", "turn_text",
         "present", "files", "places"}


def imports(path: Path) -> set[str]:
    found = set()
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
        elif isinstance(node, ast.ImportFrom) and node.module:
            found.add(node.module)
    return found


def test_libraries_are_imported_only_where_they_belong() -> None:
    for path in PACKAGE.glob("*.py"):
        for name in imports(path):
            top = name.split(".")[0]
            if top in ALLOWED:
                assert path.stem in ALLOWED[top], f"{path.name} imports {name}"


def test_the_core_never_imports_an_edge() -> None:
    for module in CORE:
        for name in imports(PACKAGE / f"{module}.py"):
            assert name.removeprefix("advisor.") not in EDGES, f"{module} imports {name}"
