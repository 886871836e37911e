"""What each `advisor` command does, once its arguments are parsed (see cli.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from advisor.errors import AdvisorError, ExitStatus


def kb_check(args: argparse.Namespace) -> int:
    from advisor.knowledge import check, knowledge_dir, load_knowledge

    root = knowledge_dir(args.dir or args.knowledge)
    problems, docs, program_docs = check(root)
    if problems:
        for problem in problems:
            sys.stdout.write(f"{problem}\n")
        sys.stdout.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
                         f"in {root}\n")
        return ExitStatus.PROBLEMS
    kb = load_knowledge(root)
    from advisor.asking import Asker
    from advisor.lint import faq_warnings, figures, stale_warnings

    for warning in [*faq_warnings(Asker(kb), docs["faqs.yaml"]), *stale_warnings(kb, program_docs)]:
        sys.stdout.write(f"warning: {warning}\n")
    counts = ", ".join(f"{n} {what}" for what, n in figures(kb).items())
    sys.stdout.write(f"programs: {counts}\n")
    sys.stdout.write(f"ok: {len(kb.programs)} programs, {len(kb.faqs)} FAQs, "
                     f"{len(kb.careers)} careers, {kb.source_count} sources "
                     f"(knowledge {kb.version}, {root})\n")
    return ExitStatus.OK


def ask(args: argparse.Namespace) -> int:
    import json

    from advisor.asking import Asker
    from advisor.contract import answer_json
    from advisor.knowledge import load_knowledge
    from advisor.render import clean, render_answer

    asker = Asker(load_knowledge(args.knowledge))
    if args.question == ["-"]:
        questions: Iterable[str] = (line.rstrip("\r\n") for line in sys.stdin)
    elif args.question:
        questions = [" ".join(args.question)]
    else:
        raise AdvisorError("ask needs a question, or - to read one question per line from stdin")
    for question in questions:
        answer = asker.ask(question)
        text = clean(render_answer(answer, explain=args.explain))
        if args.json:
            sys.stdout.write(json.dumps(answer_json(answer, text), ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(text + ("\n" if args.question == ["-"] else ""))
        sys.stdout.flush()
    return ExitStatus.OK


def conversation(args: argparse.Namespace) -> tuple[Any, Callable[..., str]]:
    """The engine and a function that words a turn, both built from the knowledge."""
    from advisor.engine import Dialogue
    from advisor.knowledge import load_knowledge
    from advisor.turn_text import render_turn

    kb = load_knowledge(args.knowledge)
    dialogue = Dialogue.build(kb)

    def show(turn: Any) -> str:
        return render_turn(dialogue, turn.state, turn.reply)
    return dialogue, show


def exporter(kb: Any) -> Callable[..., str]:
    """Export from inside the chat: the message to show, never an exception."""
    def run(state: Any, name: str | None) -> str:
        import datetime as dt
        from pathlib import Path

        from advisor.export import build_summary, export
        from advisor.render import render

        path = Path(name or "advisor-summary.md").expanduser()
        summary = build_summary(state.profile, kb, state.faqs, dt.datetime.now())
        try:
            fmt = export(summary, path, force=False)
        except AdvisorError as exc:
            return render("export_failed.j2", reason=str(exc))
        return render("export_done.j2", path=str(path), format=fmt)
    return run


def export(args: argparse.Namespace) -> int:
    import datetime as dt
    from pathlib import Path

    from advisor import session
    from advisor.export import build_summary, export
    from advisor.knowledge import load_knowledge

    kb = load_knowledge(args.knowledge)
    flags = ("field", "programming", "math", "goal", "interests", "budget", "format", "pace", "region")
    faqs: tuple[str, ...] = ()
    if any(getattr(args, f) is not None for f in flags):
        profile = profile_from_flags(args, kb)
    else:
        state, problem = session.load()
        if problem:
            sys.stderr.write(f"advisor: {problem}\n")
        if state is None:
            raise AdvisorError("no saved conversation to export: chat first, or give the profile "
                               "as flags (see advisor export --help)")
        profile, faqs = state.profile, tuple(state.faqs)
    path = Path(args.file).expanduser()
    fmt = export(build_summary(profile, kb, faqs, dt.datetime.now()), path, args.file_format,
                 args.force)
    sys.stdout.write(f"wrote {path} ({fmt})\n")
    return ExitStatus.OK


def chat(args: argparse.Namespace) -> int:
    import json

    from advisor.render import clean

    dialogue, show = conversation(args)
    if args.script is None:
        if args.json:
            raise AdvisorError("--json needs --script FILE (or --script - for stdin)")
        from advisor.terminal import chat

        chat(dialogue, show, sys.stdout, resume=args.resume, save=not args.no_save,
             exporter=exporter(dialogue.kb))
        return ExitStatus.OK
    from advisor.terminal import lines_from, script_turns

    if args.script == "-":
        lines = list(lines_from(sys.stdin))
    else:
        try:
            with open(args.script, encoding="utf-8") as f:
                lines = list(lines_from(f))
        except OSError as exc:
            raise AdvisorError(f"cannot read the script {args.script}: {exc.strerror}") from None
    from advisor.contract import recommendation_json

    for number, line, turn in script_turns(dialogue, lines):
        text = clean(show(turn))
        if args.json:
            answer = turn.reply.answer
            sys.stdout.write(json.dumps({
                "turn": number, "user": line, "reply": text,
                "faq_id": answer.faq.id if answer and answer.faq else None,
                "profile": turn.state.profile.as_json(), "asking": turn.reply.asking,
                "recommendations": recommendation_json(turn.reply.recommendation)
                if turn.reply.recommendation is not None else [],
                "phase": turn.state.phase,
            }, ensure_ascii=False) + "\n")
        else:
            sys.stdout.write(f"you> {clean(line)}\n{text}\n")
        sys.stdout.flush()
    return ExitStatus.OK


def profile_from_flags(args: argparse.Namespace, kb: Any) -> Any:
    """A Profile from the recommend/export flags, each checked against the spec's values."""
    from advisor.money import CHEAPEST, NO_LIMIT, parse_money
    from advisor.profile import Profile

    profile = Profile()
    slots = kb.profile_slots
    for slot in ("field", "programming", "math", "goal", "format", "pace", "region", "residency"):
        value = getattr(args, slot)
        if value is not None:
            allowed = slots[slot]["values"] if slot in slots else []
            if value not in allowed:
                raise AdvisorError(f"--{slot} {value!r} is not one of: {', '.join(allowed)}")
            profile = profile.with_slot(slot, value)
    if args.interests:
        wanted = [i.strip() for item in args.interests for i in item.split(",") if i.strip()]
        unknown = [i for i in wanted if i not in slots["interests"]["values"]]
        if unknown:
            raise AdvisorError(f"--interests {unknown[0]!r} is not one of: "
                               f"{', '.join(slots['interests']['values'])}")
        profile = profile.with_slot("interests", wanted)
    if args.budget is not None:
        money = parse_money(args.budget)
        if money is None:
            raise AdvisorError(f"--budget {args.budget!r} is not an amount (try 30000, 30k or €25000)")
        if money == CHEAPEST:
            profile = replace(profile.with_slot("budget_usd", None), cheapest=True)
        elif money == NO_LIMIT:
            profile = profile.with_slot("budget_usd", None)
        else:
            amount, currency = money
            rates = {r.currency: r.usd_per_unit for r in kb.rates}
            if currency not in rates:
                raise AdvisorError(f"--budget: no conversion rate for {currency} in the knowledge")
            profile = profile.with_slot("budget_usd", round(float(amount or 0) * rates[currency]))
    return profile


def recommend(args: argparse.Namespace) -> int:
    import json

    from advisor.contract import recommendation_json
    from advisor.knowledge import load_knowledge
    from advisor.present import render_recommendation
    from advisor.recommend import rank_programs
    from advisor.render import clean

    kb = load_knowledge(args.knowledge)
    profile = profile_from_flags(args, kb)
    rec = rank_programs(profile, kb, limit=args.limit)
    if args.json:
        sys.stdout.write(json.dumps({"profile": profile.as_json(),
                                     "recommendations": recommendation_json(rec)},
                                    ensure_ascii=False) + "\n")
    else:
        sys.stdout.write(clean(render_recommendation(rec, args.show, command=True)))
    return ExitStatus.OK
