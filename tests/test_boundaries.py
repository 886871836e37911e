"""The layers are folders, and imports only point down.

    domain                                the values everything shares, and errors
    storage                               the user's folders, writes that never half-write
    understanding, recommendation         reading text and questions; ranking programs
    conversation, kb                      the interview; loading and checking the knowledge
    output                                words, tables, the JSON contract, exports
    advisor/*.py                          the edges: cli, commands, terminal, session

A package may import its own modules, the packages below it and nothing above or beside
it; another package's modules are reached through that package's `__all__`. The core
(domain, understanding, recommendation, conversation) never touches storage, YAML,
templates or a terminal.
"""

from __future__ import annotations

import ast
import importlib
from pathlib import Path

import pytest
from conftest import ROOT

PACKAGE = ROOT / "src" / "advisor"
LEVELS = {
    "domain": 0,
    "storage": 1,
    "understanding": 2,
    "recommendation": 2,
    "conversation": 3,
    "kb": 3,
    "output": 4,
}
EDGE = 5  # the modules at the top of the package
CORE = {"domain", "understanding", "recommendation", "conversation"}
# library -> the only modules that may import it
ALLOWED = {"yaml": {"kb/yamlfile.py"}, "jinja2": {"output/rendering.py"}, "prompt_toolkit": {"terminal.py"}}


def layer_of(module: str) -> str:
    """`advisor.understanding.slots` -> "understanding"; an edge module -> ""."""
    parts = module.split(".")
    return parts[1] if len(parts) > 1 and parts[1] in LEVELS else ""


def level(layer: str) -> int:
    return LEVELS.get(layer, EDGE)


def module_name(path: Path) -> str:
    return ".".join(("advisor", *path.relative_to(PACKAGE).with_suffix("").parts))


def advisor_imports(path: Path) -> list[tuple[str, list[str], bool]]:
    """(module, imported names, only for type checking) for each import of the advisor."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    typing_only = {
        id(n)
        for node in ast.walk(tree)
        if isinstance(node, ast.If) and ast.unparse(node.test) == "TYPE_CHECKING"
        for n in ast.walk(node)
    }
    found = []
    for node in ast.walk(tree):
        if isinstance(node, ast.ImportFrom) and node.module and node.module.startswith("advisor"):
            found.append((node.module, [a.name for a in node.names], id(node) in typing_only))
        elif isinstance(node, ast.Import):
            found += [
                (a.name, [], id(node) in typing_only) for a in node.names if a.name.startswith("advisor")
            ]
    return found


SOURCES = sorted(p for p in PACKAGE.rglob("*.py"))


def test_every_module_sits_in_a_layer_or_is_an_edge() -> None:
    folders = {p.name for p in PACKAGE.iterdir() if p.is_dir() and (p / "__init__.py").exists()}
    assert folders == set(LEVELS), "a new package needs its place in LEVELS"
    edges = {p.stem for p in PACKAGE.glob("*.py")}
    assert edges == {"__init__", "__main__", "cli", "commands", "terminal", "session"}


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_imports_point_down(path: Path) -> None:
    here = layer_of(module_name(path))
    for module, _, typing_only in advisor_imports(path):
        there = layer_of(module)
        if module == "advisor" or there == here or typing_only:
            continue
        assert level(there) < level(here), f"{path.name} ({here or 'edge'}) imports {module}"
        if here in CORE:
            assert there in CORE, f"{path.name} is core but imports {module}"


@pytest.mark.parametrize("path", SOURCES, ids=lambda p: str(p.relative_to(PACKAGE)))
def test_another_layer_is_reached_through_its_public_names(path: Path) -> None:
    here = layer_of(module_name(path))
    for module, names, _ in advisor_imports(path):
        there = layer_of(module)
        if there in LEVELS and there != here:
            public = importlib.import_module(f"advisor.{there}").__all__
            submodules = {p.stem for p in (PACKAGE / there).glob("*.py")}
            assert module == f"advisor.{there}", f"{path.name} imports {module}, not the package"
            assert set(names) <= set(public) | submodules, (
                f"{path.name} imports {set(names) - set(public)} from {module}, not in its __all__"
            )


def test_each_package_names_its_public_parts_and_they_exist() -> None:
    for name in LEVELS:
        package = importlib.import_module(f"advisor.{name}")
        assert package.__doc__ and "Depends on" in package.__doc__, name
        for public in package.__all__:
            assert getattr(package, public) is not None, f"advisor.{name}.{public}"
        with pytest.raises(AttributeError):
            package.not_a_public_name  # noqa: B018
        # importing a submodule sets it as the package's attribute, hiding a public name
        submodules = {p.stem for p in (PACKAGE / name).glob("*.py")}
        assert not submodules & set(package.__all__), name


def test_the_type_checker_sees_the_same_public_names_as_the_runtime() -> None:
    """The `if TYPE_CHECKING:` imports of each package (what mypy checks) and its `__all__`
    (what is imported at run time) name the same things."""
    for name in LEVELS:
        tree = ast.parse((PACKAGE / name / "__init__.py").read_text(encoding="utf-8"))
        typed = {
            alias.asname
            for node in ast.walk(tree)
            if isinstance(node, ast.ImportFrom) and (node.module or "").startswith(f"advisor.{name}.")
            for alias in node.names
        }
        assert typed == set(importlib.import_module(f"advisor.{name}").__all__), name


def test_libraries_are_imported_only_where_they_belong() -> None:
    for path in SOURCES:
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            names = (
                [a.name for a in node.names]
                if isinstance(node, ast.Import)
                else [node.module]
                if isinstance(node, ast.ImportFrom) and node.module
                else []
            )
            for name in names:
                top = name.split(".")[0]
                if top in ALLOWED:
                    where = str(path.relative_to(PACKAGE))
                    assert where in ALLOWED[top], f"{where} imports {name}"
