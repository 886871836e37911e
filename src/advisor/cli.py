"""The `advisor` command: argument parsing, and the one place errors become messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from advisor import __version__, commands
from advisor.errors import AdvisorError, ExitStatus, KnowledgeError

Handler = Callable[[argparse.Namespace], int]


def _add_profile_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("profile (any left out is treated as not given)")
    group.add_argument("--field", help="computer-science, math-statistics, engineering, ...")
    group.add_argument("--programming", help="none, basic or strong")
    group.add_argument("--math", help="none, basic or strong")
    group.add_argument("--goal", help="industry, research, career-change or leadership")
    group.add_argument("--interests", action="append", help="e.g. nlp,deep-learning (repeatable)")
    group.add_argument("--budget", help="most total tuition: 30000, 30k, €25000, 'no limit' or 'cheapest'")
    group.add_argument("--format", help="online, on-campus, hybrid or any")
    group.add_argument("--pace", help="full-time, part-time or any")
    group.add_argument("--region", help="any, us, us-east, us-west, us-midwest, us-south, canada, uk, "
                       "europe or asia")
    group.add_argument("--residency", help="where you are a citizen or resident, for the fee you pay: "
                       "us, canada, uk, eu or other")


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
    chat.set_defaults(handler=commands.chat)

    recommend = sub.add_parser("recommend", help="rank programs for a profile given as flags",
                               description="Rank programs for a profile given as flags.")
    _add_profile_flags(recommend)
    recommend.add_argument("--limit", type=int, default=5, help="how many programs (default 5)")
    recommend.add_argument("--json", action="store_true", help="print JSON (spec/cli_contract.md)")
    recommend.add_argument("--show", choices=("short", "cards", "plan", "sources", "assumptions", "full"),
                           default="short", help="short: the table of the top picks (default); cards: "
                           "every reason and caveat; plan; sources; assumptions; full: all of them")
    recommend.set_defaults(handler=commands.recommend)

    export = sub.add_parser("export", help="save the summary as Markdown, HTML or JSON",
                            description="Save a summary of your conversation (or of a profile "
                                        "given as flags) as Markdown, HTML or JSON.")
    export.add_argument("file", help="where to write; the ending (.md, .html, .json) picks the format")
    export.add_argument("--as", dest="file_format", choices=["markdown", "md", "html", "json"],
                        help="the file format, when the file name's ending does not say it")
    export.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    _add_profile_flags(export)
    export.set_defaults(handler=commands.export)

    ask = sub.add_parser("ask", help="answer one question (FAQ, program lookup, compare)",
                         description="Answer a question about ML master's programs.")
    ask.add_argument("question", nargs="*", help="the question; - reads one question per line from stdin")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per question)")
    ask.add_argument("--explain", action="store_true", help="also show what was matched and why")
    ask.set_defaults(handler=commands.ask)

    kb = sub.add_parser("kb", help="work with the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    kb_check = kb_sub.add_parser("check", help="validate a knowledge folder and list every problem")
    kb_check.add_argument("dir", nargs="?", help="the folder to check (default: the one in use)")
    kb_check.set_defaults(handler=commands.kb_check)
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
