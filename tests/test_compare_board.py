"""Board mode: several members' assessments of one system aggregated into one."""

from __future__ import annotations

from pathlib import Path

from assess.comparison.build import compare, lower_median
from assess.comparison.model import Mode
from tests.compare_support import MINI_DIR, mini_assessment, mini_entry, write_yaml

# objective: specific 3 / general 1 / none 0 (gate), weight 2. consulted: yes 3 / no 0 (gate).
# trust: scale 1..5 -> 0..4 points.
MEMBERS = {
    "Ann": {"objective": "specific", "link": "validated", "consulted": "yes", "trust": 5, "categories": ["work"]},
    "Bob": {"objective": "general", "link": "asserted", "consulted": "yes", "trust": 4, "categories": ["work"]},
    "Cat": {"objective": "specific", "link": "validated", "consulted": "no", "trust": 1, "categories": ["work"]},
    "Dev": {"objective": "dont_know", "link": "validated", "consulted": "yes", "trust": 3, "categories": ["work"]},
}


def board(members: dict[str, dict[str, object]] = MEMBERS, mode: Mode | None = None):  # type: ignore[no-untyped-def]
    return compare([mini_entry(a, name=n) for n, a in members.items()], mode)


def test_three_or_more_members_of_one_body_are_a_board() -> None:
    c = board()
    assert c.mode is Mode.board and c.board is not None
    assert "4 different respondents who share the perspective 'board'" in c.mode_reason
    two = {k: MEMBERS[k] for k in ("Ann", "Bob")}
    assert board(two).mode is Mode.perspectives  # two members compare side by side unless told
    assert board(two, Mode.board).board is not None


def test_median_spread_and_every_answer() -> None:
    c = board()
    objective = c.question("mini.objective")
    # shares: Ann 1, Bob 1/3, Cat 1, Dev 0 (Don't know) -> lower median of [0, 1/3, 1, 1] is 1/3
    assert objective.median_share == 0.3333
    assert objective.spread == 1.0 and objective.answer_spread == 0.6667
    assert [c.answer_label for c in objective.cells] == [
        "Specific and written", "General", "Specific and written", "Don't know"]
    trust = c.question("mini.trust")
    assert [cell.points for cell in trust.cells] == [4.0, 3.0, 0.0, 2.0]
    assert trust.median_share == 0.5 and trust.spread == 1.0 and trust.iqr == 0.4375
    assert c.question("mini.categories").spread == 0.0


def test_the_agenda_puts_the_widest_disagreement_first() -> None:
    c = board()
    assert c.board is not None
    agenda = c.board.agenda
    # consulted and trust both span the whole scale between real answers; a gate split comes first
    assert agenda[:3] == ["mini.consulted", "mini.trust", "mini.objective"]
    assert "mini.categories" not in agenda  # everyone agrees


def test_a_gate_is_never_averaged_away() -> None:
    c = board()
    assert c.board is not None
    result = c.board.result
    consulted = next(q for q in result.frameworks[0].questions if q.id == "consulted")
    assert consulted.answer == "yes"  # the median member said yes ...
    assert [(g.gate.question, g.raised_by) for g in c.board.gates] == [("consulted", [2])]  # ... Cat did not
    assert result.frameworks[0].rating.value == "red"
    assert result.verdict.value == "Pause and remediate"
    assert any("raised by 1 of 4 members: Cat" in r for r in result.frameworks[0].rating_reasons)
    assert any("not every member raised them" in r for r in result.verdict_reasons)


def test_the_board_answer_comes_from_the_median_member() -> None:
    c = board()
    assert c.board is not None
    chosen = {q.question: q.chosen_side for q in c.board.chosen}
    assert chosen["objective"] == 1  # Bob, "General": the lower median
    assert chosen["trust"] == 3  # Dev, 3 on the scale
    scored = {q.id: q for q in c.board.result.frameworks[0].questions}
    assert scored["objective"].answer == "general" and scored["trust"].answer == 3


def test_members_who_did_not_answer_are_left_out() -> None:
    members = {n: dict(a) for n, a in MEMBERS.items()}
    del members["Dev"]["objective"]
    c = board(members)
    row = c.question("mini.objective")
    assert row.not_answered_by == [3] and row.answered_by == [0, 1, 2]
    assert row.median_share == 1.0  # lower median of [1/3, 1, 1]
    assert "mini.objective" in c.answered_by_some


def test_lower_median() -> None:
    assert lower_median([3, 1, 2]) == 2
    assert lower_median([4, 1, 3, 2]) == 2


def test_board_from_the_command_line(cli, tmp_path: Path) -> None:  # type: ignore[no-untyped-def]
    files = [write_yaml(tmp_path / f"{n}.yaml", mini_assessment(a, name=n)) for n, a in MEMBERS.items()]
    code, out, err = cli("compare", *files, "--frameworks", MINI_DIR)
    assert code == 0, err
    assert "Board view (4 members): Pause and remediate" in out
    assert "Agenda: where members disagree most" in out
    assert max(len(line) for line in out.splitlines()) <= 80
