"""What `advisor --help` and `advisor completion` say comes from the knowledge and the parser."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
import yaml
from conftest import ROOT


def advisor(*args: str, knowledge: Path | None = None) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "COLUMNS": "400"}
    if knowledge is not None:
        env["ADVISOR_KNOWLEDGE"] = str(knowledge)
    return subprocess.run(
        [sys.executable, "-m", "advisor", *args],
        capture_output=True,
        text=True,
        env=env,
        timeout=60,
        check=True,
    )


def flag_help(text: str, flag: str) -> str:
    """The help of one flag: its line and the lines argparse wrapped it onto."""
    lines = text.splitlines()
    (first,) = [i for i, ln in enumerate(lines) if ln.strip().startswith(f"{flag} ")]
    end = next((i for i in range(first + 1, len(lines)) if not lines[i].startswith(" " * 8)), len(lines))
    return " ".join(ln.strip() for ln in lines[first:end])


def test_help_lists_each_profile_flag_with_the_values_profile_yaml_allows() -> None:
    slots = yaml.safe_load((ROOT / "knowledge" / "profile.yaml").read_text())["slots"]
    shown = advisor("recommend", "--help").stdout
    for slot in (
        "field",
        "programming",
        "math",
        "goal",
        "interests",
        "format",
        "pace",
        "region",
        "residency",
    ):
        line = flag_help(shown, f"--{slot}")
        assert all(value in line for value in slots[slot]["values"]), line


def test_help_follows_the_knowledge_in_use(tmp_path: Path) -> None:
    copy = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledge", copy)
    profile = yaml.safe_load((copy / "profile.yaml").read_text())
    profile["slots"]["pace"]["values"].append("evenings-only")
    (copy / "profile.yaml").write_text(yaml.safe_dump(profile))
    assert "evenings-only" in flag_help(advisor("export", "--help", knowledge=copy).stdout, "--pace")


def test_help_is_shown_even_when_profile_yaml_is_broken(tmp_path: Path) -> None:
    copy = tmp_path / "kb"
    shutil.copytree(ROOT / "knowledge", copy)
    (copy / "profile.yaml").write_text("slots: [unclosed\n")
    assert "--pace" in advisor("recommend", "--help", knowledge=copy).stdout


@pytest.mark.skipif(shutil.which("bash") is None, reason="needs bash")
def test_bash_completion_completes_commands_and_their_flags(tmp_path: Path) -> None:
    script = tmp_path / "advisor.bash"
    script.write_text(advisor("completion", "bash").stdout)

    def completions(*words: str) -> list[str]:
        line = " ".join(("advisor", *words))
        probe = (
            f"source {script}; COMP_WORDS=(advisor {' '.join(words)}); "
            f"COMP_CWORD={len(words)}; COMP_LINE='{line}'; COMP_POINT={len(line)}; "
            f"_shtab_advisor advisor {words[-1]} {words[-2] if len(words) > 1 else 'advisor'};"
            ' printf "%s\\n" "${COMPREPLY[@]}"'
        )
        done = subprocess.run(["bash", "-c", probe], capture_output=True, text=True, timeout=30)
        return done.stdout.split()

    assert completions("rec") == ["recommend"]
    assert set(completions("recommend", "--re")) == {"--region", "--residency"}
    assert "check" in completions("kb", "")


def test_zsh_and_tcsh_scripts_name_every_command() -> None:
    for shell in ("zsh", "tcsh"):
        text = advisor("completion", shell).stdout
        assert all(command in text for command in ("chat", "recommend", "export", "ask", "kb"))
