"""Faults, hostile files and odd streams: none makes the advisor crash, corrupt a file or
leak markup. Each test is named after the fault it reproduces."""

from __future__ import annotations

import datetime as dt
import os
import stat
import subprocess
import sys
from dataclasses import replace
from pathlib import Path
from typing import Any

import pytest
from conftest import FIXTURE_KB
from test_knowledge_check import edit

from advisor.domain.errors import ExportError
from advisor.domain.profile import Profile
from advisor.kb.load import check, load_knowledge
from advisor.output.exports import Summary, build_summary, export, render_summary

WHEN = dt.datetime(2026, 11, 21, 9, 30)
PROFILE = Profile(
    field="computer-science",
    programming="strong",
    math="strong",
    goal="industry",
    budget_usd=None,
    budget_known=True,
    format="any",
    pace="any",
    region="any",
)
ROOT_USER = hasattr(os, "geteuid") and os.geteuid() == 0


@pytest.fixture(scope="module")
def summary() -> Summary:
    return build_summary(PROFILE, load_knowledge(FIXTURE_KB), ("gre",), WHEN)


def run(
    *args: str,
    data: Path,
    stdin: str | bytes | None = None,
    extra: dict[str, str] | None = None,
    **kwargs: object,
) -> subprocess.CompletedProcess[bytes]:
    environ = {
        **os.environ,
        "NO_COLOR": "1",
        "ADVISOR_DATA_DIR": str(data / "data"),
        "ADVISOR_CACHE_DIR": str(data / "cache"),
        **(extra or {}),
    }
    given = stdin.encode() if isinstance(stdin, str) else stdin
    done: subprocess.CompletedProcess[bytes] = subprocess.run(  # type: ignore[call-overload]
        [sys.executable, "-m", "advisor", *args],
        input=given,
        capture_output=True,
        env=environ,
        **{"timeout": 120, **kwargs},
    )
    return done


def evil_program(summary: Summary, **changes: Any) -> Summary:
    pick = summary.recommendation.picks[0]
    program = replace(pick.program, **changes)
    picks = (replace(pick, program=program), *summary.recommendation.picks[1:])
    return replace(summary, recommendation=replace(summary.recommendation, picks=picks))


# --- 1. export --force writes only over regular files ------------------------------------


def test_force_never_replaces_a_fifo(summary: Summary, tmp_path: Path) -> None:
    fifo = tmp_path / "pipe.md"
    os.mkfifo(fifo)
    with pytest.raises(ExportError, match="not a regular file"):
        export(summary, fifo, force=True)
    assert stat.S_ISFIFO(os.lstat(fifo).st_mode)


# --- 2. HTML and plain templates never share compiled code ---------------------------------


@pytest.mark.parametrize("first", ["markdown", "html"])
def test_html_escapes_whatever_was_exported_before(
    summary: Summary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, first: str
) -> None:
    from advisor.output.rendering import environment

    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path))
    pick = summary.recommendation.picks[0].program
    assert pick.tuition is not None
    tuition = replace(pick.tuition, year="<img src=x onerror=alert(1)>")
    evil = evil_program(summary, tuition=tuition)
    for order in ([first, "html" if first == "markdown" else "markdown"], ["html", "markdown"]):
        environment.cache_clear()
        out = {fmt: render_summary(evil, fmt) for fmt in order}
        assert "<img" not in out["html"] and "&lt;img" in out["html"]
        assert "&lt;" not in out["markdown"].replace("&lt;img", "")  # not HTML-escaped twice
    environment.cache_clear()


# --- 3. no javascript: link is ever written ------------------------------------------------


def test_preparation_urls_must_be_web_addresses(tmp_path: Path) -> None:
    kb = tmp_path / "kb"
    import shutil

    shutil.copytree(Path(__file__).resolve().parents[1] / "knowledge", kb)
    edit(kb / "preparation.yaml", "url: https://", "url: javascript:alert(1)//")
    problems = [str(p) for p in check(kb)[0]]
    assert any("preparation.yaml:" in p and "url" in p for p in problems), problems


def test_the_renderer_links_only_web_addresses(summary: Summary) -> None:
    evil = evil_program(summary, url="javascript:alert(1)")
    for fmt in ("html", "markdown"):
        assert "javascript:" not in render_summary(evil, fmt)


# --- 4. YAML alias bombs -------------------------------------------------------------------


def test_an_alias_bomb_is_refused_quickly(kb_copy: Path) -> None:
    import time

    lines = ["a0: &a0 [x, x, x, x, x, x, x, x, x, x]"]
    lines += [f"a{i}: &a{i} [{', '.join([f'*a{i - 1}'] * 10)}]" for i in range(1, 7)]
    (kb_copy / "faqs.yaml").write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.perf_counter()
    problems = [str(p) for p in check(kb_copy)[0]]
    assert time.perf_counter() - started < 2
    assert any("faqs.yaml:" in p and "too many aliases" in p for p in problems), problems


# --- 5. a session that cannot be saved does not end the chat -------------------------------


def test_an_unsavable_session_warns_once_and_goes_on(tmp_path: Path) -> None:
    (tmp_path / "data").write_text("a file where the data folder should be")
    done = run(data=tmp_path, stdin="physics degree\nI code every day\nindustry\n")
    out, err = done.stdout.decode(), done.stderr.decode()
    assert done.returncode == 0, err
    assert (out + err).count("cannot be saved") == 1
    assert "want the degree" in out or "hoping" in out  # the later turns were answered


# --- 6, 16, 17, 25, 26. broken session files are moved aside, each kept -------------------


def good_session() -> dict[str, object]:
    from advisor.conversation.engine import Event, State
    from advisor.session import to_json

    return to_json(State(turn=2, events=(Event(1, "field", "physics"),), asking="programming"))


def broken_sessions() -> dict[str, bytes]:
    import json

    def tampered(**changes: object) -> bytes:
        data = good_session()
        data["state"] = {**data["state"], **changes}  # type: ignore[dict-item]
        return json.dumps(data).encode()

    return {
        "list": b"[]",
        "null": b"null",
        "string": b'"x"',
        "deep": b"[" * 100_000,
        "not utf-8": b'{"format": 1, "state": "\xff"}',
        "unknown asking": tampered(asking="nonsense"),
        "bad event value": tampered(events=[{"turn": 1, "slot": "field", "value": "astrology"}]),
        "bad budget": tampered(events=[{"turn": 1, "slot": "budget_usd", "value": "lots"}]),
        "unknown slot": tampered(events=[{"turn": 1, "slot": "__class__", "value": 1}]),
        "bad phase": tampered(phase="over"),
        "bad faqs": tampered(faqs=[["gre"]]),
        "negative turn": tampered(turn=-1),
        "huge": tampered(events=[{"turn": 1, "slot": "field", "value": "physics"}] * 300_000),
    }


@pytest.mark.parametrize("name", list(broken_sessions()))
def test_a_broken_session_is_moved_aside(tmp_path: Path, name: str) -> None:
    import time

    from advisor.session import load

    path = tmp_path / "session.json"
    path.write_bytes(broken_sessions()[name])
    started = time.perf_counter()
    state, problem = load(path, spec=load_knowledge(FIXTURE_KB).profile_slots)
    assert time.perf_counter() - started < 2
    assert state is None and problem and "could not be read" in problem
    assert not path.exists() and len(list(tmp_path.glob("session.json.broken*"))) == 1


def test_a_session_that_is_a_folder_is_moved_aside(tmp_path: Path) -> None:
    from advisor.session import load

    (tmp_path / "session.json").mkdir()
    state, problem = load(tmp_path / "session.json")
    assert state is None and problem and not (tmp_path / "session.json").exists()


def test_a_good_session_still_loads(tmp_path: Path) -> None:
    import json

    from advisor.session import load

    (tmp_path / "session.json").write_text(json.dumps(good_session()))
    state, problem = load(tmp_path / "session.json")
    assert problem is None and state is not None and state.profile.field == "physics"


def test_resume_and_export_survive_a_broken_session(tmp_path: Path) -> None:
    (tmp_path / "data").mkdir()
    for command in (["chat", "--resume"], ["export", str(tmp_path / "s.md")]):
        (tmp_path / "data" / "session.json").write_text("[]")
        done = run(*command, data=tmp_path, stdin="quit\n")
        assert done.returncode in (0, 2), done.stderr
        assert b"could not be read" in done.stdout + done.stderr
    assert len(list((tmp_path / "data").glob("session.json.broken*"))) == 2  # 17: both kept


def test_two_advisors_moving_one_broken_session_aside(
    tmp_path: Path,  # 16
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    from advisor import session

    path = tmp_path / "session.json"
    path.write_text("[]")
    real_replace = os.replace

    def the_other_was_faster(src: str, dst: str) -> None:
        real_replace(src, tmp_path / "moved-by-the-other")
        real_replace(tmp_path / "moved-by-the-other", dst)
        raise FileNotFoundError(2, "No such file or directory")

    monkeypatch.setattr(os, "replace", the_other_was_faster)
    state, problem = session.load(path)
    assert state is None and problem


# --- 7, 23. nothing reaches the terminal that can move the cursor or reorder text ----------


def test_kb_check_cleans_file_names(kb_copy: Path, capsys: pytest.CaptureFixture[str]) -> None:
    from advisor.cli import main

    (kb_copy / "programs" / "\x1b]0;owned\x07\x1b[2J.yaml").write_text("- broken\n")
    assert main(["kb", "check", str(kb_copy)]) == 1
    out = capsys.readouterr().out
    assert "\x1b" not in out and "\x07" not in out and "owned" in out


def test_export_cleans_its_file_name(tmp_path: Path) -> None:
    name = tmp_path / "\x1b[31mred\u202e.md"
    done = run("export", str(name), "--format", "online", data=tmp_path)
    assert done.returncode == 0, done.stderr
    assert b"\x1b" not in done.stdout and "\u202e".encode() not in done.stdout


def test_c1_bytes_never_reach_the_terminal(tmp_path: Path) -> None:
    done = run(
        "chat",
        "--script",
        "-",
        data=tmp_path,
        stdin=b"I studied \x9b31m physics\x9d\n",
        extra={"LC_ALL": "C"},
    )
    assert done.returncode == 0 and b"\x9b" not in done.stdout and b"\x9d" not in done.stdout


def test_bidi_controls_are_not_printed(tmp_path: Path) -> None:
    from advisor.output.rendering import clean

    assert clean("a\u202eb\u2066c\u2069d\u200f") == "abcd"


# --- 8. knowledge text cannot inject markup into the exports --------------------------------


def test_knowledge_text_cannot_inject_markdown_or_html(summary: Summary) -> None:
    evil = evil_program(
        summary, name="x\n\n# Injected\n<script>alert(1)</script>[click](javascript:alert(1))\x1b[31m\x07"
    )
    md, html = render_summary(evil, "markdown"), render_summary(evil, "html")
    assert "\n# Injected" not in md and "<script" not in md and "](javascript:" not in md
    assert "\x1b" not in md and "\x07" not in md and "\x1b" not in html and "\x07" not in html
    assert "<script" not in html


def test_kb_check_refuses_control_characters(kb_copy: Path) -> None:
    edit(kb_copy / "programs" / "example-msml.yaml", "city: Exampleton", 'city: "Example\\aton"')
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any("example-msml.yaml:" in p and "city" in p and "control" in p for p in problems), problems


def test_kb_check_refuses_newlines_in_one_line_fields(kb_copy: Path) -> None:
    edit(
        kb_copy / "programs" / "example-msml.yaml",
        "city: Exampleton",
        'city: "Exampleton\\nadvisor: fake line"',
    )
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any("city" in p and "line" in p for p in problems), problems


# --- 9, 24. invalid UTF-8 in, valid UTF-8 out ----------------------------------------------


def test_a_script_that_is_not_utf8(tmp_path: Path) -> None:
    script = tmp_path / "turns.txt"
    script.write_bytes(b"physics \xff degree\n")
    done = run("chat", "--script", str(script), data=tmp_path)
    assert done.returncode != 70 and b"bug" not in done.stderr, done.stderr


def test_stdin_that_is_not_utf8_under_a_utf8_locale(tmp_path: Path) -> None:
    done = run(
        "chat",
        "--script",
        "-",
        "--json",
        data=tmp_path,
        stdin=b"physics \xff\xfe\n",
        extra={"PYTHONIOENCODING": "utf-8:strict"},
    )
    assert done.returncode == 0, done.stderr
    done.stdout.decode("utf-8")


def test_json_is_valid_utf8_whatever_came_in(tmp_path: Path) -> None:
    done = run(
        "chat",
        "--script",
        "-",
        "--json",
        data=tmp_path,
        stdin=b"physics \xed\xa0\x80\xff\n",
        extra={"LC_ALL": "C"},
    )
    assert done.returncode == 0, done.stderr
    done.stdout.decode("utf-8")  # strict: no surrogate escapes written as raw bytes


# --- 10. every broken knowledge folder is named with file and line -------------------------


def test_a_date_that_does_not_exist(kb_copy: Path) -> None:
    text = (kb_copy / "programs" / "example-msml.yaml").read_text()
    retrieved = next(line for line in text.splitlines() if "retrieved:" in line)
    edit(kb_copy / "programs" / "example-msml.yaml", retrieved, retrieved.split(":")[0] + ": 2026-13-45")
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any("example-msml.yaml:" in p and "2026-13-45" in p for p in problems), problems


@pytest.mark.parametrize("schema", ["", "{not json", '{"type": 12}'])
def test_a_missing_or_broken_custom_schema(kb_copy: Path, schema: str) -> None:
    (kb_copy / "schema").mkdir()
    if schema:
        (kb_copy / "schema" / "program.schema.json").write_text(schema)
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any("program.schema.json" in p for p in problems), problems


def test_a_permissive_custom_schema_lets_no_wrong_type_through(kb_copy: Path) -> None:
    import shutil

    from advisor.domain.errors import KnowledgeError

    shutil.copytree(Path(__file__).resolve().parents[1] / "knowledge" / "schema", kb_copy / "schema")
    (kb_copy / "schema" / "program.schema.json").write_text("{}")
    edit(kb_copy / "programs" / "example-msml.yaml", "city: Exampleton", "city: [1, 2]")
    with pytest.raises(KnowledgeError, match="example-msml.yaml:"):
        load_knowledge(kb_copy)


# --- 11. only regular files of a sane size are read ---------------------------------------


@pytest.mark.parametrize("kind", ["fifo", "device", "huge"])
def test_a_program_file_that_is_not_a_regular_file(kb_copy: Path, tmp_path: Path, kind: str) -> None:
    target = kb_copy / "programs" / "odd.yaml"
    if kind == "fifo":
        os.mkfifo(target)
    elif kind == "device":
        target.symlink_to("/dev/zero")
    else:
        target.write_text("name: " + "x" * 20_000_000 + "\n")
    done = run("kb", "check", str(kb_copy), data=tmp_path, timeout=60)
    assert done.returncode == 1, done.stderr
    assert b"odd.yaml: is " in done.stdout and (
        b"not a regular file" in done.stdout or b"larger than" in done.stdout
    )


# --- 12. closed, broken or full output streams ---------------------------------------------


def test_a_broken_pipe_exits_quietly(tmp_path: Path) -> None:
    environ = {**os.environ, "ADVISOR_DATA_DIR": str(tmp_path), "ADVISOR_CACHE_DIR": str(tmp_path)}
    reader = subprocess.Popen(
        [sys.executable, "-m", "advisor", "ask", "-"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        env=environ,
    )
    assert reader.stdin and reader.stdout and reader.stderr
    reader.stdout.close()
    try:
        reader.stdin.write(b"do I need the GRE?\n" * 2000)
        reader.stdin.close()
    except BrokenPipeError:
        pass
    status = reader.wait(timeout=120)
    err = reader.stderr.read()
    assert status == 141  # 128 + SIGPIPE, as the README says
    assert b"bug" not in err and b"Traceback" not in err and b"Exception" not in err, err


@pytest.mark.parametrize("redirect, status", [(">&-", 4), ("> /dev/full", 4), ("<&-", 4)])
def test_closed_or_full_streams_get_a_sentence(tmp_path: Path, redirect: str, status: int) -> None:
    command = f"{sys.executable} -m advisor chat --no-save {redirect}"
    environ = {**os.environ, "ADVISOR_DATA_DIR": str(tmp_path), "ADVISOR_CACHE_DIR": str(tmp_path)}
    done = subprocess.run(
        ["sh", "-c", command], capture_output=True, env=environ, timeout=120, input=b"quit\n"
    )
    assert done.returncode == status, done.stderr
    assert b"bug" not in done.stderr and b"Traceback" not in done.stderr
    if status:
        assert done.stderr.startswith(b"advisor: ")


# --- 14. a locale that cannot spell every character ---------------------------------------


@pytest.mark.parametrize("encoding", ["ascii", "latin-1"])
def test_a_narrow_output_encoding(tmp_path: Path, encoding: str) -> None:
    done = run("recommend", "--region", "europe", data=tmp_path, extra={"PYTHONIOENCODING": encoding})
    assert done.returncode == 0, done.stderr
    full = run("recommend", "--region", "europe", data=tmp_path, extra={"PYTHONIOENCODING": "utf-8"})
    # what the encoding can spell is printed as it is ("École" in latin-1), the rest as "?"
    assert done.stdout == full.stdout.decode("utf-8").encode(encoding, errors="replace")


# --- 18. temporary files of killed saves are swept ----------------------------------------


def test_temporary_files_of_a_killed_save_are_swept(tmp_path: Path) -> None:
    from advisor.conversation.engine import State
    from advisor.session import save

    old, fresh = tmp_path / ".session.json.abc123.tmp", tmp_path / ".session.json.def456.tmp"
    for tmp in (old, fresh):
        tmp.write_text('{"format": 1, "sta')
    os.utime(old, (0, 0))
    save(State(), tmp_path / "session.json")
    assert not old.exists() and fresh.exists()  # a save in progress elsewhere is left alone


# --- 22. duplicate YAML keys ----------------------------------------------------------------


def test_a_duplicate_key_is_named_with_both_lines(kb_copy: Path) -> None:
    path = kb_copy / "programs" / "example-msml.yaml"
    path.write_text(path.read_text() + "city: Elsewhere\n")
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any("example-msml.yaml:" in p and "duplicate key 'city'" in p for p in problems), problems


# --- 15, 19, 20, 21. exports: atomic no-clobber, links, long names, the umask --------------


def test_a_file_made_between_check_and_rename_is_not_replaced(
    summary: Summary, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import tempfile

    path = tmp_path / "s.md"
    real_mkstemp = tempfile.mkstemp

    def another_export_wins(*args: object, **kwargs: object) -> tuple[int, str]:
        path.write_text("the other advisor's summary")  # lands after the existence check
        return real_mkstemp(*args, **kwargs)  # type: ignore[call-overload, no-any-return]

    monkeypatch.setattr(tempfile, "mkstemp", another_export_wins)
    with pytest.raises(ExportError, match="already exists"):
        export(summary, path)
    assert path.read_text() == "the other advisor's summary"
    assert [p.name for p in tmp_path.iterdir()] == ["s.md"]  # no temporary file left


def test_a_dangling_link_is_not_replaced_without_force(summary: Summary, tmp_path: Path) -> None:
    link = tmp_path / "s.md"
    link.symlink_to(tmp_path / "nowhere")
    with pytest.raises(ExportError, match="already exists"):
        export(summary, link)
    assert link.is_symlink()


@pytest.mark.parametrize("length, works", [(300, False), (248, True)])
def test_long_export_names(summary: Summary, tmp_path: Path, length: int, works: bool) -> None:
    path = tmp_path / ("x" * (length - 3) + ".md")
    if works:
        export(summary, path)
        assert path.read_text().startswith("# Your ML")
    else:
        with pytest.raises(ExportError, match="name is too long"):
            export(summary, path)


def test_exports_follow_the_umask(summary: Summary, tmp_path: Path) -> None:
    old = os.umask(0o022)
    try:
        export(summary, tmp_path / "s.md")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "s.md").stat().st_mode) == 0o644


def test_the_session_stays_private(tmp_path: Path) -> None:
    from advisor.conversation.engine import State
    from advisor.session import save

    old = os.umask(0o022)
    try:
        save(State(), tmp_path / "session.json")
    finally:
        os.umask(old)
    assert stat.S_IMODE((tmp_path / "session.json").stat().st_mode) == 0o600


# --- 27. the remembered validation is verified before it is trusted ------------------------


@pytest.mark.parametrize("tamper", ["edit", "garbage", "wrong shape", "fifo"])
def test_a_changed_validation_cache_is_not_trusted(
    kb_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch, tamper: str
) -> None:
    monkeypatch.setenv("ADVISOR_CACHE_DIR", str(tmp_path / "cache"))
    name = load_knowledge(kb_copy).programs[0].name
    (stamp,) = (tmp_path / "cache").glob("validated-*")
    text = stamp.read_text()
    assert name in text
    changed = {
        "edit": text.replace(name, "Injected Program"),
        "garbage": "\x00garbage",
        "wrong shape": '{"count": 1, "docs": [{"file": 1, "data": [], "lines": []}]}',
    }
    if tamper == "fifo":
        stamp.unlink()
        os.mkfifo(stamp)  # reading it would wait for a writer forever
    else:
        stamp.write_text(changed[tamper])
    assert load_knowledge(kb_copy).programs[0].name == name


# --- found again afterwards: a folder without dialogue.yaml cannot hold a conversation -----


def test_a_conversation_needs_dialogue_yaml(tmp_path: Path) -> None:
    done = run("--knowledge", str(FIXTURE_KB), "chat", "--no-save", data=tmp_path, stdin="hi\n")
    assert done.returncode == 3 and b"dialogue.yaml: file is missing" in done.stderr, done.stderr


# --- Also: one place maps each expected failure to a sentence and a status -----------------


@pytest.mark.parametrize(
    "failure, status, says",
    [
        (KeyboardInterrupt(), 130, ""),
        (OSError(28, "No space left on device"), 4, "the disk is full"),
        (UnicodeEncodeError("ascii", "€", 0, 1, "ordinal not in range"), 4, "encoding"),
        (RecursionError(), 4, "too deeply nested"),
        (BrokenPipeError(32, "Broken pipe"), 141, ""),
        (RuntimeError("a real bug"), 70, "this is a bug"),
    ],
)
def test_each_failure_has_its_sentence_and_status(
    monkeypatch: pytest.MonkeyPatch,
    capsys: pytest.CaptureFixture[str],
    failure: BaseException,
    status: int,
    says: str,
) -> None:
    from advisor import cli, commands
    from advisor.domain.errors import ExitStatus

    def fails(args: object) -> int:
        raise failure

    monkeypatch.setattr(commands, "kb_check", fails)
    monkeypatch.setattr(cli, "_quiet_stdout", lambda: None)  # keep pytest's own stdout
    assert cli.main(["kb", "check"]) == status
    assert int(ExitStatus.INTERRUPTED) == 130
    err = capsys.readouterr().err
    assert says in err and "Traceback" not in err
    assert (status == 70) == ("this is a bug" in err)


# --- found in the second review ----------------------------------------------------------


def test_a_session_that_is_a_fifo_is_moved_aside_not_opened(tmp_path: Path) -> None:
    from advisor.session import load

    os.mkfifo(tmp_path / "session.json")  # opening it would wait for a writer forever
    state, problem = load(tmp_path / "session.json")
    assert state is None and problem and "not a regular file" in problem


@pytest.mark.parametrize(
    "flags, says",
    [
        (["--limit", "-1"], b"at least 1"),
        (["--limit", "0"], b"at least 1"),
        (["--budget", "9" * 400], b"is not an amount"),
        (["--budget", "1" + "0" * 20], b"is not an amount"),
    ],
)
def test_recommend_flags_out_of_range(tmp_path: Path, flags: list[str], says: bytes) -> None:
    done = run("recommend", *flags, data=tmp_path)
    assert done.returncode == 2 and says in done.stderr, done.stderr


def test_export_to_a_folder_or_an_unknown_ending(summary: Summary, tmp_path: Path) -> None:
    with pytest.raises(ExportError, match="is a folder"):
        export(summary, tmp_path)
    with pytest.raises(ExportError, match="give --as"):
        export(summary, tmp_path / "notes.txt")


def test_sigterm_mid_export_leaves_no_temporary_file(tmp_path: Path) -> None:
    import signal
    import time

    slow = (
        "import os, sys, time\n"
        "real = os.fsync\n"
        "os.fsync = lambda fd: (time.sleep(30), real(fd))\n"  # the export stops mid-write
        "from advisor.cli import main\n"
        "sys.exit(main(sys.argv[1:]))\n"
    )
    environ = {
        **os.environ,
        "ADVISOR_DATA_DIR": str(tmp_path / "data"),
        "ADVISOR_CACHE_DIR": str(tmp_path / "cache"),
    }
    out = tmp_path / "out"
    out.mkdir()
    run("ask", "gre", data=tmp_path)  # the knowledge is remembered: the export writes one file
    child = subprocess.Popen(
        [sys.executable, "-c", slow, "export", str(out / "s.md"), "--format", "online"],
        env=environ,
        stderr=subprocess.PIPE,
    )
    for _ in range(600):
        if list(out.iterdir()):
            break
        time.sleep(0.05)
    assert list(out.iterdir()), "the export never started writing"
    child.send_signal(signal.SIGTERM)
    assert child.wait(timeout=30) == 128 + signal.SIGTERM
    assert list(out.iterdir()) == []


@pytest.mark.parametrize("figure", [".inf", "-.inf", ".nan"])
def test_a_figure_that_is_not_finite(kb_copy: Path, figure: str) -> None:
    edit(kb_copy / "programs" / "example-msml.yaml", "  total: 40000", f"  total: {figure}")
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any(
        "example-msml.yaml:17: tuition.total:" in p and ("not a number" in p or "minimum" in p)
        for p in problems
    ), problems


def test_keys_that_are_not_text(kb_copy: Path) -> None:
    path = kb_copy / "programs" / "example-msml.yaml"
    path.write_text(path.read_text() + "null: x\n1: y\n2026-01-01: z\n")
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any("unknown field" in p for p in problems), problems


def test_a_file_name_with_a_line_break_cannot_forge_a_line(
    kb_copy: Path, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    from advisor.cli import main

    (kb_copy / "programs" / "x\nfaqs.yaml:1: all good.yaml").write_text("- broken\n")
    assert main(["kb", "check", str(kb_copy)]) == 1
    out = capsys.readouterr().out
    assert not any(line.startswith("faqs.yaml") for line in out.splitlines()), out
    done = run("export", str(tmp_path / "a\nwrote elsewhere.md"), "--format", "online", data=tmp_path)
    assert done.returncode == 0 and done.stdout.count(b"\n") == 1, done.stdout


@pytest.mark.parametrize("history", ["fifo", "device"])
def test_an_odd_history_file_does_not_hang_the_prompt(tmp_path: Path, history: str) -> None:
    import pexpect

    data = tmp_path / "data"
    data.mkdir()
    if history == "fifo":
        os.mkfifo(data / "history.txt")
    else:
        (data / "history.txt").symlink_to("/dev/zero")
    environ = {
        **os.environ,
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "ADVISOR_DATA_DIR": str(data),
        "ADVISOR_CACHE_DIR": str(tmp_path / "cache"),
    }
    child = pexpect.spawn(sys.executable, ["-m", "advisor"], env=environ, encoding="utf-8", timeout=30)
    child.expect("you>")
    child.sendline("mathematician, I code every day")
    child.expect("What do you want|hoping")
    child.sendline("/quit")
    child.expect(pexpect.EOF)
    child.close()
    assert child.exitstatus == 0


def test_force_never_replaces_a_device(summary: Summary, tmp_path: Path) -> None:
    device = tmp_path / "null.md"
    try:
        os.mknod(device, 0o666 | stat.S_IFCHR, os.makedev(1, 3))  # another /dev/null
    except PermissionError:
        pytest.skip("making a device node needs root")
    with pytest.raises(ExportError, match="not a regular file"):
        export(summary, device, force=True)
    assert stat.S_ISCHR(os.lstat(device).st_mode)


def as_unprivileged(command: list[str], folder: Path, stdin: str) -> subprocess.CompletedProcess[str]:
    """Run as a user without root's power over permissions: `nobody` when the tests run as
    root (runuser), else the user running them."""
    import shutil

    environ = {
        "PATH": os.environ.get("PATH", ""),
        "NO_COLOR": "1",
        "HOME": str(folder),
        "ADVISOR_DATA_DIR": str(folder / "data"),
        "ADVISOR_CACHE_DIR": str(folder / "cache"),
    }
    prefix: list[str] = []
    if ROOT_USER:
        if not shutil.which("runuser"):
            pytest.skip("running as root without runuser: permissions cannot be tested")
        prefix = ["runuser", "-u", "nobody", "--"]
        probe = subprocess.run(
            [*prefix, sys.executable, "-c", "pass"], capture_output=True, timeout=60, cwd="/"
        )
        if probe.returncode != 0:  # e.g. an interpreter under root's private home
            pytest.skip(f"{sys.executable} cannot be run by an unprivileged user")
    return subprocess.run(
        [
            *prefix,
            "env",
            *(f"{k}={v}" for k, v in environ.items()),
            sys.executable,
            "-m",
            "advisor",
            *command,
        ],
        input=stdin,
        text=True,
        capture_output=True,
        timeout=120,
        cwd="/",
    )


def test_a_read_only_data_folder_warns_once_and_goes_on() -> None:
    import shutil
    import tempfile

    folder = Path(tempfile.mkdtemp(prefix="advisor-ro-"))
    try:
        folder.chmod(0o777)
        (folder / "data").mkdir()
        (folder / "data").chmod(0o555)
        (folder / "cache").mkdir()
        (folder / "cache").chmod(0o777)
        done = as_unprivileged(["chat"], folder, "physics degree\nI code every day\n")
        assert done.returncode == 0, done.stderr
        assert done.stdout.count("cannot be saved") == 1 and "permission denied" in done.stdout.lower()
        assert "want the degree" in done.stdout or "hoping" in done.stdout
    finally:
        shutil.rmtree(folder, ignore_errors=True)


def test_a_broken_slot_vocabulary_is_named_by_kb_check(tmp_path: Path) -> None:
    import shutil

    kb = tmp_path / "kb"
    shutil.copytree(Path(__file__).resolve().parents[1] / "knowledge", kb)
    text = (kb / "slot_values.yaml").read_text(encoding="utf-8")
    broken = text.replace("computer-science: [computer science,", "computer-science: [12, cs2,", 1)
    (kb / "slot_values.yaml").write_text(broken, encoding="utf-8")
    problems = [str(p) for p in check(kb)[0]]
    assert any("slot_values.yaml:" in p and "computer-science" in p for p in problems), problems
    done = run("--knowledge", str(kb), "chat", "--no-save", data=tmp_path, stdin="hi\n")
    assert done.returncode == 3 and b"slot_values.yaml" in done.stderr, done.stderr
