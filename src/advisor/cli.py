"""The `advisor` command: argument parsing, and the one place errors become messages."""

from __future__ import annotations

import argparse
import io
import os
import signal
import sys
from collections.abc import Callable, Sequence
from functools import partial

from advisor import __version__, commands
from advisor.domain import ExitStatus, expected_failure
from advisor.understanding import strip_control

Handler = Callable[[argparse.Namespace], int]


class _HelpFormatter(argparse.HelpFormatter):
    """Fills `{values}` in a flag's help with what knowledge/profile.yaml allows for the slot,
    read only when help is shown, so `--help` never repeats the profile's values by hand."""

    def _get_help_string(self, action: argparse.Action) -> str | None:
        text = super()._get_help_string(action)
        if text and "{values}" in text:
            from advisor.kb import slot_values

            slot = {"budget": "budget_usd"}.get(action.dest, action.dest)
            text = text.replace("{values}", ", ".join(slot_values(slot)) or "see profile.yaml")
        return text


def _add_profile_flags(parser: argparse.ArgumentParser) -> None:
    group = parser.add_argument_group("profile (any left out is treated as not given)")
    group.add_argument("--field", help="{values}")
    group.add_argument("--programming", help="{values}")
    group.add_argument("--math", help="{values}")
    group.add_argument("--goal", help="{values}")
    group.add_argument("--interests", action="append", help="comma-separated, repeatable: {values}")
    group.add_argument("--budget", help="most total tuition: 30000, 30k, €25000, 'no limit' or 'cheapest'")
    group.add_argument("--format", help="{values}")
    group.add_argument("--pace", help="{values}")
    group.add_argument("--region", help="{values}")
    group.add_argument(
        "--residency", help="where you are a citizen or resident, for the fee you pay: {values}"
    )


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="advisor",
        description="Decide whether, where and how to do a Master's in Machine Learning.",
        epilog="Run `advisor` with no command to start a conversation.",
        formatter_class=_HelpFormatter,
    )
    parser.add_argument("--version", action="version", version=f"advisor {__version__}")
    parser.add_argument(
        "--knowledge",
        metavar="DIR",
        help="use the knowledge folder DIR (default: $ADVISOR_KNOWLEDGE, "
        "else the one shipped with the advisor)",
    )
    parser.add_argument("--debug", action="store_true", help="show tracebacks of unexpected errors")
    sub = parser.add_subparsers(dest="command", metavar="COMMAND")

    chat = sub.add_parser(
        "chat",
        help="talk it through and get a shortlist (the default)",
        description="Hold the advisor's conversation.",
    )
    chat.add_argument("--resume", action="store_true", help="continue the saved conversation")
    chat.add_argument("--script", metavar="FILE", help="read the user's turns from FILE (- for stdin)")
    chat.add_argument("--json", action="store_true", help="with --script: one JSON object per turn")
    chat.add_argument("--no-save", action="store_true", help="do not save the conversation")
    chat.set_defaults(handler=commands.chat)

    recommend = sub.add_parser(
        "recommend",
        help="rank programs for a profile given as flags",
        description="Rank programs for a profile given as flags.",
        formatter_class=_HelpFormatter,
    )
    _add_profile_flags(recommend)
    recommend.add_argument("--limit", type=commands.positive, default=5, help="how many programs (default 5)")
    recommend.add_argument("--json", action="store_true", help="print JSON (docs/cli_contract.md)")
    recommend.add_argument(
        "--show",
        choices=("short", "cards", "plan", "sources", "assumptions", "full"),
        default="short",
        help="short: the table of the top picks (default); cards: "
        "every reason and caveat; plan; sources; assumptions; full: all of them",
    )
    recommend.set_defaults(handler=commands.recommend)

    export = sub.add_parser(
        "export",
        help="save the summary as Markdown, HTML or JSON",
        description="Save a summary of your conversation (or of a profile "
        "given as flags) as Markdown, HTML or JSON.",
        formatter_class=_HelpFormatter,
    )
    export.add_argument("file", help="where to write; the ending (.md, .html, .json) picks the format")
    export.add_argument(
        "--as",
        dest="file_format",
        choices=["markdown", "md", "html", "json"],
        help="the file format, when the file name's ending does not say it",
    )
    export.add_argument("--force", action="store_true", help="overwrite the file if it exists")
    _add_profile_flags(export)
    export.set_defaults(handler=commands.export)

    ask = sub.add_parser(
        "ask",
        help="answer one question (FAQ, program lookup, compare)",
        description="Answer a question about ML master's programs.",
    )
    ask.add_argument("question", nargs="*", help="the question; - reads one question per line from stdin")
    ask.add_argument("--json", action="store_true", help="print JSON (one object per question)")
    ask.add_argument("--explain", action="store_true", help="also show what was matched and why")
    ask.set_defaults(handler=commands.ask)

    kb = sub.add_parser("kb", help="work with the knowledge base")
    kb_sub = kb.add_subparsers(dest="kb_command", metavar="KB_COMMAND", required=True)
    kb_check = kb_sub.add_parser("check", help="validate a knowledge folder and list every problem")
    kb_check.add_argument("dir", nargs="?", help="the folder to check (default: the one in use)")
    kb_check.set_defaults(handler=commands.kb_check)

    completion = sub.add_parser(
        "completion",
        help="print a shell completion script",
        description="Print the completion script for SHELL, made from "
        "these commands and flags. bash: "
        "`advisor completion bash > ~/.local/share/"
        "bash-completion/completions/advisor`; zsh: save it "
        "as `_advisor` in a folder on $fpath.",
    )
    completion.add_argument("shell", choices=("bash", "zsh", "tcsh"))
    completion.set_defaults(handler=partial(commands.completion, parser=parser))
    return parser


def _streams() -> None:
    """Streams that never fail on text: bytes that are not UTF-8 are read as U+FFFD, and a
    character the output's encoding cannot spell is written as "?"."""
    for stream in (sys.stdin, sys.stdout, sys.stderr):
        if isinstance(stream, io.TextIOWrapper):
            stream.reconfigure(errors="replace")


def main(argv: Sequence[str] | None = None) -> int:
    _streams()
    if sys.stdout is None:  # started with the output closed (`>&-`)
        if sys.stderr is not None:
            sys.stderr.write("advisor: the standard output is closed; nothing can be shown\n")
        return ExitStatus.IO
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:  # plain `advisor`: the conversation
        args = parser.parse_args([*(argv or sys.argv[1:]), "chat"])
        handler = args.handler
    if handler is not commands.chat:  # the chat decides for itself (terminal.py)
        signal.signal(signal.SIGTERM, _terminated)
    try:
        status = handler(args)
        sys.stdout.flush()  # a full disk or a closed pipe is found here, not after exit
        return status
    except Exception as exc:
        return _failed(exc, args.debug)
    except KeyboardInterrupt as exc:
        return _failed(exc, args.debug)


def _terminated(signum: int, frame: object) -> None:
    """SIGTERM unwinds like an error, so a file being written removes its temporary copy."""
    raise SystemExit(ExitStatus.TERMINATED)


def _failed(exc: BaseException, debug: bool) -> int:
    failure = expected_failure(exc)
    if failure is None:
        if debug:
            raise exc
        failure = (
            "advisor: this is a bug in the advisor; run again with --debug to see the "
            "details and please report it",
            ExitStatus.BUG,
        )
    message, status = failure
    if status in (ExitStatus.PIPE, ExitStatus.IO):
        _quiet_stdout()  # nothing more can go there, and Python's last flush must not fail
    if status == ExitStatus.INTERRUPTED:
        message = "\n"
    if message and sys.stderr is not None:
        try:
            sys.stderr.write(strip_control(message).rstrip("\n") + "\n")
            sys.stderr.flush()
        except OSError:
            pass
    return status


def _quiet_stdout() -> None:
    try:
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)
    except (OSError, ValueError, AttributeError):
        pass
