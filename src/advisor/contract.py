"""The machine-readable forms of spec/cli_contract.md, built from core values."""

from __future__ import annotations

from typing import Any

from advisor.asking import Answer
from advisor.records import Program


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
