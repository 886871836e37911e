"""What each `advisor` command does, once its arguments are parsed (see cli.py)."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable
from dataclasses import replace
from typing import Any

from advisor.domain import AdvisorError, ExitStatus, StreamError


def stdin() -> Any:
    """The standard input, or a sentence if the advisor was started with it closed."""
    if sys.stdin is None:
        raise StreamError(
            "the standard input is closed; give the turns with --script FILE, "
            "or start the advisor with an input"
        )
    return sys.stdin


def kb_check(args: argparse.Namespace) -> int:
    from advisor.kb import check, knowledge_dir, load_knowledge
    from advisor.output import clean

    root = knowledge_dir(args.dir or args.knowledge)
    problems, docs, program_docs = check(root)
    if problems:
        for problem in problems:  # file names and values are shown, but never as escapes
            sys.stdout.write(f"{clean(problem)}\n")
        sys.stdout.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} in {clean(root)}\n")
        return ExitStatus.PROBLEMS
    kb = load_knowledge(root)
    from advisor.kb import faq_warnings, figures, stale_warnings
    from advisor.understanding import Asker

    for warning in [*faq_warnings(Asker(kb), docs["faqs.yaml"]), *stale_warnings(kb, program_docs)]:
        sys.stdout.write(f"warning: {clean(warning)}\n")
    counts = ", ".join(f"{n} {what}" for what, n in figures(kb).items())
    sys.stdout.write(f"programs: {counts}\n")
    sys.stdout.write(
        f"ok: {len(kb.programs)} programs, {len(kb.faqs)} FAQs, "
        f"{len(kb.careers)} careers, {kb.source_count} sources "
        f"(knowledge {kb.version}, {clean(root)})\n"
    )
    return ExitStatus.OK


def ask(args: argparse.Namespace) -> int:
    import json

    from advisor.kb import load_knowledge
    from advisor.output import answer_json, clean, render_answer
    from advisor.understanding import Asker

    asker = Asker(load_knowledge(args.knowledge))
    if args.question == ["-"]:
        questions: Iterable[str] = (line.rstrip("\r\n") for line in stdin())
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
    from advisor.conversation import Dialogue
    from advisor.kb import load_knowledge
    from advisor.output import render_turn

    kb = load_knowledge(args.knowledge)
    if not kb.dialogue:  # an optional file for `ask` and `recommend`, not for a conversation
        from advisor.domain import KnowledgeError, Problem

        raise KnowledgeError(
            [Problem(f"{kb.root}/dialogue.yaml", None, "", "file is missing; the conversation needs it")]
        )
    dialogue = Dialogue.build(kb)

    def show(turn: Any) -> str:
        return render_turn(dialogue, turn.state, turn.reply)

    return dialogue, show


def exporter(kb: Any) -> Callable[..., str]:
    """Export from inside the chat: the message to show, never an exception."""

    def run(state: Any, name: str | None) -> str:
        import datetime as dt
        from pathlib import Path

        from advisor.output import build_summary, export, render

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
    from advisor.kb import load_knowledge
    from advisor.output import build_summary, export

    kb = load_knowledge(args.knowledge)
    flags = ("field", "programming", "math", "goal", "interests", "budget", "format", "pace", "region")
    faqs: tuple[str, ...] = ()
    if any(getattr(args, f) is not None for f in flags):
        profile = profile_from_flags(args, kb)
    else:
        state, problem = session.load(spec=kb.profile_slots)
        if problem:
            from advisor.output import clean

            sys.stderr.write(f"advisor: {clean(problem)}\n")
        if state is None:
            raise AdvisorError(
                "no saved conversation to export: chat first, or give the profile "
                "as flags (see advisor export --help)"
            )
        profile, faqs = state.profile, tuple(state.faqs)
    path = Path(args.file).expanduser()
    fmt = export(build_summary(profile, kb, faqs, dt.datetime.now()), path, args.file_format, args.force)
    from advisor.output import clean

    shown = clean(path).replace("\n", "\\n").replace("\r", "\\r")
    sys.stdout.write(f"wrote {shown} ({fmt})\n")
    return ExitStatus.OK


def chat(args: argparse.Namespace) -> int:
    import json

    from advisor.output import clean

    dialogue, show = conversation(args)
    if args.script is None:
        if args.json:
            raise AdvisorError("--json needs --script FILE (or --script - for stdin)")
        from advisor.terminal import chat

        chat(
            dialogue,
            show,
            sys.stdout,
            resume=args.resume,
            save=not args.no_save,
            stream=stdin(),
            exporter=exporter(dialogue.kb),
        )
        return ExitStatus.OK
    from advisor.terminal import lines_from, script_turns

    if args.script == "-":
        lines = list(lines_from(stdin()))
    else:
        try:
            with open(args.script, encoding="utf-8", errors="replace") as f:
                lines = list(lines_from(f))
        except OSError as exc:
            raise AdvisorError(f"cannot read the script {args.script}: {exc.strerror}") from None
    from advisor.output import recommendation_json

    for number, line, turn in script_turns(dialogue, lines):
        text = clean(show(turn))
        if args.json:
            answer = turn.reply.answer
            sys.stdout.write(
                json.dumps(
                    {
                        "turn": number,
                        "user": line,
                        "reply": text,
                        "faq_id": answer.faq.id if answer and answer.faq else None,
                        "profile": turn.state.profile.as_json(),
                        "asking": turn.reply.asking,
                        "recommendations": recommendation_json(turn.reply.recommendation)
                        if turn.reply.recommendation is not None
                        else [],
                        "phase": turn.state.phase,
                    },
                    ensure_ascii=False,
                )
                + "\n"
            )
        else:
            sys.stdout.write(f"you> {clean(line)}\n{text}\n")
        sys.stdout.flush()
    return ExitStatus.OK


MAX_BUDGET_USD = 1e12


def positive(text: str) -> int:
    """An argparse type: a whole number of at least 1."""
    try:
        number = int(text)
    except ValueError:
        number = 0
    if number < 1:
        raise argparse.ArgumentTypeError(f"{text!r} is not a whole number of at least 1")
    return number


def profile_from_flags(args: argparse.Namespace, kb: Any) -> Any:
    """A Profile from the recommend/export flags, each checked against the spec's values."""
    from advisor.domain import Profile
    from advisor.understanding import SlotVocabulary, budget

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
            raise AdvisorError(
                f"--interests {unknown[0]!r} is not one of: {', '.join(slots['interests']['values'])}"
            )
        profile = profile.with_slot("interests", wanted)
    if args.budget is not None:  # read as the chat reads an answer to the budget question
        found = budget(
            args.budget,
            SlotVocabulary.from_data(kb.slot_values),
            {r.currency: r.usd_per_unit for r in kb.rates},
        )
        if "budget_currency" in found:
            currency = found["budget_currency"]
            raise AdvisorError(f"--budget: no conversion rate for {currency} in the knowledge")
        if "budget_usd" not in found:
            raise AdvisorError(f"--budget {args.budget!r} is not an amount (try 30000, 30k or €25000)")
        amount = found["budget_usd"]
        usd = float(amount) if isinstance(amount, int | float) else None
        if usd is not None and not 0 <= usd < MAX_BUDGET_USD:  # also infinity, from 400 digits
            raise AdvisorError(f"--budget {args.budget!r} is not an amount a tuition could be")
        profile = profile.with_slot("budget_usd", usd)
        if found.get("budget_cheapest"):
            profile = replace(profile, cheapest=True)
    return profile


def recommend(args: argparse.Namespace) -> int:
    import json

    from advisor.kb import load_knowledge
    from advisor.output import clean, recommendation_json, render_recommendation
    from advisor.recommendation import rank_programs

    kb = load_knowledge(args.knowledge)
    profile = profile_from_flags(args, kb)
    rec = rank_programs(profile, kb, limit=args.limit)
    if args.json:
        sys.stdout.write(
            json.dumps(
                {"profile": profile.as_json(), "recommendations": recommendation_json(rec)},
                ensure_ascii=False,
            )
            + "\n"
        )
    else:
        sys.stdout.write(clean(render_recommendation(rec, args.show, command=True)))
    return ExitStatus.OK


def completion(args: argparse.Namespace, parser: argparse.ArgumentParser) -> int:
    """The shell completion script, generated from the parser by shtab, so it never drifts
    from the commands and flags."""
    import shtab

    sys.stdout.write(shtab.complete(parser, shell=args.shell))
    return ExitStatus.OK
