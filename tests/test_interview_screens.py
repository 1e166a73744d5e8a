"""What `assess run` puts on the screen, read as a person would see it: a real pseudo-terminal
(pexpect) drawn by a terminal emulator (pyte), at 60x20, 80x24 and 120x40, with the built-in
consultation framework a staff association's branch secretary would fill in, as it stood in November 2026:
frozen in tests/fixtures/interview/frozen/ (a framework there replaces the built-in of its id), so that what these
tests check, the layout, does not move each time the framework's legal wording is revised."""

from __future__ import annotations

import datetime as dt
import os
import sys
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from assess.assessments import Metadata, new_assessment
from assess.loading import FrameworkLibrary
from assess.storage import save_assessment
from tests.needs import require

pexpect = pytest.importorskip("pexpect")
pyte = pytest.importorskip("pyte")

TIMEOUT = 30  # generous: a slow machine must not turn into a flaky test
SIZES = [(60, 20), (80, 24), (120, 40)]
FROZEN = Path(__file__).resolve().parent / "fixtures" / "interview" / "frozen"
EQUALITY_ASK = (FrameworkLibrary(dirs=[FROZEN]).load("consultation")
                .question("equality_regard").ask)  # type: ignore[union-attr]
FIRST_ASK = ("Did the organisation work out, before go-live, whether it was required or expected to consult, and "
             "with whom?")


class Screen:
    """`assess run` in a pseudo-terminal of `columns` x `lines`, drawn as a terminal would draw it."""

    def __init__(self, cwd: Path, columns: int, lines: int, *args: str, frozen: bool = True) -> None:
        env = {**os.environ, "TERM": "xterm", "NO_COLOR": "1", "PROMPT_TOOLKIT_NO_CPR": "1",
               "COLUMNS": str(columns), "LINES": str(lines)}
        self.columns, self.lines = columns, lines
        self.screen = pyte.Screen(columns, lines)
        self.stream = pyte.Stream(self.screen)
        chosen = ["--frameworks", str(FROZEN)] if frozen else []
        self.child = pexpect.spawn(sys.executable, ["-m", "assess", "run", *chosen, *args],
                                   cwd=str(cwd), env=env,
                                   dimensions=(lines, columns), encoding="utf-8", timeout=TIMEOUT)

    def text(self) -> list[str]:
        return list(self.screen.display)

    def shows(self, wanted: str) -> bool:
        return any(wanted in line for line in self.text())

    def wait(self, wanted: str | Callable[[], bool]) -> None:
        """Read output until `wanted` is on screen and the program has stopped drawing."""
        test = (lambda: self.shows(wanted)) if isinstance(wanted, str) else wanted
        deadline = time.monotonic() + TIMEOUT
        quiet_since = None
        while time.monotonic() < deadline:
            try:
                data = self.child.read_nonblocking(65536, timeout=0.05)
            except pexpect.TIMEOUT:
                data = ""
            except pexpect.EOF:  # the program has ended: the screen is as it left it
                if test():
                    return
                break
            if data:
                self.stream.feed(data)
                quiet_since = None
            elif test():
                quiet_since = quiet_since or time.monotonic()
                if time.monotonic() - quiet_since > 0.3:
                    return
        raise AssertionError(f"{wanted!r} never appeared; the screen:\n" + "\n".join(self.text()))

    def key(self, keys: str) -> None:
        self.child.send(keys)

    def resize(self, columns: int, lines: int) -> None:
        self.columns, self.lines = columns, lines
        self.screen.resize(lines, columns)
        self.child.setwinsize(lines, columns)

    def close(self) -> None:
        self.child.close(force=True)

    def assert_fits(self) -> None:
        """No line reaches the last column: the program wrapped every line itself, so the terminal never
        broke one (and no word) in two."""
        for number, line in enumerate(self.text(), start=1):
            assert line[-1] == " ", f"line {number} runs to the edge:\n" + "\n".join(self.text())

    def assert_whole_words(self, sentence: str) -> None:
        shown = " ".join(" ".join(self.text()).split())
        assert " ".join(sentence.split()) in shown, "\n".join(self.text())


def _started(directory: Path, library: FrameworkLibrary) -> Path:
    """A saved assessment of the consultation framework in `library`, nothing answered yet."""
    meta = Metadata(title="Absence analytics pilot", organisation="A police force", system="Vendor analytics",
                    stage="pilot", perspective="staff-association", name="Sam Jones")
    path = directory / "pilot.yaml"
    save_assessment(path, new_assessment(meta, library.load_many(["consultation"]), dt.date(2026, 5, 21)))
    return path


@pytest.fixture
def started(tmp_path: Path) -> Path:
    """A saved assessment of the frozen consultation framework, nothing answered yet."""
    return _started(tmp_path, FrameworkLibrary(dirs=[FROZEN]))


@pytest.fixture
def started_builtin(tmp_path: Path) -> Path:
    """The same on the built-in framework, for a test that reads no question's words."""
    return _started(tmp_path, FrameworkLibrary())


@pytest.fixture
def screens() -> Iterator[list[Screen]]:
    opened: list[Screen] = []
    yield opened
    for screen in opened:
        screen.close()


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_the_first_question_fits_and_the_jump_list_takes_a_number(
    started: Path, screens: list[Screen], columns: int, lines: int,
) -> None:
    screen = Screen(started.parent, columns, lines, started.name)
    screens.append(screen)
    screen.wait("g) Go to another question")
    screen.assert_fits()
    assert screen.text()[0].startswith("Resuming: 0 of 8 answered.")  # the file was saved before, unanswered
    assert screen.shows("Question 1.1.1 · 1/8")  # the position line is on screen, not scrolled away
    screen.assert_whole_words(FIRST_ASK)
    screen.assert_whole_words("1) Identified and documented, with legal advice, before go-live")

    screen.key("g")
    screen.wait("Go to:")
    screen.assert_fits()
    screen.key("1.2.5")  # the quality-of-consultation questions 1.2.1-1.2.4 show only once someone was consulted
    screen.wait(lambda: screen.shows("Go to: 1.2.5") and screen.shows("1.2.5 ·"))
    screen.key("\r")
    screen.wait("Question 1.2.5 · 4/8")
    screen.assert_fits()
    screen.assert_whole_words(EQUALITY_ASK)


def test_escape_leaves_the_jump_list_where_it_was(started: Path, screens: list[Screen]) -> None:
    screen = Screen(started.parent, 80, 24, started.name)
    screens.append(screen)
    screen.wait("g) Go to another question")
    screen.key("g")
    screen.wait("Esc goes back")
    screen.key("2.1")  # no such question: the list says so rather than ignoring the keys
    screen.wait("No question matches")
    screen.key("\x1b")
    screen.wait("Question 1.1.1 · 1/8")


@pytest.mark.parametrize(("columns", "lines"), SIZES)
def test_a_short_or_narrow_terminal_keeps_the_question_and_its_options(
    started: Path, screens: list[Screen], columns: int, lines: int,
) -> None:
    """Question 2 has four long options: where the actions under them do not fit, they become a keys line."""
    screen = Screen(started.parent, columns, lines, started.name, "--quick")
    screens.append(screen)
    screen.wait("g) Go to another question")
    screen.key("1")
    screen.wait("Question 1.1.2 · 2/8")
    screen.assert_fits()
    screen.wait("4) Not told at all")
    screen.assert_whole_words("How was the staff association (for officers, the Police Federation) involved before "
                              "the tool went live?")
    assert not screen.shows("g go to a question")  # there is room for the actions as a list


def test_a_terminal_too_short_for_the_actions_lists_them_as_keys(started: Path, screens: list[Screen]) -> None:
    screen = Screen(started.parent, 40, 16, started.name)
    screens.append(screen)
    screen.wait("g go to a question")
    screen.assert_fits()
    assert not screen.shows("g) Go to another question")
    assert screen.shows("Question 1.1.1 · 1/8") and screen.shows("1) Identified and documented, with")


def test_a_resized_terminal_is_wrapped_again(started: Path, screens: list[Screen]) -> None:
    screen = Screen(started.parent, 120, 40, started.name)
    screens.append(screen)
    screen.wait("g) Go to another question")
    screen.resize(60, 20)
    screen.wait(lambda: screen.shows("Question 1.1.1") and screen.shows("g) Go to another question")
                and all(line[-1] == " " for line in screen.text()))
    screen.assert_whole_words(FIRST_ASK)
    screen.resize(34, 20)
    screen.wait("needs 40")
    screen.resize(80, 24)
    screen.wait("Question 1.1.1 · 1/8")
    screen.assert_fits()


@pytest.fixture(autouse=True)
def _have_a_pty() -> None:
    if not hasattr(os, "openpty"):
        pytest.skip("needs a POSIX pseudo-terminal (os.openpty)")
    require("stty")


def test_the_closing_summary_ends_with_the_verdict_and_the_report_command(
    started_builtin: Path, screens: list[Screen],
) -> None:
    """At 60x20 the summary is taller than the screen: what stays in sight is the ratings, the verdict
    and the command to render the report (on the built-in framework, so the command names no directory)."""
    screen = Screen(started_builtin.parent, 60, 20, started_builtin.name, "--quick", frozen=False)
    screens.append(screen)
    for _ in range(40):
        screen.wait(lambda: screen.shows("To render the report") or screen.shows("g go to a question")
                    or screen.shows("g) Go to another question"))
        if screen.shows("To render the report"):
            break
        position = next(line for line in screen.text() if line.startswith("Question "))
        screen.key("1\r" if screen.shows("Tick every option") else "1")
        screen.wait(lambda was=position: screen.shows("To render the report") or (
            not screen.shows(was) and (screen.shows("g go to a question")
                                       or screen.shows("g) Go to another question"))))
    shown = screen.text()
    screen.assert_fits()
    verdict = next(n for n, line in enumerate(shown) if line.startswith("Verdict:"))
    assert any(line.startswith("Consultation and staff") for line in shown[:verdict])  # the rating row
    assert any("report pilot.yaml -o pilot.pdf" in line for line in shown[verdict:])


def test_confidence_takes_a_number_and_is_not_asked_after_dont_know(started: Path, screens: list[Screen]) -> None:
    screen = Screen(started.parent, 80, 24, started.name)
    screens.append(screen)
    screen.wait("g) Go to another question")
    screen.key("1")
    screen.wait("Note:")
    screen.key("\r")
    screen.wait("Evidence:")
    screen.key("Minutes of 3 May\r")
    screen.wait("How sure is this answer?")
    screen.key("3")  # documented, at once
    screen.wait("Question 1.1.2")
    screen.key("d")
    screen.wait("Note:")
    screen.key("\r")
    screen.wait("Evidence:")
    screen.key("Asked the force\r")
    screen.wait("Question 1.1.3")
    assert not screen.shows("How sure")
    screen.key("q")
    screen.child.expect(pexpect.EOF)
    from assess.loading import load_assessment
    from assess.numbering import question_numbers

    saved, frameworks = load_assessment(started, FrameworkLibrary(dirs=[FROZEN]))
    ids = {number: qid for (_, qid), number in question_numbers(frameworks.values()).items()}
    answers = saved.answers["consultation"]
    first, second = answers[ids["1.1.1"]], answers[ids["1.1.2"]]
    assert first.confidence is not None and first.confidence.value == "documented"
    assert (second.answer, second.evidence, second.confidence) == ("dont_know", ["Asked the force"], None)
