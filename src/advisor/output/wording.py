"""Wording recommendations: every sentence comes from templates (recommendation.j2, _reasons.j2)."""

from __future__ import annotations

import re

from advisor.output.rendering import environment, render
from advisor.recommendation import Pick, Reason, Recommendation

PARTS = ("short", "cards", "plan", "sources", "assumptions", "full")


def render_recommendation(rec: Recommendation, part: str = "short", command: bool = False) -> str:
    """The plain text a person sees in the terminal for a recommendation: `short`, the table
    of the top picks and what to ask next (in the chat, or as flags of `advisor recommend`
    when `command`); `cards`, `plan`, `sources` or `assumptions` on request; `full`, all."""
    return render("recommendation.j2", rec=rec, part=part, command=command)


def reason_text(r: Reason) -> str:
    """One reason, caveat or assumption as a single plain line."""
    macro = environment().get_template("_reasons.j2").module.reason  # type: ignore[attr-defined]
    return re.sub(r"\s+", " ", str(macro(r))).strip()


def reason_texts(pick: Pick) -> tuple[list[str], list[str]]:
    """(reasons, caveats) of one pick as plain strings, for the JSON contract."""
    return [reason_text(r) for r in pick.reasons], [reason_text(r) for r in pick.caveats]
