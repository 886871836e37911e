"""The machine-readable forms of docs/cli_contract.md, built from core values."""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from advisor.domain import Program
from advisor.output.wording import reason_texts
from advisor.recommendation import Recommendation

if TYPE_CHECKING:  # `advisor recommend` need not load the question matcher
    from advisor.understanding import Answer


def program_ref(p: Program) -> dict[str, Any]:
    return {"id": p.id, "school": p.school, "name": p.name}


def answer_json(answer: Answer, text: str) -> dict[str, Any]:
    return {
        "question": answer.question,
        "kind": answer.kind,
        "faq_id": answer.faq.id if answer.faq else None,
        "programs": [program_ref(p) for p in answer.programs],
        "confidence": round(answer.confidence, 3),
        "suggestions": [f.id for f in answer.suggestions],
        "answer": text,
        "truncated": answer.truncated,
    }


def recommendation_json(rec: Recommendation) -> list[dict[str, Any]]:
    """The contract's `recommendations` list: the ranked picks only (never `nearest`, which
    break a constraint), [] when nothing fits."""
    out: list[dict[str, Any]] = []
    for pick in rec.picks:
        p = pick.program
        reasons, caveats = reason_texts(pick)
        fee = pick.cost.fee if pick.cost is not None else p.tuition  # the fee for this person
        price = pick.cost.usd if pick.cost is not None else p.tuition_usd
        out.append(
            {
                **program_ref(p),
                "score": round(pick.score, 3),
                "format": p.format,
                "country": p.country,
                "region": p.region,
                "tuition_usd": None if price is None else round(price),
                "reasons": reasons,
                "caveats": caveats,
                "url": p.url,
                "tuition_year": fee.year if fee else None,
                "pace": p.pace,
            }
        )
    return out
