"""Finding, loading and validating the knowledge folder into frozen records.

Raw YAML data never leaves this module (and `build`): everything else uses `Knowledge`.
"""

from __future__ import annotations

import hashlib
import json
import os
import stat
from dataclasses import dataclass, replace
from importlib import resources
from pathlib import Path
from typing import Any

from advisor.domain import AdvisorError, Knowledge, KnowledgeError, Problem
from advisor.kb import build
from advisor.kb.validation import (
    SchemaProblem,
    duplicate_ids,
    example_problems,
    program_problems,
    ranking_problems,
    related_problems,
    schema_problems,
    synonym_problems,
    text_problems,
)
from advisor.kb.yamlfile import MAX_BYTES, PathKey, YamlDoc, YamlProblem
from advisor.storage import atomic_write
from advisor.understanding import fold

ENV_VAR = "ADVISOR_KNOWLEDGE"
VECTORS_FILE = "word_vectors.bin"
REQUIRED_FILES = ("profile.yaml", "faqs.yaml", "currency_rates.yaml")
OPTIONAL_FILES = (
    "careers.yaml",
    "degree_kinds.yaml",
    "courses.yaml",
    "preparation.yaml",
    "synonyms.yaml",
    "dialogue.yaml",
    "lookup.yaml",
    "slot_values.yaml",
    "faq_model.yaml",
    "ranking.yaml",
    "gazetteer.yaml",
)
WITHOUT_LINES = (
    "faq_model.yaml",
    "gazetteer.yaml",
)  # remembered without line numbers (never reported on after)
# A folder without its own of these uses the shipped one.
SHIPPED_FALLBACK = ("ranking.yaml", "faq_model.yaml", "gazetteer.yaml", VECTORS_FILE)


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


def slot_values(slot: str) -> list[str]:
    """The values profile.yaml allows for `slot` (for `--help`), [] when it lists none or
    cannot be read: help is shown even when the knowledge is broken."""
    from advisor.kb.yamlfile import read_yaml

    try:
        doc = read_yaml(knowledge_dir() / "profile.yaml", "profile.yaml")
        values = doc.data["slots"][slot].get("values", [])
    except (AdvisorError, YamlProblem, OSError, KeyError, TypeError, AttributeError):
        return []
    return [str(v) for v in values] if isinstance(values, list) else []


def bundled_dir() -> Path:
    """The knowledge shipped with the advisor: in the package, else in the source tree."""
    packaged = Path(str(resources.files("advisor") / "knowledge"))
    if packaged.is_dir():
        return packaged
    source_tree = Path(__file__).resolve().parents[3] / "knowledge"
    if source_tree.is_dir():
        return source_tree
    raise KnowledgeError(
        [
            Problem(
                "knowledge",
                None,
                "",
                f"no knowledge folder was found; name one with --knowledge or ${ENV_VAR}",
            )
        ]
    )


@dataclass
class _Reader:
    root: Path
    problems: list[Problem]
    validate: bool = True

    def shown(self, path: Path) -> str:
        try:
            return str(path.relative_to(self.root.parent)) if self.root.name == "knowledge" else str(path)
        except ValueError:
            return str(path)

    def read(self, path: Path, schema: str) -> YamlDoc | None:
        from advisor.kb.yamlfile import read_yaml  # PyYAML is needed only when files are read

        try:
            doc = read_yaml(path, self.shown(path))
        except YamlProblem as exc:
            self.problems.append(exc.problem)
            return None
        found: list[Problem] = []
        for schema_file in self.schemas(schema) if self.validate else []:
            try:
                found.extend(schema_problems(doc, schema_file))
            except SchemaProblem as exc:
                found.append(Problem(self.shown(schema_file), None, "", str(exc)))
        found = list(dict.fromkeys(found))  # both schemas may say the same
        self.problems.extend(p for p in found if p not in self.problems)
        return None if found else doc

    def schemas(self, schema: str) -> list[Path]:
        """The shipped schema, which the code relies on, and the folder's own if it has one
        (it can only add rules: a permissive one lets no wrong type through)."""
        shipped = bundled_dir() / "schema" / schema
        own = self.root / "schema" / schema
        if not (self.root / "schema").is_dir() or own.resolve() == shipped.resolve():
            return [shipped]
        return [shipped, own]


def _own_or_shipped(root: Path, name: str) -> Path:
    """A knowledge folder without a ranking, a fitted FAQ model or word vectors of its own
    uses the shipped one."""
    path = root / name
    if name in SHIPPED_FALLBACK and not path.exists():
        return bundled_dir() / name
    return path


_FILE_DIGESTS: dict[tuple[str, int, int], bytes] = {}  # (path, mtime, size) -> its digest


def _file_digest(path: Path, info: os.stat_result) -> bytes:
    """A file's digest, read once a process (the stamp and the version both need it)."""
    key = (str(path), info.st_mtime_ns, info.st_size)
    if key not in _FILE_DIGESTS:
        _FILE_DIGESTS[key] = hashlib.sha256(path.read_bytes()).digest()
    return _FILE_DIGESTS[key]


def _digest(paths: list[Path]) -> str:
    h = hashlib.sha256()
    for path in sorted(paths):
        h.update(path.name.encode())
        try:  # only what read_yaml would read: never a FIFO (it hangs) or /dev/zero (endless)
            info = os.stat(path)
            if stat.S_ISREG(info.st_mode) and info.st_size <= MAX_BYTES:
                h.update(_file_digest(path, info))
            else:
                h.update(f"not read: {info.st_mode} {info.st_size}".encode())
        except OSError:
            pass
    return h.hexdigest()[:12]


def read_docs(
    root: Path, validate: bool = True, skip: tuple[str, ...] = ()
) -> tuple[dict[str, YamlDoc], list[YamlDoc], list[Problem]]:
    """Read and (unless told not to) schema-check every file but those in `skip`; return what
    passed and all problems."""
    reader = _Reader(root, [], validate)
    docs: dict[str, YamlDoc] = {}
    for name in REQUIRED_FILES + OPTIONAL_FILES:
        if name in skip:
            continue
        path = _own_or_shipped(root, name)
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


def check(root: Path, skip: tuple[str, ...] = ()) -> tuple[list[Problem], dict[str, YamlDoc], list[YamlDoc]]:
    docs, programs, problems = read_docs(root, skip=skip)
    for doc in [*docs.values(), *programs]:
        problems.extend(text_problems(doc))
    profile: dict[str, Any] = docs["profile.yaml"].data if "profile.yaml" in docs else {}
    for doc in programs:
        problems.extend(program_problems(doc, profile, Path(doc.file).stem))
    problems.extend(duplicate_ids([(d.data["id"], d, ("id",)) for d in programs]))
    if "ranking.yaml" in docs:
        problems.extend(ranking_problems(docs["ranking.yaml"], profile))
    if "faqs.yaml" in docs:
        faqs = docs["faqs.yaml"]
        items: list[tuple[str, YamlDoc, PathKey]] = [
            (f["id"], faqs, ("faqs", i, "id")) for i, f in enumerate(faqs.data["faqs"])
        ]
        problems.extend(duplicate_ids(items))
        problems.extend(related_problems(faqs, {i for i, _, _ in items}))
    if "degree_kinds.yaml" in docs:
        problems.extend(example_problems(docs["degree_kinds.yaml"], {d.data["id"] for d in programs}))
    if "synonyms.yaml" in docs:
        problems.extend(synonym_problems(docs["synonyms.yaml"], fold))
    if "currency_rates.yaml" in docs:
        problems.extend(build.rate_problems(docs["currency_rates.yaml"], programs))
    if "slot_values.yaml" in docs:
        problems.extend(_vocabulary_problems(docs["slot_values.yaml"]))
    return problems, docs, programs


def _vocabulary_problems(doc: YamlDoc) -> list[Problem]:
    """What the slot vocabulary's own compiler finds (its schema leaves the details to it):
    found here, a broken file is named by `kb check` instead of ending a chat with exit 70."""
    from advisor.understanding import SlotVocabulary

    try:
        SlotVocabulary.from_data(doc.data)
    except ValueError as exc:
        where, _, message = str(exc).partition(": ")
        path = tuple(where.split(".")) if message else ()
        return [Problem(doc.file, doc.line(path), where if message else "", message or str(exc))]
    return []


def _stamp(root: Path) -> Path | None:
    """Where a successful validation of exactly these files (and this code) is remembered."""
    code = Path(__file__).parent
    parts = [path for n in REQUIRED_FILES + OPTIONAL_FILES if (path := _own_or_shipped(root, n)).exists()]
    parts += sorted((root / "programs").glob("*.yaml")) + sorted((root / "schema").glob("*.json"))
    parts.append(_own_or_shipped(root, VECTORS_FILE))
    parts += [code / f"{m}.py" for m in ("load", "validation", "yamlfile", "build")]
    try:
        from advisor import __version__
        from advisor.storage import cache_dir

        return cache_dir() / f"validated-{__version__}-{_digest(parts)}"
    except OSError:
        return None


def _seal(stamp: Path, payload: str) -> str:
    """A checksum of the remembered documents, tied to the files they came from (the
    stamp's name): a cache file edited, cut short or copied from elsewhere is not trusted."""
    return hashlib.sha256(f"{stamp.name}\n{payload}".encode()).hexdigest()


def _recall(stamp: Path | None) -> tuple[dict[str, YamlDoc], list[YamlDoc]] | None:
    """The parsed documents of a knowledge folder validated before, if remembered and
    whole; anything else means a fresh validation."""
    if stamp is None:
        return None
    try:
        if not stat.S_ISREG(os.stat(stamp).st_mode):  # a FIFO there would hang every start
            return None
        seal, _, payload = stamp.read_text(encoding="utf-8").partition("\n")
        if seal != _seal(stamp, payload):
            return None
        saved = json.loads(payload)
        docs = [YamlDoc(d["file"], d["data"], {tuple(k): v for k, v in d["lines"]}) for d in saved["docs"]]
        return {Path(d.file).name: d for d in docs[: saved["count"]]}, docs[saved["count"] :]
    except (OSError, ValueError, KeyError, TypeError):
        return None


def _remember(stamp: Path | None, docs: dict[str, YamlDoc], programs: list[YamlDoc]) -> None:
    if stamp is None:
        return
    listed = [*docs.values(), *programs]
    # The fitted model's thousands of weights need no line numbers once it is valid.
    payload = json.dumps(
        {
            "count": len(docs),
            "docs": [
                {
                    "file": d.file,
                    "data": d.data,
                    "lines": []
                    if Path(d.file).name in WITHOUT_LINES
                    else [[list(k), v] for k, v in d.lines.items()],
                }
                for d in listed
            ],
        }
    )
    try:
        atomic_write(stamp, f"{_seal(stamp, payload)}\n{payload}")
        _sweep(stamp)
    except OSError:
        pass  # a read-only home only costs the next start a validation


KEPT_VALIDATIONS = 8  # validations of other knowledge kept (a counselor's copies, older versions)


def _sweep(stamp: Path) -> None:
    """Forget all but the most recent validations: each change of the knowledge leaves one."""
    others = []
    for path in stamp.parent.glob("validated-*"):
        try:
            info = path.lstat()
        except OSError:
            continue
        if path != stamp and stat.S_ISREG(info.st_mode):
            others.append((info.st_mtime_ns, path))
    for _, path in sorted(others, reverse=True)[KEPT_VALIDATIONS:]:
        try:
            path.unlink()
        except OSError:
            pass  # another advisor removed it first, or the folder is read-only


def load_knowledge(explicit: str | os.PathLike[str] | None = None, fitted: bool = True) -> Knowledge:
    """Load, validate and build the knowledge; raise KnowledgeError naming every problem.
    Files validated before with the same content are not read and validated again: the
    parsed documents are remembered in the user's cache folder under a digest of the files
    and of this code. `advisor kb check` always reads and validates. Without `fitted` the FAQ
    model is left out (to fit a new one)."""
    root = knowledge_dir(explicit)
    stamp = _stamp(root) if fitted else None
    remembered = _recall(stamp)
    if remembered is not None:
        docs, programs = remembered
    else:
        problems, docs, programs = check(root, () if fitted else ("faq_model.yaml",))
        if problems:
            raise KnowledgeError(problems)
        _remember(stamp, docs, programs)
    files = [_own_or_shipped(root, n) for n in docs]
    files += [root / "programs" / Path(d.file).name for d in programs]
    vectors = _own_or_shipped(root, VECTORS_FILE)
    files.append(vectors)
    return replace(
        build.knowledge(str(root), _digest(files), docs, programs),
        word_vectors=str(vectors) if vectors.is_file() else None,
    )
