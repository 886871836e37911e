"""The `advisor` command: argument parsing, and the one place errors become messages."""

from __future__ import annotations

import argparse
import sys
from collections.abc import Callable, Sequence

from advisor import __version__
from advisor.errors import AdvisorError, ExitStatus, KnowledgeError

Handler = Callable[[argparse.Namespace], int]


def _kb_check(args: argparse.Namespace) -> int:
    from advisor.knowledge import check, knowledge_dir, load_knowledge

    root = knowledge_dir(args.dir or args.knowledge)
    problems, _, _ = check(root)
    if problems:
        for problem in problems:
            sys.stdout.write(f"{problem}\n")
        sys.stdout.write(f"{len(problems)} problem{'s' if len(problems) != 1 else ''} "
                         f"in {root}\n")
        return ExitStatus.PROBLEMS
    kb = load_knowledge(root)
    sys.stdout.write(f"ok: {len(kb.programs)} programs, {len(kb.faqs)} FAQs, "
                     f"{len(kb.careers)} careers, {kb.source_count} sources "
                     f"(knowledge {kb.version}, {root})\n")
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
    if handler is None:
        parser.print_help()
        return ExitStatus.USAGE
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
