"""Checking loaded knowledge: JSON Schema per file, then what a schema cannot say."""

from __future__ import annotations

import json
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

from advisor.domain import Problem
from advisor.kb.yamlfile import PathKey, YamlDoc

MULTILINE_FIELDS = frozenset({"answer"})  # the only text kept as paragraphs (FAQ answers)
_UNPRINTABLE = re.compile(
    r"[\x00-\x09\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069"
    r"\ud800-\udfff]"
)


def text_problems(doc: YamlDoc) -> Iterator[Problem]:
    """Text that would reach a terminal or an export as control: C0/C1 controls, bidi
    overrides, and line breaks outside the fields that are paragraphs; and numbers that are
    not finite (.inf, .nan), which no figure can be and JSON cannot hold."""
    stack: list[tuple[PathKey, Any]] = [((), doc.data)]
    while stack:
        path, value = stack.pop()
        if isinstance(value, dict):
            stack.extend(((*path, k), v) for k, v in value.items())
            texts = [k for k in value if isinstance(k, str)]
        elif isinstance(value, list):
            stack.extend(((*path, i), v) for i, v in enumerate(value))
            texts = []
        else:
            texts = [value] if isinstance(value, str) else []
            if isinstance(value, float) and not math.isfinite(value):
                yield Problem(
                    doc.file, doc.line(path), field_name(path), f"{value} is not a number a figure can be"
                )
        for text in texts:
            bad = _UNPRINTABLE.search(text)
            where = (*path, text) if isinstance(value, dict) else path
            if bad:
                yield Problem(
                    doc.file,
                    doc.line(where),
                    field_name(where),
                    f"contains the control character U+{ord(bad.group()):04X}",
                )
            elif "\n" in text.rstrip("\n") and not (path and path[-1] in MULTILINE_FIELDS):
                yield Problem(
                    doc.file,
                    doc.line(where),
                    field_name(where),
                    "must be one line (only FAQ answers may have line breaks)",
                )


def field_name(path: Iterable[str | int]) -> str:
    out = ""
    for part in path:
        out += f"[{part}]" if isinstance(part, int) else (f".{part}" if out else str(part))
    return out


class SchemaProblem(Exception):
    """A schema file that is missing, not JSON, or not a JSON Schema."""


@cache
def _validator(schema_file: Path) -> Any:
    import jsonschema  # imported here: only needed when knowledge is validated

    try:
        schema = json.loads(schema_file.read_text(encoding="utf-8"))
        cls = jsonschema.validators.validator_for(schema)
        cls.check_schema(schema)
    except FileNotFoundError:
        raise SchemaProblem("file is missing") from None
    except OSError as exc:
        raise SchemaProblem(f"cannot be read ({exc.strerror})") from None
    except ValueError as exc:  # not UTF-8, or not JSON
        raise SchemaProblem(f"is not JSON ({exc})") from None
    except jsonschema.SchemaError as exc:
        raise SchemaProblem(f"is not a JSON Schema ({exc.message})") from None
    return cls(schema, format_checker=cls.FORMAT_CHECKER)


def _show(value: Any) -> str:
    return "null" if value is None else repr(value) if isinstance(value, str) else str(value)


def _describe(error: Any) -> tuple[PathKey, str]:
    path: PathKey = tuple(error.absolute_path)
    if error.validator == "required":
        missing = [k for k in error.validator_value if k not in error.instance]
        return (*path, missing[0]) if missing else path, "required field is missing"
    if error.validator == "additionalProperties":
        extra = sorted(
            (k for k in error.instance if k not in error.schema.get("properties", {})), key=str
        )  # YAML keys may be numbers, dates or null
        return (*path, extra[0]) if extra else path, "unknown field"
    if error.validator == "enum":
        allowed = ", ".join(_show(v) for v in error.validator_value)
        return path, f"{_show(error.instance)} is not one of: {allowed}"
    if error.validator == "oneOf":
        # "null or an object": explain what is wrong with the object, not that it is not null.
        real = [e for e in error.context if not (e.validator == "type" and e.validator_value == "null")]
        if real:
            return _describe(max(real, key=lambda e: len(e.absolute_path)))
    if error.validator == "type":
        wanted = error.validator_value
        wanted = " or ".join(wanted) if isinstance(wanted, list) else wanted
        return path, f"{_show(error.instance)} is not of type {wanted}"
    return path, error.message


def schema_problems(doc: YamlDoc, schema_file: Path) -> list[Problem]:
    problems = []
    for error in _validator(schema_file).iter_errors(doc.data):
        path, message = _describe(error)
        problems.append(Problem(doc.file, doc.line(path), field_name(path), message))
    return sorted(problems, key=lambda p: (p.line or 0, p.field))


def allowed(profile: dict[str, Any], slot: str) -> set[str]:
    return set(profile.get("slots", {}).get(slot, {}).get("values", []))


def program_problems(doc: YamlDoc, profile: dict[str, Any], expected_id: str) -> Iterator[Problem]:
    data = doc.data
    if data.get("id") != expected_id:
        yield Problem(doc.file, doc.line(("id",)), "id", f"must match the file name ({expected_id!r})")
    regions = allowed(profile, "region") - {"any", "us"}
    if data.get("region") not in regions:
        yield Problem(
            doc.file,
            doc.line(("region",)),
            "region",
            f"{data.get('region')!r} is not one of: {', '.join(sorted(regions))}",
        )
    interests = allowed(profile, "interests")
    for i, spec in enumerate(data.get("specializations") or []):
        if spec not in interests:
            yield Problem(
                doc.file,
                doc.line(("specializations", i)),
                f"specializations[{i}]",
                f"{spec!r} is not an interest of the profile spec",
            )
    duration = data.get("duration_months") or {}
    if duration.get("min") and duration.get("max") and duration["min"] > duration["max"]:
        yield Problem(doc.file, doc.line(("duration_months",)), "duration_months", "min is larger than max")
    backed = {s for src in data.get("sources") or [] for s in src.get("supports") or []}
    tuition = data.get("tuition") or {}
    if tuition.get("total") is not None and backed and "tuition" not in backed:
        yield Problem(
            doc.file,
            doc.line(("tuition",)),
            "tuition",
            "a tuition figure needs a source whose `supports` lists tuition",
        )
    for key in ("per_unit", "range", "others"):
        if tuition.get(key) and "tuition" not in backed:
            yield Problem(
                doc.file,
                doc.line(("tuition", key)),
                f"tuition.{key}",
                "a tuition figure needs a source whose `supports` lists tuition",
            )
    span = tuition.get("range") or {}
    if span and span.get("max") is not None and span["min"] > span["max"]:
        yield Problem(doc.file, doc.line(("tuition", "range")), "tuition.range", "min is larger than max")
    for key in ("funding", "eligibility"):
        if data.get(key) and key not in backed:
            yield Problem(doc.file, doc.line((key,)), key, f"needs a source whose `supports` lists {key}")


def ranking_problems(doc: YamlDoc, profile: dict[str, Any]) -> Iterator[Problem]:
    """The residencies the fee rules name must be values of the profile's residency slot."""
    known = allowed(profile, "residency")
    for i, rule in enumerate((doc.data.get("fee_status") or {}).get("rules") or []):
        if known and rule.get("residency") not in known:
            path = ("fee_status", "rules", i, "residency")
            yield Problem(
                doc.file,
                doc.line(path),
                field_name(path),
                f"{rule.get('residency')!r} is not one of: {', '.join(sorted(known))}",
            )


def duplicate_ids(items: list[tuple[str, YamlDoc, PathKey]]) -> Iterator[Problem]:
    counts = Counter(item_id for item_id, _, _ in items)
    for item_id, doc, path in items:
        if counts[item_id] > 1:
            yield Problem(doc.file, doc.line(path), field_name(path), f"duplicate id {item_id!r}")


def related_problems(doc: YamlDoc, known_ids: set[str]) -> Iterator[Problem]:
    for i, faq in enumerate(doc.data.get("faqs") or []):
        for j, rel in enumerate(faq.get("related") or []):
            if rel not in known_ids:
                path = ("faqs", i, "related", j)
                yield Problem(doc.file, doc.line(path), field_name(path), f"no FAQ has the id {rel!r}")
            elif rel == faq.get("id"):
                path = ("faqs", i, "related", j)
                yield Problem(doc.file, doc.line(path), field_name(path), "an FAQ cannot relate to itself")


_WORD = re.compile(r"[0-9a-z]+")


def synonym_problems(doc: YamlDoc, fold: Any) -> Iterator[Problem]:
    """Canonical forms must not contain a variant, or normalizing twice would differ."""
    entries = doc.data.get("synonyms") or []
    variants = {fold(v) for e in entries for v in e.get("variants") or []}
    for i, entry in enumerate(entries):
        canonical = fold(entry.get("canonical", ""))
        for v in variants - {canonical}:
            if re.search(rf"(?<![0-9a-z]){re.escape(v)}(?![0-9a-z])", canonical):
                path = ("synonyms", i, "canonical")
                yield Problem(
                    doc.file,
                    doc.line(path),
                    field_name(path),
                    f"contains the variant {v!r}, so it would be rewritten again",
                )


def example_problems(doc: YamlDoc, program_ids: set[str]) -> Iterator[Problem]:
    for i, kind in enumerate(doc.data.get("degree_kinds") or []):
        for j, example in enumerate(kind.get("examples") or []):
            if example not in program_ids:
                path = ("degree_kinds", i, "examples", j)
                yield Problem(
                    doc.file, doc.line(path), field_name(path), f"no program has the id {example!r}"
                )
