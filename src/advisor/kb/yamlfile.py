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

from advisor.domain import Problem

PathKey = tuple[str | int, ...]
MAX_BYTES = 5_000_000  # the largest knowledge file is about 100 kB
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
        what = (
            (f"too many aliases (more than {MAX_ALIASES}, or more than {MAX_VALUES:,} values once expanded)")
            if reused
            else f"too many values (more than {MAX_VALUES:,})"
        )
        return Problem(shown_as, exc.node.start_mark.line + 1, "", what)
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


class _NotReadable(Exception):
    pass


def _read_text(path: Path) -> str:
    """The file's text, if it is a regular file of a sane size: a FIFO would hang and
    /dev/zero would never end, so neither is opened."""
    import os
    import stat

    info = os.stat(path)
    if stat.S_ISDIR(info.st_mode):
        raise IsADirectoryError(21, "it is a folder", str(path))
    if not stat.S_ISREG(info.st_mode):
        raise _NotReadable("is not a regular file (a device, pipe or socket)")
    if info.st_size > MAX_BYTES:
        raise _NotReadable(f"is larger than {MAX_BYTES // 1_000_000} MB")
    with open(path, "rb") as f:
        raw = f.read(MAX_BYTES + 1)
    if len(raw) > MAX_BYTES:
        raise _NotReadable(f"is larger than {MAX_BYTES // 1_000_000} MB")
    return raw.decode("utf-8")


_LOADER: Any = None


def _loader_class() -> Any:
    """The safe loader (libyaml's when PyYAML has it, about ten times faster), refusing
    duplicate keys and naming the line of a date that does not exist."""
    global _LOADER
    if _LOADER is not None:
        return _LOADER
    import yaml
    from yaml.constructor import ConstructorError

    base: Any = getattr(yaml, "CSafeLoader", yaml.SafeLoader)

    class Loader(base):  # type: ignore[misc]
        def construct_yaml_timestamp(self, node: yaml.Node) -> Any:
            try:
                return super().construct_yaml_timestamp(node)
            except ValueError as exc:
                raise ConstructorError(
                    None, None, f"{node.value!r} is not a real date ({exc})", node.start_mark
                ) from None

        def construct_mapping(self, node: yaml.Node, deep: bool = False) -> Any:
            seen: dict[str, int] = {}
            for key_node, _ in node.value if isinstance(node, yaml.MappingNode) else ():
                if isinstance(key_node, yaml.ScalarNode) and key_node.tag != "tag:yaml.org,2002:merge":
                    if key_node.value in seen:
                        raise ConstructorError(
                            None,
                            None,
                            f"duplicate key {key_node.value!r} (first on line {seen[key_node.value]})",
                            key_node.start_mark,
                        )
                    seen[key_node.value] = key_node.start_mark.line + 1
            return super().construct_mapping(node, deep)

    Loader.add_constructor("tag:yaml.org,2002:timestamp", Loader.construct_yaml_timestamp)
    _LOADER = Loader
    return Loader


def read_yaml(path: Path, shown_as: str) -> YamlDoc:
    """Parse `path`; raise a list of one Problem (file, line, message) if it cannot be read."""
    import yaml  # imported here: a start-up with remembered knowledge needs no YAML at all

    try:
        text = _read_text(path)
    except FileNotFoundError:
        raise YamlProblem(Problem(shown_as, None, "", "file is missing")) from None
    except UnicodeDecodeError as exc:
        raise YamlProblem(Problem(shown_as, None, "", f"not UTF-8 text ({exc.reason})")) from None
    except _NotReadable as exc:
        raise YamlProblem(Problem(shown_as, None, "", str(exc))) from None
    except OSError as exc:
        raise YamlProblem(Problem(shown_as, None, "", f"cannot be read ({exc.strerror})")) from None
    loader = _loader_class()(text)
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
    except RecursionError:
        raise YamlProblem(Problem(shown_as, None, "", "nested too deeply")) from None
    except (ValueError, OverflowError) as exc:  # a value PyYAML's constructors cannot build
        raise YamlProblem(Problem(shown_as, None, "", f"a value cannot be read ({exc})")) from None
    finally:
        loader.dispose()
    lines: dict[PathKey, int] = {}
    try:
        if node is not None:
            _index(node, (), lines)
        return YamlDoc(shown_as, _plain(data), lines)
    except RecursionError:
        raise YamlProblem(Problem(shown_as, None, "", "nested too deeply")) from None


class YamlProblem(Exception):
    def __init__(self, problem: Problem):
        super().__init__(str(problem))
        self.problem = problem
