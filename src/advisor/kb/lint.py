"""Warnings about FAQ phrasings that would mislead the matcher (`advisor kb check`)."""

from __future__ import annotations

from collections.abc import Iterator

from rapidfuzz import fuzz

from advisor.domain import Knowledge, Problem, Program, Tuition
from advisor.kb.validation import field_name
from advisor.kb.yamlfile import YamlDoc
from advisor.recommendation import start_year
from advisor.understanding import Asker

COLLISION = 95.0  # two FAQs' phrasings this similar (token_sort_ratio) read as the same question


def faq_warnings(asker: Asker, doc: YamlDoc) -> Iterator[Problem]:
    """An alternate closer to another FAQ than to its own; phrasings two FAQs share."""
    index = asker.faq_index
    if asker.model is None:
        return
    positions: dict[tuple[str, str], tuple[str | int, ...]] = {}
    for i, faq in enumerate(doc.data["faqs"]):
        for part in ("keywords", "alternates"):
            for j, text in enumerate(faq.get(part) or []):
                positions[(faq["id"], text)] = ("faqs", i, part, j)
    for k, phrase in enumerate(index.phrases):
        where = positions.get((phrase.item, phrase.text))
        if where is None or where[2] != "alternates":
            continue
        hits, _, _ = asker.scored(asker.read(phrase.text, exclude=k))
        own = next((h.score for h in hits if h.item == phrase.item), 0.0)
        if hits and hits[0].item != phrase.item and hits[0].score > own:
            yield Problem(
                doc.file,
                doc.line(where),
                field_name(where),
                f"closer to {hits[0].item!r} ({hits[0].score:.2f}) than to its own FAQ ({own:.2f})",
            )
    seen: dict[str, tuple[str, str]] = {}
    for phrase in index.phrases:
        for other_words, (other_item, other_text) in seen.items():
            if other_item != phrase.item and fuzz.token_sort_ratio(phrase.words, other_words) >= COLLISION:
                where = positions.get((phrase.item, phrase.text))
                yield Problem(
                    doc.file,
                    doc.line(where) if where else None,
                    field_name(where) if where else phrase.item,
                    f"{phrase.text!r} collides with {other_item!r}: {other_text!r}",
                )
        seen[phrase.words] = (phrase.item, phrase.text)


def _fees(program: Program) -> list[tuple[tuple[str | int, ...], Tuition]]:
    t = program.tuition
    if t is None:
        return []
    return [(("tuition", "year"), t)] + [
        (("tuition", "others", i, "year"), o) for i, o in enumerate(t.others)
    ]


def stale_warnings(kb: Knowledge, program_docs: list[YamlDoc]) -> Iterator[Problem]:
    """Fee figures too old to count (knowledge/ranking.yaml, freshness)."""
    years = [start_year(f.year) for p in kb.programs for _, f in _fees(p)]
    newest = max((y for y in years if y is not None), default=None)
    docs = {d.data.get("id"): d for d in program_docs}
    for program in kb.programs:
        doc = docs.get(program.id)
        for where, fee in _fees(program):
            if fee.stale and doc is not None:
                yield Problem(
                    doc.file,
                    doc.line(where),
                    field_name(where),
                    f"the {fee.year} figure is more than {kb.ranking.max_age_years} "
                    f"years older than the newest ({newest}): shown as likely higher "
                    "now and never counted as within a budget",
                )


def figures(kb: Knowledge) -> dict[str, int]:
    """What the program files cover: totals, stale figures, funding, restrictions."""
    return {
        "with a total": sum(p.tuition is not None and p.tuition.total is not None for p in kb.programs),
        "with a stale figure": sum(any(f.stale for _, f in _fees(p)) for p in kb.programs),
        "with funding data": sum(bool(p.funding) for p in kb.programs),
        "with fees by status": sum(p.tuition is not None and bool(p.tuition.others) for p in kb.programs),
        "restricted": sum(p.eligibility is not None for p in kb.programs),
    }
