"""The accuracy-and-validation and transparency frameworks: content rules specific to them.

The generic rules (help, evidence hints, sources, recommendations, gates turning a framework red) are checked for
every shipped framework in test_frameworks_content.py. This module checks what is particular to these two: the
base-rate arithmetic in the help text is right, every reference has a short form, the gates sit where the law makes
a failure decisive, and the `when` conditions hide the questions an earlier answer makes meaningless.
"""

from __future__ import annotations

import math
import re
from pathlib import Path

import pytest
import yaml

from assess.loading import load_framework
from assess.model import Assessment, Framework
from assess.result import FrameworkResult, QuestionResult, QuestionStatus, Rating
from assess.scoring import score
from tests.conftest import ROOT, run_cli

FRAMEWORK_DIR = ROOT / "frameworks"
NEW = ["accuracy-and-validation", "transparency"]

# Where each framework's gates must be: (question, option).
EXPECTED_GATES = {
    "accuracy-and-validation": {
        ("performance_at_threshold", "none_measured"), ("subgroup_errors", "disparity_ignored"),
    },
    "transparency": {
        ("proceedings_disclosure", "intelligence_only"), ("contract_disclosure", "prevents_explanation"),
    },
}


def _framework(fid: str) -> Framework:
    return load_framework(FRAMEWORK_DIR / f"{fid}.yaml")


def test_validate_accepts_every_shipped_framework(capsys: pytest.CaptureFixture[str]) -> None:
    paths = sorted(str(p) for p in FRAMEWORK_DIR.glob("*.yaml"))
    code, out, err = run_cli(["validate", *paths], capsys)
    assert code == 0, err
    assert f"{len(paths)} file(s) valid" in out
    assert {Path(p).stem for p in paths} >= set(NEW)


@pytest.mark.parametrize("fid", NEW)
def test_at_least_twelve_questions_each_with_a_source(fid: str) -> None:
    fw = _framework(fid)
    questions = fw.questions()
    assert len(questions) >= 12
    for q in questions:
        assert q.refs, f"{q.id}: cites a source"
        assert all(r in fw.references for r in q.refs), q.id
        assert q.help and q.evidence_hint and q.recommend, q.id


@pytest.mark.parametrize("fid", NEW)
def test_every_option_below_full_marks_has_its_own_recommendation(fid: str) -> None:
    for q in _framework(fid).questions():
        best = max(o.score for o in q.options)
        for o in q.options:
            if o.score < best:
                assert o.recommend and o.recommend.strip(), f"{q.id}.{o.value}"


@pytest.mark.parametrize("fid", NEW)
def test_every_reference_has_a_short_form_and_uncertain_ones_say_what_to_check(fid: str) -> None:
    fw = _framework(fid)
    for rid, ref in fw.references.items():
        assert ref.short and len(ref.short) < len(ref.cite), rid
        if ref.uncertain:
            assert ref.note and "check" in ref.note.lower(), f"{rid}: the note says what to check"


def _assess(fw: Framework, answers: dict[str, object]) -> Assessment:
    return Assessment.model_validate({
        "schema": "assess/assessment@1",
        "title": "t",
        "subject": {"organisation": "O", "system": "S"},
        "frameworks": {fw.id: {"version": fw.version}},
        "answers": {fw.id: {qid: {"answer": a, "evidence": ["e"], "confidence": "documented"}
                            for qid, a in answers.items()}},
    })


def _full_marks(fw: Framework) -> dict[str, object]:
    answers: dict[str, object] = {}
    for q in fw.questions():
        if q.type.value == "multi":
            answers[q.id] = [o.value for o in q.options if not o.exclusive]
        else:
            answers[q.id] = q.options[0].value
    return answers


@pytest.mark.parametrize("fid", NEW)
def test_the_gates_are_where_the_law_makes_a_failure_decisive(fid: str) -> None:
    fw = _framework(fid)
    gates = {(q.id, o.value) for q in fw.questions() for o in q.options if o.gate}
    assert gates == EXPECTED_GATES[fid]
    for qid, value in gates:
        answers = _full_marks(fw) | {qid: value}
        (fr,) = score({fid: fw}, _assess(fw, answers)).frameworks
        assert fr.rating is Rating.red, (qid, value)
        assert [(g.question, g.option) for g in fr.gates] == [(qid, value)]


@pytest.mark.parametrize(
    ("fid", "earlier", "value", "hidden"),
    [
        ("accuracy-and-validation", "validation_design", "none_before_use", "independent_check"),
        ("transparency", "atrs_record", "none", "atrs_content"),
        ("transparency", "atrs_record", "published_summary_only", "atrs_content"),
    ],
)
def test_a_question_made_meaningless_by_an_earlier_answer_is_hidden(
    fid: str, earlier: str, value: str, hidden: str
) -> None:
    fw = _framework(fid)
    full = _full_marks(fw)
    shown = score({fid: fw}, _assess(fw, full)).frameworks[0]
    assert _status(shown, hidden) is QuestionStatus.answered
    without = {k: v for k, v in full.items() if k != hidden} | {earlier: value}
    result = score({fid: fw}, _assess(fw, without)).frameworks[0]
    assert _status(result, hidden) is QuestionStatus.hidden
    # Hidden, it counts in neither the points nor the maximum.
    assert result.max_points == shown.max_points - _question(shown, hidden).max_points


def _question(fr: FrameworkResult, qid: str) -> QuestionResult:
    return next(q for q in fr.questions if q.id == qid)


def _status(fr: FrameworkResult, qid: str) -> QuestionStatus:
    return _question(fr, qid).status


# --------------------------------------------------------------------------- the base-rate example


def _number(text: str) -> int:
    return int(text.replace(",", ""))


def _whole(value: float) -> str:
    """A count as the help writes it: rounded half up (2,288.5 people is "about 2,289"), with thousands commas."""
    return f"{math.floor(value + 0.5):,}"


def test_the_base_rate_example_in_the_help_is_computed_correctly() -> None:
    """Recompute every figure in the worked example from the inputs the help states, and find each in the text."""
    help_text = " ".join(next(q for q in _framework("accuracy-and-validation").questions() if q.id == "base_rate")
                         .help.split())
    match = re.search(
        r"workforce of ([\d,]+) and suppose (\d+)% of them \(([\d,]+) people\).*?catches (\d+)% of them.*?"
        r"correctly passes (\d+)%",
        help_text,
    )
    assert match, "the inputs of the example are stated in the help"
    staff, rate, stated_true, sensitivity, specificity = (_number(g) for g in match.groups())

    true_cases = staff * rate / 100
    caught = true_cases * sensitivity / 100
    missed = true_cases - caught
    innocent = staff - true_cases
    false_flags = innocent * (100 - specificity) / 100
    flags = caught + false_flags
    precision = caught / flags
    accuracy = (caught + innocent - false_flags) / staff
    assert stated_true == true_cases

    expected = {
        f"{_whole(caught)} correct flags", f"{_whole(missed)} people it misses", f"Of the {_whole(innocent)} people",
        f"{_whole(false_flags)} people, are flagged", f"That makes {_whole(flags)} flags",
        f"only {_whole(caught)}, about {precision:.0%}", f"about {1 - precision:.0%} point at someone innocent",
        f"roughly {accuracy:.0%} of all the people",
    }
    # The same tool with half the true rate.
    half_true = true_cases / 2
    half_caught = half_true * sensitivity / 100
    half_false = (staff - half_true) * (100 - specificity) / 100
    half_flags = half_caught + half_false
    expected |= {
        f"Halve the true rate to {rate / 2:g}% ({_whole(half_true)} people)", f"catches {_whole(half_caught)}",
        f"about {_whole(half_false)} people wrongly", f"only about {half_caught / half_flags:.0%} of its roughly "
        f"{_whole(half_flags)} flags",
    }
    missing = sorted(e for e in expected if e not in help_text)
    assert not missing, missing
    # The plain statement for a flagged person follows from the numbers: most flags point at innocent people.
    assert precision < 0.5 and "more likely than not that they have done nothing wrong" in help_text


# --------------------------------------------------------------------------- the example answers

EXAMPLES = sorted((ROOT / "examples" / "met-officer-monitoring").glob("*.yaml"))


@pytest.mark.parametrize("path", EXAMPLES, ids=lambda p: p.name)
def test_example_answers_to_these_frameworks_quote_their_evidence_once(path: Path) -> None:
    """A documented answer quotes the passage it rests on; no evidence line is pasted onto several answers."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    seen: dict[str, str] = {}
    for fid in NEW:
        answers = data["answers"][fid]
        assert answers, f"{path.name} answers {fid}"
        for qid, answer in answers.items():
            evidence = answer["evidence"]
            for line in evidence:
                assert line not in seen, f"{fid}.{qid} repeats the evidence of {seen[line]}"
                seen[line] = f"{fid}.{qid}"
            if answer.get("confidence") in ("documented", "independently verified"):
                assert any('"' in line for line in evidence), f"{fid}.{qid}: quotes the passage it rests on"
