"""The `advisor` command: argument parsing, and the one place errors become messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Iterable, Sequence
from typing import Any

from advisor import __version__
from advisor.errors import AdvisorError, ExitStatus, KnowledgeError

Handler = Callable[[argparse.Namespace], int]


def _kb_check(args: argparse.Namespace) -> int:
    from advisor.knowledge import check, knowledge_dir, load_knowledge

    root = knowledge_dir(args.dir or args.knowledge)
    problems, docs, _ = check(root)
    if problems:
        for problem in problems:
            sys.stdout.write(f"{problem}\n")
        sys.stdout.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
                         f"in {root}\n")
        return ExitStatus.PROBLEMS
    kb = load_knowledge(root)
    from advisor.asking import Asker
    from advisor.lint import faq_warnings

    for warning in faq_warnings(Asker(kb), docs["faqs.yaml"]):
        sys.stdout.write(f"warning: {warning}\n")
    sys.stdout.write(f"ok: {len(kb.programs)} programs, {len(kb.faqs)} FAQs, "
                     f"{len(kb.careers)} careers, {kb.source_count} sources "
                     f"(knowledge {kb.version}, {root})\n")
    return ExitStatus.OK


def _ask(args: argparse.Namespace) -> int:
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


def _dialogue(args: argparse.Namespace) -> tuple[Any, Callable[..., str]]:
    """The engine and a function that words a turn, both built from the knowledge."""
    from advisor.engine import Dialogue
    from advisor.knowledge import load_knowledge
    from advisor.recommend import rank_programs
    from advisor.turn_text import render_turn

    kb = load_knowledge(args.knowledge)
    dialogue = Dialogue.build(kb, recommend=lambda profile: rank_programs(profile, kb))

    def show(turn: Any) -> str:
        return render_turn(dialogue, turn.state, turn.reply)
    return dialogue, show


def _chat(args: argparse.Namespace) -> int:
    import json

    from advisor.contract import recommendation_json
    from advisor.render import clean

    dialogue, show = _dialogue(args)
    if args.script is None:
        if args.json:
            raise AdvisorError("--json needs --script FILE (or --script - for stdin)")
        from advisor.terminal import chat

        chat(dialogue, show, sys.stdout, resume=args.resume, save=not args.no_save)
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


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Decide whether, where and how to do a Master's in Machine Learning.",
        epilog="Run `advisor` with no command to start a conversation.")
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    parser.add_argument("--knowledge", metavar="DIR",
                        help="use the knowledge folder DIR (default: $ADVISOR_KNOWLEDGE, "
                             "else the one shipped with the advisor)")
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    chat = sub.add_parser("chat", help="talk it through and get a shortlist (the default)",
                          description="Hold the advisor's conversation.")
    chat.add_argument("--resume", action="store_true", help="continue the saved conversation")
    chat.add_argument("--script", metavar="FILE", help="read the user's turns from FILE (- for stdin)")
    chat.add_argument("--json", action="store_true", help="with --script: one JSON object per turn")
    chat.add_argument("--no-save", action="store_true", help="do not save the conversation")
    chat.set_defaults(handler=_chat)

    ask = sub.add_parser("ask", help="answer one question (FAQ, program lookup, compare)",
                         description="Answer a question about ML master's programs.")
    ask.add_argument("question", nargs="*", help="the question; - reads one question per line from stdin")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per question)")
    ask.add_argument("--explain", action="store_true", help="also show what was matched and why")
    ask.set_defaults(handler=_ask)

    kb = sub.add_parser("kb", help="work with the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    kb_check = kb_sub.add_parser("check", help="validate a knowledge folder and list every problem")
    kb_check.add_argument("dir", nargs="?", help="the folder to check (default: the one in use)")
    kb_check.set_defaults(handler=_kb_check)
    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:  # plain `advisor`: the conversation
        args = parser.parse_args([*(argv or sys.argv[1:]), "chat"])
        handler = args.handler
    try:
        return handler(args)
    except KnowledgeError as exc:
        for problem in exc.problems:
            sys.stderr.write(f"advisor: {problem}\n")
        return exc.status
    except AdvisorError as exc:
        sys.stderr.write(f"advisor: {exc}\n")
        return exc.status
    except KeyboardInterrupt:
        sys.stderr.write("\n")
        return 130
    except Exception:
        if args.debug:
            raise
        sys.stderr.write("advisor: this is a bug in the advisor; run again with --debug "
                         "to see the details and please report it\n")
        return ExitStatus.BUG
