"""Finding, loading and validating the knowledge folder into frozen records.

Raw YAML data never leaves this module (and `build`): everything else uses `Knowledge`.
"""

from __future__ import annotations

import hashlib
import json
import os
from dataclasses import dataclass
from importlib import resources
from pathlib import Path
from typing import Any

from advisor import build
from advisor.errors import KnowledgeError, Problem
from advisor.files import atomic_write
from advisor.records import Knowledge
from advisor.text import fold
from advisor.validation import (
    duplicate_ids,
    example_problems,
    program_problems,
    ranking_problems,
    related_problems,
    schema_problems,
    synonym_problems,
)
from advisor.yamlfile import PathKey, YamlDoc, YamlProblem

ENV_VAR = "ADVISOR_KNOWLEDGE"
REQUIRED_FILES = ("profile.yaml", "faqs.yaml", "currency_rates.yaml")
OPTIONAL_FILES = ("careers.yaml", "degree_kinds.yaml", "courses.yaml", "preparation.yaml",
                  "synonyms.yaml", "dialogue.yaml", "lookup.yaml", "slot_values.yaml", "ranking.yaml")
SHIPPED_FALLBACK = ("ranking.yaml",)  # a folder without its own uses the shipped one


def knowledge_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """Where the knowledge lives: --knowledge, then $ADVISOR_KNOWLEDGE, then the packaged
    copy, then the source tree (an editable install does not see the packaged copy)."""
    for chosen in (explicit, os.environ.get(ENV_VAR)):
        if chosen:
            path = Path(chosen).expanduser()
            if not path.is_dir():
                raise KnowledgeError([Problem(str(path), None, "", "is not a knowledge folder")])
            return path
    return bundled_dir()


def bundled_dir() -> Path:
    """The knowledge shipped with the advisor: in the package, else in the source tree."""
    packaged = Path(str(resources.files("advisor") / "knowledge"))
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[2] / "knowledge"
    if source_tree.is_dir():
        return source_tree
    raise KnowledgeError([Problem("knowledge", None, "", "no knowledge folder was found; "
                                  f"name one with --knowledge or ${ENV_VAR}")])


@dataclass
class _Reader:
    root: Path
    problems: list[Problem]
    validate: bool = True

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent)) if self.root.name == "knowledge" \
                else str(path)
        except ValueError:
            return str(path)

    def read(self, path: Path, schema: str) -> YamlDoc | None:
        from advisor.yamlfile import read_yaml  # PyYAML is needed only when files are read

        try:
            doc = read_yaml(path, self.shown(path))
        except YamlProblem as exc:
            self.problems.append(exc.problem)
            return None
        found = schema_problems(doc, self.schema_dir / schema) if self.validate else []
        self.problems.extend(found)
        return None if found else doc

    @property
    def schema_dir(self) -> Path:
        own = self.root / "schema"
        return own if own.is_dir() else bundled_dir() / "schema"


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.name.encode())
        try:
            h.update(path.read_bytes())
        except OSError:
            pass
    return h.hexdigest()[:12]


def read_docs(root: Path, validate: bool = True) -> tuple[dict[str, YamlDoc], list[YamlDoc], list[Problem]]:
    """Read and (unless told not to) schema-check every file; return what passed and all problems."""
    reader = _Reader(root, [], validate)
    docs: dict[str, YamlDoc] = {}
    for name in REQUIRED_FILES + OPTIONAL_FILES:
        path = root / name
        if name in SHIPPED_FALLBACK and not path.exists():
            path = bundled_dir() / name
        if name in OPTIONAL_FILES and not path.exists():
            continue
        doc = reader.read(path, name.replace(".yaml", ".schema.json"))
        if doc is not None:
            docs[name] = doc
    program_dir = root / "programs"
    program_files = sorted(program_dir.glob("*.yaml")) if program_dir.is_dir() else []
    if not program_files:
        reader.problems.append(Problem(reader.shown(program_dir), None, "", "no program files"))
    programs = [d for f in program_files if (d := reader.read(f, "program.schema.json"))]
    return docs, programs, reader.problems


def check(root: Path) -> tuple[list[Problem], dict[str, YamlDoc], list[YamlDoc]]:
    docs, programs, problems = read_docs(root)
    profile: dict[str, Any] = docs["profile.yaml"].data if "profile.yaml" in docs else {}
    for doc in programs:
        problems.extend(program_problems(doc, profile, Path(doc.file).stem))
    problems.extend(duplicate_ids([(d.data["id"], d, ("id",)) for d in programs]))
    if "ranking.yaml" in docs:
        problems.extend(ranking_problems(docs["ranking.yaml"], profile))
    if "faqs.yaml" in docs:
        faqs = docs["faqs.yaml"]
        items: list[tuple[str, YamlDoc, PathKey]] = [
            (f["id"], faqs, ("faqs", i, "id")) for i, f in enumerate(faqs.data["faqs"])]
        problems.extend(duplicate_ids(items))
        problems.extend(related_problems(faqs, {i for i, _, _ in items}))
    if "degree_kinds.yaml" in docs:
        problems.extend(example_problems(docs["degree_kinds.yaml"], {d.data["id"] for d in programs}))
    if "synonyms.yaml" in docs:
        problems.extend(synonym_problems(docs["synonyms.yaml"], fold))
    if "currency_rates.yaml" in docs:
        problems.extend(build.rate_problems(docs["currency_rates.yaml"], programs))
    return problems, docs, programs


def _stamp(root: Path) -> Path | None:
    """Where a successful validation of exactly these files (and this code) is remembered."""
    code = Path(__file__).parent
    parts = [root / n if (root / n).exists() or n not in SHIPPED_FALLBACK else bundled_dir() / n
             for n in REQUIRED_FILES + OPTIONAL_FILES]
    parts = [p for p in parts if p.exists()]
    parts += sorted((root / "programs").glob("*.yaml")) + sorted((root / "schema").glob("*.json"))
    parts += [code / f"{m}.py" for m in ("knowledge", "validation", "yamlfile", "build")]
    try:
        from advisor import __version__
        from advisor.places import cache_dir

        return cache_dir() / f"validated-{__version__}-{_digest(parts)}"
    except OSError:
        return None


def _recall(stamp: Path | None) -> tuple[dict[str, YamlDoc], list[YamlDoc]] | None:
    """The parsed documents of a knowledge folder validated before, if remembered."""
    if stamp is None:
        return None
    try:
        saved = json.loads(stamp.read_text(encoding="utf-8"))
        docs = [YamlDoc(d["file"], d["data"], {tuple(k): v for k, v in d["lines"]})
                for d in saved["docs"]]
        return {Path(d.file).name: d for d in docs[:saved["count"]]}, docs[saved["count"]:]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember(stamp: Path | None, docs: dict[str, YamlDoc], programs: list[YamlDoc]) -> None:
    if stamp is None:
        return
    listed = [*docs.values(), *programs]
    saved = {"count": len(docs), "docs": [
        {"file": d.file, "data": d.data, "lines": [[list(k), v] for k, v in d.lines.items()]}
        for d in listed]}
    try:
        atomic_write(stamp, json.dumps(saved))
    except OSError:
        pass  # a read-only home only costs the next start a validation


def load_knowledge(explicit: str | os.PathLike[str] | None = None) -> Knowledge:
    """Load, validate and build the knowledge; raise KnowledgeError naming every problem.
    Files validated before with the same content are not read and validated again: the
    parsed documents are remembered in the user's cache folder under a digest of the files
    and of this code. `advisor kb check` always reads and validates."""
    root = knowledge_dir(explicit)
    stamp = _stamp(root)
    remembered = _recall(stamp)
    if remembered is not None:
        docs, programs = remembered
    else:
        problems, docs, programs = check(root)
        if problems:
            raise KnowledgeError(problems)
        _remember(stamp, docs, programs)
    files = [root / n for n in docs] + [root / "programs" / Path(d.file).name for d in programs]
    return build.knowledge(str(root), _digest(files), docs, programs)
