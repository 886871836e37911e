"""Reading one YAML file safely, remembering the line of every key and item.

The only place YAML is parsed. Values come back as plain JSON-like data (dates as ISO
strings) with a table from each path, like ("tuition", "total") or ("faqs", 3), to its line.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    import yaml

from advisor.errors import Problem

PathKey = tuple[str | int, ...]
MAX_ALIASES = 100  # knowledge files need none; a few are fine
MAX_VALUES = 200_000  # values in one file once aliases are expanded (the largest has ~5,000)


@dataclass(frozen=True)
class YamlDoc:
    file: str
    data: Any
    lines: dict[PathKey, int]

    def line(self, path: PathKey) -> int:
        """The line of `path`, or of the nearest enclosing item that has one."""
        for cut in range(len(path), -1, -1):
            if path[:cut] in self.lines:
                return self.lines[path[:cut]]
        return 1


def _plain(value: Any) -> Any:
    if isinstance(value, dt.datetime | dt.date):
        return value.isoformat()
    if isinstance(value, dict):
        return {str(k) if isinstance(k, dt.date) else k: _plain(v) for k, v in value.items()}
    if isinstance(value, list):
        return [_plain(v) for v in value]
    return value


def _alias_problem(root: yaml.Node, shown_as: str) -> Problem | None:
    """A file whose aliases would expand to too much ("billion laughs"), before anything
    walks it: counted once per node, so the count itself stays cheap."""
    import yaml

    sizes: dict[int, int] = {}
    reused = 0

    def size(node: yaml.Node) -> int:
        nonlocal reused
        if id(node) in sizes:
            reused += 1
            if reused > MAX_ALIASES or sizes[id(node)] < 0:  # too many, or an alias loop
                raise _TooMany(node)
            return sizes[id(node)]
        sizes[id(node)] = -1  # being counted
        total = 1
        if isinstance(node, yaml.MappingNode):
            total += sum(size(k) + size(v) for k, v in node.value)
        elif isinstance(node, yaml.SequenceNode):
            total += sum(size(item) for item in node.value)
        if total > MAX_VALUES:
            raise _TooMany(node)
        sizes[id(node)] = total
        return total

    try:
        size(root)
    except _TooMany as exc:
        return Problem(shown_as, exc.node.start_mark.line + 1, "",
                       f"too many aliases (more than {MAX_ALIASES}, or more than {MAX_VALUES:,} "
                       "values once expanded)")
    return None


class _TooMany(Exception):
    def __init__(self, node: yaml.Node):
        self.node = node


def _index(node: yaml.Node, path: PathKey, lines: dict[PathKey, int]) -> None:
    import yaml

    lines.setdefault(path, node.start_mark.line + 1)
    if isinstance(node, yaml.MappingNode):
        for key_node, value_node in node.value:
            key = key_node.value if isinstance(key_node, yaml.ScalarNode) else str(key_node)
            lines[(*path, key)] = key_node.start_mark.line + 1
            _index(value_node, (*path, key), lines)
    elif isinstance(node, yaml.SequenceNode):
        for i, item in enumerate(node.value):
            _index(item, (*path, i), lines)


def read_yaml(path: Path, shown_as: str) -> YamlDoc:
    """Parse `path`; raise a list of one Problem (file, line, message) if it cannot be read."""
    import yaml  # imported here: a start-up with remembered knowledge needs no YAML at all

    # libyaml's parser when PyYAML has it (about ten times faster), else the pure-Python one;
    # both are safe loaders and keep the line of every node.
    safe_loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise YamlProblem(Problem(shown_as, None, "", "file is missing")) from None
    except UnicodeDecodeError as exc:
        raise YamlProblem(Problem(shown_as, None, "", f"not UTF-8 text ({exc.reason})")) from None
    except OSError as exc:
        raise YamlProblem(Problem(shown_as, None, "", f"cannot be read ({exc.strerror})")) from None
    loader = safe_loader(text)
    try:
        node = loader.get_single_node()
        too_many = _alias_problem(node, shown_as) if node is not None else None
        if too_many:
            raise YamlProblem(too_many)
        data = loader.construct_document(node) if node is not None else None
    except yaml.MarkedYAMLError as exc:
        mark = exc.problem_mark or exc.context_mark
        line = mark.line + 1 if mark else None
        what = " ".join(str(p) for p in (exc.context, exc.problem) if p)
        raise YamlProblem(Problem(shown_as, line, "", f"YAML syntax error: {what}")) from None
    except yaml.YAMLError as exc:
        raise YamlProblem(Problem(shown_as, None, "", f"YAML error: {exc}")) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    if node is not None:
        _index(node, (), lines)
    return YamlDoc(shown_as, _plain(data), lines)


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
