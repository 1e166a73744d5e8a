"""'Not applicable' in `assess run`, in a real pseudo-terminal (pexpect): offered only where the framework
allows it, the reason asked for and required, saved at once, and shown when the question is seen again."""

from __future__ import annotations

import os
import sys
from pathlib import Path

import pytest
import yaml

from assess.loading import FrameworkLibrary, load_assessment
from assess.yamlsource import read_document
from tests.test_interview_e2e import FIXTURES, TIMEOUT, Terminal

pexpect = pytest.importorskip("pexpect")


class AllowingTerminal(Terminal):
    """`assess run` against the pilot-check framework with `may_be_not_applicable` on two questions."""

    def __init__(self, cwd: Path, frameworks: Path, *args: str) -> None:
        env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1",
               "COLUMNS": "80", "LINES": "24"}
        self.child = pexpect.spawn(
            sys.executable, ["-m", "assess", "run", *args, "--frameworks", str(frameworks)],
            cwd=str(cwd), env=env, dimensions=(24, 80), encoding="utf-8", timeout=TIMEOUT,
        )


def allowing(tmp_path: Path) -> Path:
    data = read_document(FIXTURES / "pilot-check.yaml").data
    for section in data["sections"]:
        for question in section["questions"]:
            if question["id"] in ("has_policy", "safeguards"):
                question["may_be_not_applicable"] = True
    folder = tmp_path / "frameworks"
    folder.mkdir()
    (folder / "pilot-check.yaml").write_text(yaml.safe_dump(data, sort_keys=False), encoding="utf-8")
    return folder


def test_not_applicable_with_a_reason_in_the_terminal(tmp_path: Path) -> None:
    folder = allowing(tmp_path)
    work = tmp_path / "work"
    work.mkdir()
    term = AllowingTerminal(work, folder, "a.yaml", "--framework", "pilot-check", "--quick")
    term.metadata()
    term.question("1/4")
    term.expect("n) Not applicable")
    term.key("n")
    term.expect("Why does this question not apply here?")
    term.line("The pilot runs on no policy at all")
    # With has_policy not applicable, policy_age (asked when it is 'yes') stays hidden.
    term.expect("2/4 · Pilot check")
    term.expect("n not applicable")  # a multi question names the key on its keys line
    term.expect("Your answer")
    term.key("n")
    term.expect("Why does this question not apply here?")
    term.line("")  # an empty line goes back to the question: a reason is required
    term.question("2/4")
    term.key("n")
    term.expect("Why does this question not apply here?")
    term.line("No data leaves the vendor")
    term.question("3/4")
    path = work / "a.yaml"
    saved, _ = load_assessment(path, FrameworkLibrary(dirs=[folder], include_builtin=False))  # valid
    given = saved.answers["pilot-check"]
    assert given["has_policy"].not_applicable == "The pilot runs on no policy at all"
    assert given["has_policy"].answer is None
    assert given["safeguards"].not_applicable == "No data leaves the vendor"
    term.key("b")
    term.expect("2/4 · Pilot check")
    term.expect("Answered: Not applicable: No data leaves the vendor")
    term.expect("Your answer")
    term.key("b")
    term.question("1/4")
    term.key("1")  # Yes, after all: the reason goes, and policy_age is asked
    term.question("2/5")
    term.key("q")
    term.expect("To carry on:")
    assert term.finish() == 0
    saved, _ = load_assessment(path, FrameworkLibrary(dirs=[folder], include_builtin=False))
    assert saved.answers["pilot-check"]["has_policy"].answer == "yes"
    assert saved.answers["pilot-check"]["has_policy"].not_applicable is None


def test_not_offered_where_the_framework_does_not_allow_it(tmp_path: Path) -> None:
    work = tmp_path / "work"
    work.mkdir()
    term = AllowingTerminal(work, FIXTURES, "a.yaml", "--framework", "pilot-check", "--quick")
    term.metadata()
    term.question("1/4")
    term.expect("g) Go to another question")
    screen = term.child.before or ""  # the choices, from "Don't know" on
    assert "Don't know" in screen
    term.key("n")  # no such key here: nothing happens, and 1 still answers
    term.key("1")
    term.question("2/5")
    assert "Not applicable" not in screen
    term.key("q")
    term.expect("To carry on:")
    assert term.finish() == 0
    saved, _ = load_assessment(work / "a.yaml", FrameworkLibrary(dirs=[FIXTURES]))
    assert saved.answers["pilot-check"]["has_policy"].answer == "yes"
    assert saved.answers["pilot-check"]["has_policy"].not_applicable is None
