"""Hostile concurrency: two writers on one assessment, writers killed at any instant, and lock
files left behind or planted by someone else (tests/hostile/concurrency/).

The rule under test: every answer confirmed to either writer is in the file afterwards, or the
second writer was refused (exit 2, naming the first) before it asked anything."""

from __future__ import annotations

import contextlib
import fcntl
import multiprocessing
import os
import shutil
import signal
import socket
import tempfile
from collections.abc import Callable, Iterator
from multiprocessing.connection import Connection
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from assess.app.questionnaire import hold as questionnaire_lock
from assess.assessments import Metadata, new_assessment
from assess.interview import paths
from assess.interview.flow import Finish, Interview, Kind, Reply, Screen
from assess.loading import FrameworkLibrary, load_assessment
from assess.questionnaire import Questionnaire
from assess.resuming import open_existing
from assess.safewrite import Locked, acquire, hold, lock_path
from assess.storage import save_assessment
from tests.test_interview_e2e import FIXTURES, Terminal, answers, start_quick

CASES = Path(__file__).resolve().parent / "hostile" / "concurrency"
NOTES = CASES / "frameworks"
Cli = Callable[..., tuple[int, str, str]]


def refused(path: str, holder: str) -> str:
    return f"{path}:1:1: error: is open in {holder} (finish or stop that one first, then try again)\n"


# ---------------------------------------------------------------------- two real questionnaires


def test_a_second_run_on_the_same_file_is_refused_naming_the_first(tmp_path: Path) -> None:
    first = start_quick(tmp_path)
    first.question("1/4")
    first.key("1")
    first.question("2/5")  # 'yes' is confirmed
    second = Terminal(tmp_path, "a.yaml", "--quick")
    second.expect(refused("a.yaml", f"'assess run' (process {first.child.pid})").replace("\n", "\r\n"))
    assert second.finish() == 2
    first.key("1")
    first.question("3/5")
    first.key("\x03")
    assert first.finish() == 130
    assert answers(tmp_path / "a.yaml") == {"has_policy": "yes", "policy_age": "recent"}

    third = Terminal(tmp_path, "a.yaml", "--quick")  # the first has stopped: the file is free
    third.expect("Resuming: 2 of 5 answered")
    third.question("3/5")
    third.key("\x03")
    assert third.finish() == 130
    assert not (tmp_path / ".a.yaml.lock").exists()  # a clean stop leaves no lock file


def test_a_new_file_is_claimed_before_the_first_question(tmp_path: Path) -> None:
    first = Terminal(tmp_path, "new.yaml", "--framework", "pilot-check", "--quick")
    first.expect("Title of this assessment")  # nothing saved yet
    second = Terminal(tmp_path, "new.yaml", "--framework", "pilot-check", "--quick")
    second.expect(f"is open in 'assess run' (process {first.child.pid})")
    assert second.finish() == 2
    first.key("\x03")
    assert first.finish() == 130


def test_a_killed_questionnaire_does_not_keep_the_file(tmp_path: Path) -> None:
    first = start_quick(tmp_path)
    first.question("1/4")
    first.key("2")
    first.question("2/4")
    first.child.kill(signal.SIGKILL)
    first.finish()
    assert (tmp_path / ".a.yaml.lock").exists()  # left behind, with the dead process's number in it
    second = Terminal(tmp_path, "a.yaml", "--quick")
    second.expect("Resuming: 1 of 4 answered")
    second.question("2/4")
    second.key("\x03")
    assert second.finish() == 130


def test_every_other_writer_respects_the_questionnaire(tmp_path: Path, cli: Cli) -> None:
    first = start_quick(tmp_path)
    first.question("1/4")
    first.key("2")
    first.question("2/4")
    path = tmp_path / "a.yaml"
    before = path.read_bytes()
    holder = f"'assess run' (process {first.child.pid})"
    other = tmp_path / "b.yaml"
    shutil.copy(path, other)
    fixtures = str(FIXTURES)
    assert cli("pin", path, "--frameworks", fixtures) == (2, "", refused(str(path), holder))
    assert cli("report", other, "-o", path, "--format", "md", "--frameworks", fixtures) == (
        2, "", refused(str(path), holder))
    assert cli("compare", other, other, "-o", path, "--format", "json", "--frameworks", fixtures) == (
        2, "", refused(str(path), holder))
    assert path.read_bytes() == before
    first.key("\x03")
    assert first.finish() == 130
    assert answers(path) == {"has_policy": "no"}
    code, out, _ = cli("pin", path, "--frameworks", fixtures)  # free again
    assert code == 0 and "pinned pilot-check 1.0.0" in out


def test_import_and_extract_respect_the_lock(tmp_path: Path, cli: Cli) -> None:
    from tests.aia_support import MINI, import_survey, results_file

    target = tmp_path / "a.yaml"
    target.write_text("answers being edited\n")
    import_survey(MINI, tmp_path / "fw", "mini-aia")
    results = tmp_path / "results.json"
    results.write_text(__import__("json").dumps(results_file({"phase": "item1"})))
    with hold(target, "assess run"):
        code, _, err = cli("import", "aia-answers", results, "-o", target, "--force", "--framework", "mini-aia",
                           "--frameworks", tmp_path / "fw", "--system", "S", "--organisation", "O")
        assert (code, err) == (2, refused(str(target), "'assess run' (process " + str(os.getpid()) + ")"))
        code, _, err = cli("import", "surveyjs", MINI, "-o", tmp_path / "a.yaml", "--force")
        assert code == 2 and "is open in 'assess run'" in err
    assert target.read_text() == "answers being edited\n"
    assert cli("import", "aia-answers", results, "-o", target, "--force", "--framework", "mini-aia",
               "--frameworks", tmp_path / "fw", "--system", "S", "--organisation", "O")[0] == 0


# ---------------------------------------------------------------------- lock files planted or left behind


@contextlib.contextmanager
def planted(target: Path, content: bytes) -> Iterator[None]:
    """A lock on `target` held (by this test) under a lock file saying `content`."""
    sidecar = lock_path(target)
    sidecar.write_bytes(content)
    fd = os.open(sidecar, os.O_RDWR)
    try:
        fcntl.flock(fd, fcntl.LOCK_EX)
        yield
    finally:
        os.close(fd)


@pytest.fixture
def assessment(tmp_path: Path) -> Path:
    path = tmp_path / "a.yaml"
    shutil.copy(FIXTURES.parent / "report" / "assessment.yaml", path)
    return path


def pin(cli: Cli, path: Path) -> tuple[int, str, str]:
    return cli("pin", path, "--frameworks", FIXTURES.parent / "report" / "frameworks")


def test_terminal_escapes_in_a_lock_file_are_not_printed(assessment: Path, cli: Cli) -> None:
    with planted(assessment, (CASES / "escapes.lock").read_bytes()):
        code, _, err = pin(cli, assessment)
    assert code == 2
    assert err == refused(str(assessment), "'assess run[31m; rm -rf ~' (process 4242 on ]0;ownedfar[2Jaway)")
    assert "\x1b" not in err and "\x07" not in err


def test_a_lock_file_of_binary_garbage_names_nobody(assessment: Path, cli: Cli) -> None:
    with planted(assessment, (CASES / "garbage.lock").read_bytes()):
        assert pin(cli, assessment) == (2, "", refused(str(assessment), "another program (it did not say which)"))


def test_a_huge_lock_file_is_read_only_in_part(assessment: Path, cli: Cli) -> None:
    with planted(assessment, b"pid=7\ncommand=" + b"x" * 5_000_000 + b"\n"):
        code, _, err = pin(cli, assessment)
    assert code == 2 and err == refused(str(assessment), "'" + "x" * 80 + "' (process 7)")


def test_a_stale_lock_file_does_not_block_and_is_removed(assessment: Path, cli: Cli) -> None:
    # Left by a process killed with SIGKILL: it names a process, but nobody holds the lock.
    lock_path(assessment).write_text(f"pid={os.getpid()}\nhost={socket.gethostname()}\ncommand=assess run\n")
    code, out, _ = pin(cli, assessment)
    assert code == 0 and "pinned" in out
    assert not lock_path(assessment).exists()


def test_a_lock_file_that_is_a_symlink_is_not_followed(assessment: Path, cli: Cli) -> None:
    victim = assessment.parent / "victim.txt"
    victim.write_text("precious\n")
    lock_path(assessment).symlink_to(victim)
    before = assessment.read_bytes()
    code, _, err = pin(cli, assessment)
    assert code == 2
    assert err == (f"{assessment}:1:1: error: its lock file {lock_path(assessment)} is a symbolic link; "
                   "refusing to follow it (remove that link)\n")
    assert victim.read_text() == "precious\n" and assessment.read_bytes() == before


def test_a_lock_file_that_is_a_fifo_or_a_directory_is_refused(assessment: Path, cli: Cli) -> None:
    os.mkfifo(lock_path(assessment))
    assert pin(cli, assessment) == (2, "", f"{assessment}:1:1: error: its lock file {lock_path(assessment)} "
                                           "is not a regular file (remove it)\n")
    lock_path(assessment).unlink()
    lock_path(assessment).mkdir()
    code, _, err = pin(cli, assessment)
    assert code == 2 and err.startswith(f"{assessment}:1:1: error: cannot create its lock file")


def test_every_name_of_a_file_shares_one_lock(tmp_path: Path) -> None:
    real = tmp_path / "a.yaml"
    real.write_text("x")
    (tmp_path / "link.yaml").symlink_to("a.yaml")
    (tmp_path / "sub").mkdir()
    with hold(real, "assess run"):
        for other in (tmp_path / "link.yaml", tmp_path / "sub" / ".." / "a.yaml"):
            with pytest.raises(Locked):
                acquire(other, "assess pin")


def test_two_questionnaires_naming_a_new_file_from_one_title_get_different_files(tmp_path: Path) -> None:
    with hold(tmp_path / "pilot.yaml", "assess run"), contextlib.ExitStack() as held:
        # The other one has claimed pilot.yaml but not yet saved it.
        assert paths.claim_default_path("Pilot", tmp_path, held) == tmp_path / "pilot-2.yaml"
        with pytest.raises(Locked):
            acquire(tmp_path / "pilot-2.yaml", "assess run")


# ---------------------------------------------------------------------- the property


class PipeUI:
    """A questionnaire whose respondent is the test, at the other end of a pipe. Being asked a
    question means the previous answer was saved, so "asking" is the confirmation."""

    def __init__(self, conn: Connection) -> None:
        self.conn = conn
        self.next_jump = 0

    def ask_question(self, screen: Screen) -> Reply:
        self.conn.send(("asking", screen.index))
        return Reply(Kind.answer, self.conn.recv())

    def ask_details(self, questionnaire: Questionnaire, index: int, keep: Any) -> Any:
        raise AssertionError("not asked: ask_details=False")

    def ask_jump(self, questionnaire: Questionnaire, current: int | None) -> int | None:
        self.next_jump = (self.next_jump + 1) % len(questionnaire.slots)
        return self.next_jump

    def ask_finish(self, questionnaire: Questionnaire) -> Finish:
        return Finish.jump  # everything answered: go round again, changing answers

    def show(self, lines: list[str]) -> None:
        pass


def writer(path: Path, conn: Connection) -> None:
    """What `assess run FILE` does, with the pipe for a terminal: lock, open, ask, save each answer."""
    try:
        lock = questionnaire_lock(path)
    except Locked:
        conn.send(("refused", None))
        return
    try:
        opened = open_existing(path, FrameworkLibrary(dirs=[NOTES], include_builtin=False))
        questionnaire = Questionnaire(opened.assessment, opened.frameworks)
        interview = Interview(questionnaire, PipeUI(conn), save=lambda a: save_assessment(path, a), ask_details=False)
        interview.run(questionnaire.first_open() or 0)
        conn.send(("finished", None))  # every question answered: the questionnaire ends, as at a terminal
    finally:
        lock.release()


class Writer:
    def __init__(self, path: Path) -> None:
        ours, theirs = multiprocessing.get_context("fork").Pipe()
        self.conn = ours
        self.process = multiprocessing.get_context("fork").Process(target=writer, args=(path, theirs), daemon=True)
        self.process.start()
        self.asking: int | None = None
        self.refused = self.receive() == "refused"

    def receive(self) -> str:
        if not self.conn.poll(60):
            raise AssertionError("the writer stopped answering")
        kind, index = self.conn.recv()
        self.asking = index
        return str(kind)

    @property
    def alive(self) -> bool:
        if self.asking is None and not self.refused and not self.conn.closed:
            self.process.join(timeout=10)  # it said "finished": wait for it to let go of the file
        return self.process.is_alive() and not self.refused

    def kill(self) -> None:
        if self.process.pid is not None and self.process.is_alive():
            os.kill(self.process.pid, signal.SIGKILL)
        self.process.join()
        self.conn.close()


STEPS = st.lists(st.tuples(st.sampled_from("AB"), st.sampled_from(["start", "answer", "answer, kill", "kill"])),
                 min_size=1, max_size=14)


@settings(max_examples=40, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(steps=STEPS)
# Without a lock this loses B's answer: both open the file, then A's second save has no B1.
@example(steps=[("A", "start"), ("B", "start"), ("A", "answer"), ("B", "answer"), ("A", "answer")])
def test_no_confirmed_answer_is_lost_whatever_two_writers_do(steps: list[tuple[str, str]]) -> None:
    library = FrameworkLibrary(dirs=[NOTES], include_builtin=False)
    frameworks = library.load_many(["four-notes"])
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / "a.yaml"
        meta = Metadata(title="Two writers", organisation="O", system="S")
        save_assessment(path, new_assessment(meta, frameworks))
        writers: dict[str, Writer] = {}
        confirmed: dict[str, str] = {}  # question -> the last value a writer confirmed
        unconfirmed: dict[str, set[str]] = {}  # values sent since then to a writer killed before confirming
        try:
            for n, (name, action) in enumerate(steps):
                current = writers.get(name)
                other = writers.get("B" if name == "A" else "A")
                if action == "start":
                    if current is not None and current.alive:
                        continue
                    started = Writer(path)
                    # Refused only while the other one is alive and holds the file; a dead one never blocks.
                    assert started.refused == (other is not None and other.alive)
                    writers[name] = started
                elif action in ("answer", "answer, kill"):
                    if current is None or not current.alive or current.asking is None:
                        continue
                    question, value = f"q{current.asking + 1}", f"{name}{n}"
                    current.conn.send(value)
                    if action == "answer":
                        assert current.receive() in ("asking", "finished")  # the answer is confirmed
                        confirmed[question] = value
                        unconfirmed.pop(question, None)
                    else:
                        current.kill()  # at whatever instant the save has reached
                        unconfirmed.setdefault(question, set()).add(value)
                elif current is not None:
                    current.kill()
        finally:
            for each in writers.values():
                each.kill()
        assessment, _ = load_assessment(path, library)  # a whole, valid file whatever was killed when
        on_file = {qid: str(a.answer) for qid, a in assessment.answers.get("four-notes", {}).items()}
        for question, value in confirmed.items():
            assert on_file.get(question) in {value} | unconfirmed.get(question, set()), (question, on_file)
        for question, value in on_file.items():
            assert value == confirmed.get(question) or value in unconfirmed.get(question, set())
