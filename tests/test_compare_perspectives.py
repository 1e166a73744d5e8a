"""`assess compare` on the worked example: the same pilot seen by the force, its staff
association and an ethics board."""

from __future__ import annotations

import json
import re
from pathlib import Path

import pytest
import yaml

from assess.comparison.model import CellStatus, Mode
from tests.compare_support import PERSPECTIVES, compare_files, mini_assessment, write_yaml


@pytest.fixture(scope="module")
def comparison():  # type: ignore[no-untyped-def]
    return compare_files(PERSPECTIVES)


def test_mode_is_told_from_the_metadata(comparison) -> None:  # type: ignore[no-untyped-def]
    assert comparison.mode is Mode.perspectives
    assert [s.label for s in comparison.sides] == ["force", "staff-association", "ethics-board"]


def test_each_verdict_and_rating_is_shown(comparison) -> None:  # type: ignore[no-untyped-def]
    # Claiming no more than the public record, all three reach the same verdict by different routes.
    assert [s.verdict.value for s in comparison.sides] == ["Pause and remediate"] * 3
    proportionality = next(f for f in comparison.frameworks if f.id == "proportionality")
    assert [(s.rating.value, s.assurance) for s in proportionality.per_side if s] == [
        ("red", 11.76), ("red", 19.61), ("red", 13.73)]


def test_gates_raised_by_one_side_only(comparison) -> None:  # type: ignore[no-untyped-def]
    by_key = {f"{g.framework}.{g.question}": g for g in comparison.gates}
    assert list(by_key) == ["proportionality.data_intensity"]
    gate = by_key["proportionality.data_intensity"]
    assert not gate.stop and gate.raised_by == [1] and gate.not_raised_by == [0, 2]
    assert len(comparison.split_gates) == 1


def test_divergence_in_score_terms_largest_first(comparison) -> None:  # type: ignore[no-untyped-def]
    first = comparison.question(comparison.divergent[0])
    assert first.key == "article8-privacy.covert"
    assert (first.spread, first.points_difference, first.max_points) == (0.6667, 4.0, 6.0)
    assert [c.points for c in first.cells] == [0.0, 4.0, 4.0]
    assert first.cells[0].status is CellStatus.dont_know
    # every listed question really diverges, and they come in order of spread
    spreads = [comparison.question(k).spread for k in comparison.divergent]
    assert spreads == sorted(spreads, reverse=True) and min(spreads) > 0
    # among equal spreads, disagreement between real answers comes before a "Don't know" difference
    top = [comparison.question(k) for k in comparison.divergent if comparison.question(k).spread == first.spread]
    answer_spreads = [q.answer_spread for q in top]
    assert answer_spreads == sorted(answer_spreads, reverse=True)


def test_notes_and_evidence_are_carried_for_each_side(comparison) -> None:  # type: ignore[no-untyped-def]
    row = comparison.question("human-oversight.output_role")
    assert all(c.note for c in row.cells)
    assert row.cells[0].evidence and row.cells[1].evidence


def test_every_question_is_answered_by_all_three_unless_an_answer_hides_it(comparison) -> None:  # type: ignore[no-untyped-def]
    # The staff association says the tool was not tested before use, which hides the question of who tested it.
    assert comparison.answered_by_some == ["accuracy-and-validation.independent_check"]
    assert comparison.versions == []


def test_table_fits_80_columns(cli) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("compare", *PERSPECTIVES)
    assert code == 0, err
    assert max(len(line) for line in out.splitlines()) <= 80
    assert "Mode: perspectives" in out
    assert "proportionality.data_intensity: raised by staff-association; not by force," in out
    assert "article8-privacy.covert  spread 66.7% (4 points)" in out


def test_json_and_markdown(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, out, err = cli("compare", *PERSPECTIVES, "--format", "json")
    assert code == 0, err
    data = json.loads(out)
    assert data["schema"] == "assess/comparison@1" and data["mode"] == "perspectives"
    assert data["divergent"][0] == "article8-privacy.covert"
    code, out, err = cli("compare", *PERSPECTIVES, "-o", tmp_path / "c.md")
    assert code == 0, err
    text = (tmp_path / "c.md").read_text(encoding="utf-8")
    assert "## Where the answers diverge" in text and "| force |" in text


def test_a_different_system_is_refused_in_one_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    other = mini_assessment({"objective": "general"}, perspective="x")
    base = write_yaml(tmp_path / "a.yaml", mini_assessment({"objective": "general"}, perspective="a"))
    changed = other.model_copy(update={"subject": other.subject.model_copy(update={"system": "Another system"})})
    moved = write_yaml(tmp_path / "b.yaml", changed)
    mini = str(Path(__file__).parent / "fixtures" / "core" / "frameworks")
    code, out, err = cli("compare", base, moved, "--frameworks", mini)
    assert code == 2 and out == ""
    lines = err.strip().splitlines()
    assert len(lines) == 1
    where, _, message = lines[0].partition(": error: ")
    line = int(where.rsplit(":", 2)[1])
    assert where.startswith(str(moved)) and "system:" in moved.read_text().splitlines()[line - 1]
    assert message.startswith("not the same deployment: system 'Another system' differs from 'Test System'")
    assert "--ignore-subject" in lines[0]
    code, out, err = cli("compare", base, moved, "--frameworks", mini, "--ignore-subject")
    assert code == 0 and "compared anyway" in err
    # the warning points at the subject that differs, in the form errors take
    assert f"{moved}:{line}:" in err and ": warning: system 'Another system' differs" in err


def test_no_common_framework_is_refused(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    a = write_yaml(tmp_path / "a.yaml", mini_assessment({"objective": "general"}, perspective="a"))
    code, _, err = cli("compare", a, PERSPECTIVES[0], "--ignore-subject",
                       "--frameworks", Path(__file__).parent / "fixtures" / "core" / "frameworks")
    assert code == 2 and "no framework is answered by two or more" in err


def test_a_missing_file_is_a_user_error(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    code, _, err = cli("compare", PERSPECTIVES[0], tmp_path / "nope.yaml")
    assert code == 2 and "no such file" in err


def test_the_terminal_table_wraps_and_aligns_at_any_width(tmp_path: Path) -> None:
    from assess.comparison.table import comparison_table
    from tests.compare_support import compare_files

    # A copy of the staff association's view whose population answer raises a gate, so that one divergent
    # question carries the GATE tag on one side only (the public record alone no longer gives one).
    staff = tmp_path / "staff-association.yaml"
    text = PERSPECTIVES[1].read_text(encoding="utf-8")
    assert "answer: whole_workforce_reason_stated" in text
    staff.write_text(text.replace("answer: whole_workforce_reason_stated", "answer: whole_workforce_no_reason", 1),
                     encoding="utf-8")
    # The force's own file answers "Don't know" on scope (issue 23); give its copy the stated-reason answer, so that
    # long answers sit beside the gate and wrap.
    force = tmp_path / "force.yaml"
    force_text = PERSPECTIVES[0].read_text(encoding="utf-8")
    assert "    population:\n      answer: dont_know" in force_text
    force.write_text(force_text.replace("    population:\n      answer: dont_know",
                                        "    population:\n      answer: whole_workforce_reason_stated", 1),
                     encoding="utf-8")
    comparison = compare_files([force, staff, PERSPECTIVES[2]])
    comparison = comparison.model_copy(update={"divergent": ["proportionality.population"] + [
        key for key in comparison.divergent if key != "proportionality.population"]})
    for width in (59, 79, 119):
        table = comparison_table(comparison, width)
        lines = table.splitlines()
        assert [line for line in lines if len(line) > width] == []
        assert "…" not in table  # wrapped, never cut, at every width a person would use
        assert "(1 points)" not in table and "spread 33.3% (1 point)" in table  # percentages as every output shows them
        # The long question title fits on one line at the widest width, and wraps (the rest indented) otherwise.
        wraps = any(line.startswith("  flags") for line in lines)
        assert wraps == (width < 119) and ("Human oversight of automated flags " in table) == (width >= 119), width
        # With a GATE on one side, every side's answer starts in one column, and a long answer's next
        # line starts under its text.
        at = next(n for n, line in enumerate(lines) if " GATE " in line)
        start = max(n for n in range(at) if re.match(r"^ {5}\S+ +\d+/\d+ ", lines[n]) is None
                    and not lines[n].startswith(" " * 20))  # the question above the answers
        end = next(n for n in range(at + 1, len(lines)) if not lines[n].startswith(" " * 20)
                   and re.match(r"^ {5}\S+ +\d+/\d+ ", lines[n]) is None)  # the next question
        block = lines[start + 1:end]
        answers = [re.match(r"^ {5}\S+ +\d+/\d+ (?:GATE| {4})  (?=\S)", line) for line in block
                   if re.match(r"^ {5}\S+ +\d+/\d+ ", line)]
        assert len(answers) == 3 and all(answers), "\n".join(block)
        columns = {m.end() for m in answers if m}
        assert len(columns) == 1, "\n".join(block)
        column = columns.pop()
        continuation = [line for line in block if line.startswith(" " * 20)]
        assert continuation and all(len(line) - len(line.lstrip()) == column for line in continuation)
    assert "force             staff-association ethics-board" in comparison_table(comparison, 119)


def _not_told_in_two_frameworks(directory: Path) -> list[Path]:
    """The three perspectives, the staff association's changed to raise one fact in two frameworks and nothing
    else: a duty to consult identified and the association not told, and staff not told of the processing."""
    copies = []
    for path in PERSPECTIVES:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
        if path.name == "staff-association.yaml":
            answers = data["answers"]
            answers["consultation"]["duty_identified"] = {"answer": "duty_identified_before"}
            answers["consultation"]["staff_association"] = {"answer": "not_told"}
            answers["data-protection"]["privacy_information"] = {"answer": "not_covered"}
            answers["proportionality"]["data_intensity"] = {"answer": "dont_know"}  # its own gate, set aside
        copies.append(directory / path.name)
        copies[-1].write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")
    return copies


def test_the_board_keeps_each_gate_s_finding_and_counts_it_once(tmp_path: Path) -> None:
    from assess.web.board_pages import _gate_findings

    board = compare_files(_not_told_in_two_frameworks(tmp_path), Mode.board)
    assert board.board is not None
    assert [bg.gate.finding for bg in board.board.gates] == ["staff_not_told", "staff_not_told"]
    assert [f.id for f in board.board.result.findings] == ["staff_not_told"]
    assert board.board.result.verdict.value == "Pause and remediate"
    # The workspace's board page shows the two gates as one finding, naming both frameworks.
    (group,) = _gate_findings(board)
    assert group[0] == ["Consultation and staff voice", "Data protection impact (DPIA)"] and len(group[1]) == 2
