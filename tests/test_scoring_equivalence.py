"""The engine gives exactly the Result the straightforward reference engine gives (tests/scoring_reference.py,
the engine as it was before it was made faster), for a few hundred seeded random assessments over the built-in
frameworks, the core fixture and a levels framework: the same JSON, byte for byte, and the same Python values
and types (repr shows 1 and 1.0, and an enum and its text, apart)."""

from __future__ import annotations

import random
from pathlib import Path
from typing import Any

import pytest

from assess.fingerprint import pin
from assess.loading import FrameworkLibrary, load_framework
from assess.model import DONT_KNOW, Assessment, Framework, Question, QuestionType
from assess.result import Result
from assess.scoring import score
from tests import scoring_reference
from tests.conftest import CORE_FIXTURES
from tests.test_aia_format import FRAMEWORK as LEVELS_FRAMEWORK

SEED = 20261201
COUNT = 240
HASH = "ab" * 32


@pytest.fixture(scope="module")
def libraries(tmp_path_factory: pytest.TempPathFactory) -> list[dict[str, Framework]]:
    """The built-in frameworks and the core fixture, with one of three variants of a levels framework."""
    builtin = FrameworkLibrary()
    found = dict(builtin.load_many(builtin.ids()))
    found["mini"] = FrameworkLibrary(dirs=[CORE_FIXTURES / "frameworks"], include_builtin=False).load("mini")
    variants = []
    for maximum, rounding, lang in (("all", "half-up", "en"), ("shown", "half-even", "fr"), ("7", "none", "en")):
        path: Path = tmp_path_factory.mktemp(f"levels-{maximum}") / "tally.yaml"
        path.write_text(LEVELS_FRAMEWORK % {"maximum": maximum, "rounding": rounding}, encoding="utf-8")
        variants.append(found | {"tally": load_framework(path, lang=lang)})
    return variants


def random_value(question: Question, rng: random.Random) -> Any:
    if question.type is QuestionType.multi:
        plain = [o.value for o in question.options if not o.exclusive]
        exclusive = [o.value for o in question.options if o.exclusive]
        if exclusive and rng.random() < 0.2:
            return [rng.choice(exclusive)]
        return rng.sample(plain, rng.randint(0 if rng.random() < 0.05 else 1, len(plain)))
    if question.type is QuestionType.scale:
        assert question.scale is not None
        return rng.randint(question.scale.min, question.scale.max)
    if question.type is QuestionType.number:
        return rng.choice([rng.randint(0, 50_000), rng.uniform(0, 100)])
    if question.type is QuestionType.date:
        return "2026-02-01"
    if question.type is QuestionType.text:
        return rng.choice(["free text", "", "ça va"])
    return rng.choice(question.options).value


def random_answer(question: Question, rng: random.Random) -> dict[str, Any] | None:
    roll = rng.random()
    if roll < 0.06:
        return None
    if roll < 0.10 and (question.may_be_not_applicable or roll < 0.07):  # the second: a claim not allowed
        return {"not_applicable": rng.choice(["Not used here.", "   "])}
    entry: dict[str, Any] = {"answer": DONT_KNOW if question.scored and roll < 0.18 else random_value(question, rng)}
    if rng.random() < 0.5:
        entry["evidence"] = rng.sample(["report", "minutes", "DPIA v2"], rng.randint(1, 2))
    if rng.random() < 0.2:
        entry["note"] = "checked with the data protection officer"
    elif rng.random() < 0.03:  # too long for scoring to keep its result (scoring_tables.MAX_KEPT_TEXT)
        entry["note"] = "long " * 120
    if rng.random() < 0.3:
        entry["confidence"] = rng.choice(["asserted", "documented", "independently verified"])
    if rng.random() < 0.1:
        entry["files"] = [{"sha256": f"{rng.getrandbits(256):064x}", "name": "policy.pdf",
                           "media_type": "application/pdf", "size": 1234}]
    return entry


def random_pin(framework: Framework, rng: random.Random) -> dict[str, Any]:
    pinned = pin(framework).model_dump(mode="json")
    roll = rng.random()
    if roll < 0.08:  # answered against another version, with per-question fingerprints
        pinned["sha256"] = HASH
        ids = list(pinned["questions"])
        pinned["questions"].pop(ids[0])
        pinned["questions"][ids[-1]] = "0" * 12
        pinned["questions"]["retired_question"] = "1" * 12
    elif roll < 0.12:  # another version, without them
        pinned["sha256"] = HASH
        pinned["questions"] = {}
    return pinned


def random_assessment(frameworks: dict[str, Framework], rng: random.Random) -> Assessment:
    chosen = rng.sample(sorted(frameworks), rng.randint(1, len(frameworks)))
    answers: dict[str, dict[str, Any]] = {}
    for fid in chosen:
        given = {q.id: a for q in frameworks[fid].questions() if (a := random_answer(q, rng)) is not None}
        if rng.random() < 0.1:
            given["retired_question"] = {"answer": "yes"}
        answers[fid] = given
    return Assessment.model_validate({
        "schema": "assess/assessment@1", "title": "Generated", "subject": {"organisation": "O", "system": "S"},
        "frameworks": {fid: random_pin(frameworks[fid], rng) for fid in chosen}, "answers": answers,
    })


def same(actual: Result, expected: Result) -> None:
    assert actual.model_dump_json(by_alias=True) == expected.model_dump_json(by_alias=True)
    assert repr(actual) == repr(expected)
    assert actual.model_dump_json(exclude_unset=True) == expected.model_dump_json(exclude_unset=True)


def test_generated_assessments_score_as_the_reference_engine_does(libraries: list[dict[str, Framework]]) -> None:
    rng = random.Random(SEED)
    verdicts, statuses = set(), set()
    for i in range(COUNT):
        frameworks = libraries[i % len(libraries)]
        assessment = random_assessment(frameworks, rng)
        lang = "fr" if i % 5 == 0 else None
        result = score(frameworks, assessment, lang)
        same(result, scoring_reference.score(frameworks, assessment, lang))
        verdicts.add(result.verdict)
        statuses |= {q.status for fw in result.frameworks for q in fw.questions}
    # The generated set reaches every verdict and every status, so each path of the engine was compared.
    assert len(verdicts) == 4
    assert len(statuses) == 5


def test_a_framework_part_kept_by_a_memo_gives_the_same_result(libraries: list[dict[str, Framework]]) -> None:
    frameworks = libraries[0]
    kept: dict[tuple[int, str], Any] = {}

    def memo(framework: Framework, answers: Any, namespaces: Any, lang: str, compute: Any) -> Any:
        key = (id(framework), repr(sorted(answers.items())) + repr(sorted(namespaces.items())) + lang)
        if key not in kept:
            kept[key] = compute()
        return kept[key]

    rng = random.Random(SEED + 1)
    for _ in range(20):
        assessment = random_assessment(frameworks, rng)
        expected = scoring_reference.score(frameworks, assessment)
        same(score(frameworks, assessment, memo=memo), expected)
        same(score(frameworks, assessment, memo=memo), expected)  # the second time from the memo
