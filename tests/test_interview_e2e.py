"""`assess run` end to end, in a real pseudo-terminal (pexpect), as a respondent would use it."""

from __future__ import annotations

import os
import random
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import pytest

from assess.loading import FrameworkLibrary, load_assessment
from tests.needs import require

pexpect = pytest.importorskip("pexpect")

FIXTURES = Path(__file__).resolve().parent / "fixtures" / "interview"
TIMEOUT = 30  # generous: a slow CI machine must not turn into a flaky test


class Terminal:
    """One `assess run` in an 80x24 pseudo-terminal."""

    def __init__(self, cwd: Path, *args: str) -> None:
        env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1",
               "COLUMNS": "80", "LINES": "24"}
        self.child = pexpect.spawn(
            sys.executable, ["-m", "assess", "run", *args, "--frameworks", str(FIXTURES)],
            cwd=str(cwd), env=env, dimensions=(24, 80), encoding="utf-8", timeout=TIMEOUT,
        )

    def expect(self, text: str) -> None:
        self.child.expect_exact(text)

    def question(self, position: str) -> None:
        """Wait until question `position` ('2/5') is on screen and its prompt takes keys."""
        self.expect(f"{position} · Pilot check")
        self.expect("Your answer")

    def key(self, keys: str) -> None:
        self.child.send(keys)

    def line(self, text: str) -> None:
        self.child.send(text + "\r")

    def no_details(self) -> None:
        self.expect("Note:")
        self.key("\r")
        self.expect("Evidence")
        self.key("\r")

    def finish(self) -> int:
        self.child.expect(pexpect.EOF)
        self.child.close()
        status = self.child.exitstatus
        return int(status) if status is not None else 128 + int(self.child.signalstatus or 0)

    def metadata(self, title: str = "Pilot") -> None:
        self.expect("Title of this assessment")
        self.line(title)
        self.expect("Organisation")
        self.line("A force")
        self.expect("system or tool")
        self.line("Platform")
        self.expect("Stage of the deployment")
        self.key("\x1b[B\r")  # pilot
        self.expect("Your name")
        self.line("Sam Jones")
        self.expect("Your role")
        self.line("Branch secretary")
        self.expect("Whose view")
        self.key("2")  # staff association: a number picks at once
        self.expect("Date of the assessment")
        self.line("\x7f" * 10 + "2026-05-21")
        self.expect("Protective marking")
        self.key("\x1b[B\r")  # OFFICIAL-SENSITIVE


@pytest.fixture
def workdir(tmp_path: Path) -> Iterator[Path]:
    yield tmp_path


def library() -> FrameworkLibrary:
    return FrameworkLibrary(dirs=[FIXTURES])


def answers(path: Path) -> dict[str, object]:
    assessment, _ = load_assessment(path, library())  # valid, or this raises
    return {qid: a.answer for qid, a in assessment.answers.get("pilot-check", {}).items()}


def start_quick(workdir: Path, name: str = "a.yaml") -> Terminal:
    term = Terminal(workdir, name, "--framework", "pilot-check", "--quick")
    term.metadata()
    return term


def test_a_full_run_of_one_framework(workdir: Path) -> None:
    term = Terminal(workdir, "--framework", "pilot-check")
    term.metadata(title="Officer monitoring: staff view")
    term.question("1/4")
    term.key("1")  # Yes
    term.expect("Note:")
    term.line("Seen it")
    term.expect("Evidence")
    term.line("Policy v2; Board minutes 3 May")
    term.expect("How sure is this answer?")
    term.key("\x1b[B\x1b[B\r")  # documented
    term.question("2/5")
    term.key("2")  # older than a year
    term.no_details()
    term.question("3/5")
    term.key("12\r")  # tick audit and review
    term.no_details()
    term.question("4/5")
    term.key("4")
    term.no_details()
    term.question("5/5")
    term.key("\r")  # write an answer
    term.expect("Your answer (text")
    term.line("The chief officer")
    term.no_details()
    term.expect("Verdict:")
    term.expect("To render the report:")
    term.expect("report officer-monitoring-staff-view.yaml -o officer-monitoring-staff-view.pdf")
    assert term.finish() == 0

    path = workdir / "officer-monitoring-staff-view.yaml"
    assert answers(path) == {"has_policy": "yes", "policy_age": "old", "safeguards": ["audit", "review"],
                             "trust": 4, "owner": "The chief officer"}
    assessment, _ = load_assessment(path, library())
    first = assessment.answers["pilot-check"]["has_policy"]
    assert first.note == "Seen it"
    assert first.evidence == ["Policy v2", "Board minutes 3 May"]
    assert first.confidence is not None and first.confidence.value == "documented"
    assert assessment.respondent.perspective == "staff-association"
    assert assessment.respondent.name == "Sam Jones"
    assert assessment.date is not None and assessment.date.isoformat() == "2026-05-21"
    assert assessment.classification == "OFFICIAL-SENSITIVE"


def test_going_back_and_changing_an_answer_sets_the_hidden_one_aside_until_it_shows_again(workdir: Path) -> None:
    term = start_quick(workdir)
    term.question("1/4")
    term.key("1")  # Yes: shows the policy_age question
    term.question("2/5")
    term.key("2")
    term.question("3/5")
    assert answers(workdir / "a.yaml")["policy_age"] == "old"
    term.key("b")
    term.question("2/5")
    term.key("b")
    term.question("1/5")
    term.key("2")  # No: hides policy_age
    term.expect("That change hides this question. Its answer is set aside")
    term.question("2/4")
    assert answers(workdir / "a.yaml") == {"has_policy": "no"}  # off the record while hidden
    term.key("b")
    term.question("1/4")
    term.key("1")  # Yes again: the question shows, with its answer as it was
    term.question("2/5")
    assert answers(workdir / "a.yaml") == {"has_policy": "yes", "policy_age": "old"}
    term.key("q")
    term.expect("To carry on:")
    assert term.finish() == 0


def test_ctrl_c_saves_says_how_to_resume_and_resume_picks_up(workdir: Path) -> None:
    term = start_quick(workdir)
    term.question("1/4")
    term.key("1")
    term.question("2/5")
    term.key("\x03")
    term.expect("Every confirmed answer is saved in a.yaml")
    term.expect("To carry on:")
    term.expect("run a.yaml --frameworks")
    assert term.finish() == 130
    assert answers(workdir / "a.yaml") == {"has_policy": "yes"}

    again = Terminal(workdir, "a.yaml", "--quick")
    again.expect("Resuming: 1 of 5 answered")
    again.expect("2/5 · Pilot check")
    again.expect("How old is the policy?")
    again.expect("Your answer")
    again.key("\x03")
    assert again.finish() == 130


def test_kill_9_leaves_a_valid_file_with_every_confirmed_answer(workdir: Path) -> None:
    term = start_quick(workdir)
    term.question("1/4")
    term.key("1")
    term.question("2/5")
    term.key("1")
    term.question("3/5")  # on screen: both answers before it are confirmed
    term.child.kill(signal.SIGKILL)
    term.finish()
    assert answers(workdir / "a.yaml") == {"has_policy": "yes", "policy_age": "recent"}
    assert not list(workdir.glob(".a.yaml.*.tmp"))  # no temporary file left: the kill came between saves

    # The killed process's lock file may remain, but its lock died with it: the file opens again.
    again = Terminal(workdir, "a.yaml", "--quick")
    again.expect("Resuming: 2 of 5 answered")
    again.question("3/5")
    again.key("\x03")
    assert again.finish() == 130


def test_kill_9_at_random_instants_never_loses_a_confirmed_answer(workdir: Path) -> None:
    rng = random.Random(4)
    keys = ["1", "1", "1\r", "3"]
    given = [("has_policy", "yes"), ("policy_age", "recent"), ("safeguards", ["audit"]), ("trust", 3)]  # by `keys`
    for round_ in range(4):
        name = f"k{round_}.yaml"
        term = start_quick(workdir, name)
        confirmed = 0
        term.question("1/4")
        for n, key in enumerate(keys[: 1 + round_]):
            term.key(key)
            if n < round_:
                term.question(f"{n + 2}/5")
                confirmed += 1
        time.sleep(rng.uniform(0, 0.05))  # somewhere inside the last answer's save, or after it
        term.child.kill(signal.SIGKILL)
        term.finish()
        kept = answers(workdir / name)  # a valid file, whenever the kill came
        # Every confirmed answer is kept as given; the last one, killed during its save, is whole or absent.
        assert dict(given[:confirmed]).items() <= kept.items(), (round_, kept)
        assert kept.items() <= dict(given[: confirmed + 1]).items(), (round_, kept)


def test_without_a_terminal_it_fails_at_once(workdir: Path) -> None:
    started = time.monotonic()
    done = subprocess.run(
        [sys.executable, "-m", "assess", "run", "x.yaml", "--frameworks", str(FIXTURES)],
        cwd=workdir, stdin=subprocess.DEVNULL, capture_output=True, text=True, timeout=TIMEOUT,
    )
    assert done.returncode == 2
    assert "needs an interactive terminal" in done.stderr
    assert "assess score" in done.stderr
    assert time.monotonic() - started < TIMEOUT / 2
    assert not (workdir / "x.yaml").exists()


def test_bad_arguments_fail_before_any_question(workdir: Path) -> None:
    term = Terminal(workdir, "a.yaml", "--framework", "pilot-chek")
    term.expect("unknown framework 'pilot-chek'")
    term.expect("did you mean 'pilot-check'?")
    assert term.finish() == 2


@pytest.fixture(autouse=True)
def _have_a_pty() -> None:
    if not hasattr(os, "openpty"):
        pytest.skip("needs a POSIX pseudo-terminal (os.openpty)")
    require("stty")


def details(path: Path) -> tuple[str | None, list[str], str | None]:
    assessment, _ = load_assessment(path, library())
    given = assessment.answers["pilot-check"]["has_policy"]
    return given.note, given.evidence, None if given.confidence is None else given.confidence.value


def test_a_note_is_saved_the_moment_it_is_confirmed(workdir: Path) -> None:
    term = Terminal(workdir, "a.yaml", "--framework", "pilot-check")
    term.metadata()
    term.question("1/4")
    term.key("1")
    term.expect("Note:")
    term.line("Seen it")
    term.expect("Evidence")  # the note is confirmed: Ctrl-C now must not lose it
    assert details(workdir / "a.yaml") == ("Seen it", [], None)
    term.key("\x03")
    term.expect("Every confirmed answer is saved in a.yaml")
    assert term.finish() == 130
    assert details(workdir / "a.yaml") == ("Seen it", [], None)


def test_evidence_is_saved_before_the_confidence_is_asked(workdir: Path) -> None:
    term = Terminal(workdir, "a.yaml", "--framework", "pilot-check")
    term.metadata()
    term.question("1/4")
    term.key("1")
    term.expect("Note:")
    term.key("\r")
    term.expect("Evidence")
    term.line("Policy v2; Minutes")
    term.expect("How sure is this answer?")
    assert details(workdir / "a.yaml") == (None, ["Policy v2", "Minutes"], None)
    term.child.kill(signal.SIGKILL)  # not even a last save on the way out
    term.finish()
    assert details(workdir / "a.yaml") == (None, ["Policy v2", "Minutes"], None)
