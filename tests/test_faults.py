"""What real machines do: signals mid-conversation, two advisors at once, broken files."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pexpect
from test_knowledge_check import only_problem

from advisor.kb.load import check


def env(data: Path) -> dict[str, str]:
    return {
        **os.environ,
        "NO_COLOR": "1",
        "PROMPT_TOOLKIT_NO_CPR": "1",
        "TERM": "xterm",
        "ADVISOR_DATA_DIR": str(data),
    }


def saved(data: Path) -> dict[str, Any]:
    loaded: dict[str, Any] = json.loads((data / "session.json").read_text(encoding="utf-8"))
    return loaded


def start_and_answer(data: Path) -> pexpect.spawn:
    child = pexpect.spawn(sys.executable, ["-m", "advisor"], env=env(data), encoding="utf-8", timeout=30)
    child.expect("What did you study|your background")
    child.sendline("mathematician, I code every day")
    child.expect("What do you want|hoping")
    child.expect("you>")  # the turn is saved before the next prompt shows
    return child


def assert_session_whole(data: Path) -> None:
    state = saved(data)["state"]
    assert {e["slot"] for e in state["events"]} >= {"field", "programming", "math"}


def test_sigterm_leaves_the_saved_session_intact(tmp_path: Path) -> None:
    child = start_and_answer(tmp_path)
    child.kill(signal.SIGTERM)
    child.expect(pexpect.EOF)
    child.close()
    assert_session_whole(tmp_path)


def test_ctrl_c_clears_the_line_and_loses_nothing(tmp_path: Path) -> None:
    child = start_and_answer(tmp_path)
    child.send("half a senten")
    child.sendintr()
    child.sendline("industry")
    child.expect("areas|topics")
    child.sendline("/quit")
    child.expect(pexpect.EOF)
    child.close()
    assert_session_whole(tmp_path)
    assert saved(tmp_path)["state"]["asking"] == "interests"


def test_sigterm_while_piped_exits_cleanly(tmp_path: Path) -> None:
    run = subprocess.Popen(
        [sys.executable, "-m", "advisor"],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        text=True,
        env=env(tmp_path),
    )
    assert run.stdin is not None and run.stdout is not None
    run.stdin.write("mathematician, I code every day\n")
    run.stdin.flush()
    for line in run.stdout:
        if "want the degree" in line or "hoping" in line:
            break
    time.sleep(0.3)
    run.send_signal(signal.SIGTERM)
    assert run.wait(timeout=30) == 128 + signal.SIGTERM
    assert_session_whole(tmp_path)
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_two_advisors_at_once_do_not_corrupt_each_other(tmp_path: Path) -> None:
    turns = "\n".join(["physics degree", "back", "economics degree", "back"] * 15) + "\n"
    runs = [
        subprocess.Popen(
            [sys.executable, "-m", "advisor"],
            stdin=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            env=env(tmp_path),
        )
        for _ in range(2)
    ]
    for run in runs:
        assert run.stdin is not None
        run.stdin.write(turns)
        run.stdin.close()
    for run in runs:
        assert run.wait(timeout=120) == 0
    assert saved(tmp_path)["format"] == 1  # whole, readable JSON from one of them
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


def test_truncated_yaml_names_file_and_line(kb_copy: Path) -> None:
    path = kb_copy / "programs" / "example-msml.yaml"
    text = path.read_text(encoding="utf-8")
    path.write_text(text[: text.index("  - url: https://example.org/msml") + 20], encoding="utf-8")
    message = only_problem(kb_copy)
    assert "example-msml.yaml:" in message and ("YAML syntax error" in message or "sources" in message)


def test_an_unreadable_file_is_named(kb_copy: Path) -> None:
    (kb_copy / "faqs.yaml").unlink()
    (kb_copy / "faqs.yaml").mkdir()  # exists, but cannot be read as a file
    assert "faqs.yaml: cannot be read" in only_problem(kb_copy)


def test_a_file_of_the_wrong_shape_is_named(kb_copy: Path) -> None:
    (kb_copy / "currency_rates.yaml").write_text("- just\n- a list\n", encoding="utf-8")
    problems = [str(p) for p in check(kb_copy)[0]]
    assert any("currency_rates.yaml:1:" in p and "not of type object" in p for p in problems)


def test_empty_file_is_named(kb_copy: Path) -> None:
    (kb_copy / "faqs.yaml").write_text("", encoding="utf-8")
    assert "faqs.yaml:1: null is not of type object" in only_problem(kb_copy)


def test_a_slow_machine_still_gets_an_answer_to_a_huge_line(tmp_path: Path) -> None:
    line = "do I need the GRE " + "really " * 150_000  # a 1 MB line on stdin
    started = time.perf_counter()
    done = subprocess.run(
        [sys.executable, "-m", "advisor", "ask", "-"],
        input=line + "\n",
        capture_output=True,
        text=True,
        env=env(tmp_path),
        timeout=60,
    )
    assert done.returncode == 0 and "very long" in done.stdout
    assert time.perf_counter() - started < 30
