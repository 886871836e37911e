"""The summary a person keeps: Markdown, HTML (one self-contained page) or JSON.

JSON layout (documented in README.md, "The exported summary"): format_version,
generated_at, advisor_version, knowledge_version, profile, recommendations (contract
fields plus tuition details and sources), nothing_fits, nearest, preparation,
assumptions, faqs_asked.
"""

from __future__ import annotations

import datetime as dt
import json
from dataclasses import dataclass
from pathlib import Path
from typing import Any

from advisor import __version__
from advisor.domain import ExportError, Faq, Knowledge, Profile, Program, Source, Tuition
from advisor.output.contract import recommendation_json
from advisor.output.rendering import environment
from advisor.output.wording import reason_text, reason_texts
from advisor.recommendation import Pick, Recommendation, rank_programs
from advisor.storage import write_new

FORMATS = {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html", ".json": "json"}
FORMAT_VERSION = 1


@dataclass(frozen=True)
class Summary:
    profile: Profile
    recommendation: Recommendation
    faqs: tuple[Faq, ...]
    generated_at: dt.datetime
    knowledge_version: str
    advisor_version: str = __version__


def build_summary(profile: Profile, kb: Knowledge, faq_ids: tuple[str, ...], now: dt.datetime) -> Summary:
    faqs = tuple(f for i in dict.fromkeys(faq_ids) if (f := kb.faq(i)))
    return Summary(profile, rank_programs(profile, kb), faqs, now, kb.version)


def _sources(sources: tuple[Source, ...]) -> list[dict[str, Any]]:
    return [
        {"url": s.url, "retrieved": s.retrieved.isoformat(), "supports": list(s.supports)} for s in sources
    ]


def _program_extra(p: Program, fee: Tuition | None) -> dict[str, Any]:
    t = fee or p.tuition
    return {
        "degree_kind": p.degree_kind,
        "city": p.city,
        "pace": p.pace,
        "tuition": None
        if t is None
        else {
            "total": t.total,
            "currency": t.currency,
            "year": t.year,
            "basis": t.basis,
            "usd": t.total_usd,
            "rate_date": t.rate.date.isoformat() if t.rate else None,
            "applies_to": t.applies_to,
            "stale": t.stale,
            "range": list(t.range) if t.range else None,
        },
        "funding": [{"kind": f.kind, "text": f.text, "url": f.url} for f in p.funding],
        "gre": p.gre,
        "url": p.url,
        "sources": _sources(p.sources),
    }


def _picks(picks: tuple[Pick, ...]) -> list[dict[str, Any]]:
    rows = recommendation_json(Recommendation(picks, (), (), (), ()))
    return [
        {**row, **_program_extra(pick.program, pick.cost.fee if pick.cost else None)}
        for row, pick in zip(rows, picks, strict=True)
    ]


def summary_json(summary: Summary) -> dict[str, Any]:
    rec = summary.recommendation
    return {
        "format_version": FORMAT_VERSION,
        "generated_at": summary.generated_at.isoformat(timespec="seconds"),
        "advisor_version": summary.advisor_version,
        "knowledge_version": summary.knowledge_version,
        "profile": summary.profile.as_json(),
        "recommendations": _picks(rec.picks),
        "nothing_fits": list(rec.blocked_by),
        "nearest": _picks(rec.nearest),
        "preparation": [
            {
                "title": a.title,
                "why": a.why,
                "steps": [
                    {
                        "what": s.what,
                        "resources": [
                            {"name": r.name, "provider": r.provider, "url": r.url} for r in s.resources
                        ],
                    }
                    for s in a.steps
                ],
            }
            for a in rec.preparation
        ],
        "assumptions": [reason_text(r) for r in rec.assumptions],
        "faqs_asked": [
            {"id": f.id, "question": f.question, "answer": f.answer, "sources": _sources(f.sources)}
            for f in summary.faqs
        ],
    }


def render_summary(summary: Summary, fmt: str) -> str:
    if fmt == "json":
        return json.dumps(summary_json(summary), indent=2, ensure_ascii=False) + "\n"
    template = "export.md.j2" if fmt == "markdown" else "export.html.j2"
    env = environment(html=fmt == "html", markdown=fmt == "markdown")
    return (
        env.get_template(template)
        .render(s=summary, rec=summary.recommendation, texts=reason_texts, reason=reason_text)
        .strip()
        + "\n"
    )


def export_format(path: Path, explicit: str | None) -> str:
    if explicit:
        return {"md": "markdown"}.get(explicit, explicit)
    fmt = FORMATS.get(path.suffix.lower())
    if fmt is None:
        if path.is_dir():
            raise ExportError(f"{path} is a folder; give a file name such as {path / 'summary.md'}")
        raise ExportError(
            f"cannot tell the format of {path.name}: end it in .md, .html or .json, or give --as"
        )
    return fmt


def export(summary: Summary, path: Path, fmt: str | None = None, force: bool = False) -> str:
    """Write the summary; return the format written."""
    chosen = export_format(path, fmt)
    write_new(path, render_summary(summary, chosen), force=force)
    return chosen
