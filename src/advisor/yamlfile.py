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
