"""The chat loop: read a line, let the engine respond, show the reply, save the session.

With a terminal it uses prompt-toolkit (history, suggestions, completion, a toolbar);
without one (piped input) it reads plain lines and works the same.
"""

from __future__ import annotations

import os
import shutil
import signal
import stat
import sys
import textwrap
import threading
from collections.abc import Callable, Iterable, Mapping
from typing import IO, Any

from advisor import session
from advisor.conversation import Dialogue, State, Turn, respond, settled_share, start
from advisor.domain import os_reason
from advisor.output import clean, render
from advisor.storage import data_dir

Show = Callable[[Turn], str]


def lines_from(stream: IO[str]) -> Iterable[str]:
    for line in stream:
        yield line.rstrip("\r\n")


def toolbar_commands(dialogue: Mapping[str, Any]) -> list[str]:
    """The commands the toolbar shows (dialogue.yaml's `toolbar`), each as its first /phrase."""
    phrases = dialogue.get("commands", {})
    return [
        next((p for p in phrases.get(name, ()) if p.startswith("/")), f"/{name}")
        for name in dialogue.get("toolbar", ())
    ]


def prompt_lines(
    d: Dialogue,
    state_of: Callable[[], State],
    history: str | None,
    pt_input: Any = None,
    pt_output: Any = None,
) -> Iterable[str]:
    """Lines typed at a prompt-toolkit prompt; `pt_input`/`pt_output` make it testable."""
    from prompt_toolkit import PromptSession
    from prompt_toolkit.auto_suggest import AutoSuggestFromHistory
    from prompt_toolkit.completion import WordCompleter
    from prompt_toolkit.history import FileHistory, InMemoryHistory

    commands_typed = d.kb.dialogue.get("commands", {}).values()
    words = sorted({c for phrases in commands_typed for c in phrases if c.startswith("/")})
    words += sorted({p.school for p in d.kb.programs})
    commands = toolbar_commands(d.kb.dialogue)

    def toolbar() -> str:
        done, total = settled_share(d, state_of())
        return f" {done}/{total} answered  |  " + "  ".join(commands) + " "

    prompt_session: PromptSession[str] = PromptSession(
        history=FileHistory(history) if history else InMemoryHistory(),
        auto_suggest=AutoSuggestFromHistory(),
        completer=WordCompleter(words, ignore_case=True, sentence=True),
        complete_while_typing=True,
        bottom_toolbar=toolbar,
        input=pt_input,
        output=pt_output,
    )
    while True:
        try:
            yield prompt_session.prompt("you> ")
        except KeyboardInterrupt:
            continue  # Ctrl-C clears the line
        except EOFError:
            return


def _exit_on_sigterm() -> None:
    """SIGTERM ends a piped chat like the end of input: cleanly, so a write in progress
    removes its temporary file. Either way the saved session is whole: writes are atomic."""

    def stop(signum: int, frame: Any) -> None:
        raise SystemExit(128 + signum)

    if threading.current_thread() is threading.main_thread():
        signal.signal(signal.SIGTERM, stop)


def _wrapped(show: Show) -> Show:
    """Prose lines folded to the terminal's width at word boundaries (indented lines, such
    as program cards and lists, are left as laid out)."""

    def wrapped(turn: Turn) -> str:
        width = max(40, min(shutil.get_terminal_size().columns, 100) - 1)
        lines = []
        for line in show(turn).splitlines():
            fits = len(line) <= width or line.startswith(" ")
            lines.append(
                line if fits else textwrap.fill(line, width, break_on_hyphens=False, break_long_words=False)
            )
        return "\n".join(lines) + "\n"

    return wrapped


def chat(
    d: Dialogue,
    show: Show,
    out: IO[str],
    resume: bool = False,
    save: bool = True,
    stream: IO[str] | None = None,
    lines: Callable[[Callable[[], State]], Iterable[str]] | None = None,
    exporter: Callable[[State, str | None], str] | None = None,
) -> State:
    """Hold a conversation until the input ends or the person quits. Input comes from
    `lines` (given the current state) if set, else a prompt on a terminal, else `stream`."""
    stream = stream or sys.stdin
    interactive = stream.isatty() and os.environ.get("TERM") != "dumb"
    if interactive:
        show = _wrapped(show)
    else:
        _exit_on_sigterm()  # at a prompt the default (immediate) exit is kept
    state: State | None = None
    if resume:
        state, problem = session.load(spec=d.kb.profile_slots)
        if problem:
            out.write(f"advisor: {clean(problem)}\n")
    if state is None:
        turn = start(d)
    else:
        turn = Turn(state, respond(d, state, "/profile").reply)
    out.write(clean(show(turn)) + "\n")
    out.flush()
    threading.Thread(target=d.warm, daemon=True).start()  # while the person reads and types
    current: list[State] = [turn.state]
    history = str(session.history_path()) if interactive and save else None
    if history:
        try:
            data_dir().mkdir(parents=True, exist_ok=True)
        except OSError:
            history = None  # the first save below says why
        if history and not (os.access(data_dir(), os.W_OK) and _plain_file(history)):
            history = None  # the prompt keeps this session's lines in memory only
    if lines is not None:
        source = lines(lambda: current[0])
    elif interactive:
        source = prompt_lines(d, lambda: current[0], history)
    else:
        source = lines_from(stream)
    for line in source:
        turn = respond(d, current[0], line)
        current[0] = turn.state
        if turn.reply.kind == "export" and exporter is not None:
            out.write(clean(exporter(turn.state, turn.reply.note)) + "\n")
        out.write(clean(show(turn)) + "\n")
        out.flush()
        if save:
            save = _saved(turn.state, out)
        if turn.reply.kind == "bye":
            break
    return current[0]


MAX_HISTORY_BYTES = 5_000_000


def _plain_file(path: str) -> bool:
    """Whether the input history can be read and appended to: missing, or a regular file of
    a sane size (a FIFO or /dev/zero there hung the prompt)."""
    try:
        info = os.stat(path)
    except FileNotFoundError:
        return True
    except OSError:
        return False
    return stat.S_ISREG(info.st_mode) and info.st_size <= MAX_HISTORY_BYTES


def _saved(state: State, out: IO[str]) -> bool:
    """Save the state; if that cannot be done, say so once and go on without saving."""
    try:
        session.save(state)
    except OSError as exc:
        out.write(clean(render("save_failed.j2", reason=os_reason(exc))))
        return False
    return True


def script_turns(d: Dialogue, lines: Iterable[str]) -> Iterable[tuple[int, str, Turn]]:
    """Run a scripted conversation: (turn number, user line, turn) for each line."""
    state = start(d).state
    for number, line in enumerate(lines, start=1):
        turn = respond(d, state, line)
        state = turn.state
        yield number, line, turn
