"""The save path: one save scores the assessment once, from a cache keyed by the assessment's content,
and its reply (the JSON API's as well as the htmx fragment) carries the standing after the change."""

from __future__ import annotations

import datetime as dt
import random
import threading
from pathlib import Path

from fastapi import FastAPI
from sqlalchemy import text

from assess.assessments import Metadata, new_assessment
from assess.loading import _LOADED, FrameworkLibrary
from assess.model import Answer, Assessment, Framework
from assess.result import QuestionStatus
from assess.scoring import score
from assess.web.db import make_engine
from assess.web.scorecache import SCORES, CachedQuestionnaire, FrameworkScores, content_key
from tests.web_support import Person

FRAMEWORKS = ["article8-privacy", "consultation"]


def an_assessment(library: FrameworkLibrary) -> tuple[Assessment, dict[str, Framework]]:
    frameworks = library.load_many(FRAMEWORKS)
    meta = Metadata(title="Pilot", organisation="A police force", system="Workforce analytics")
    return new_assessment(meta, frameworks, today=dt.date(2026, 1, 1)), frameworks


def test_a_cached_score_is_the_engines_score_of_the_same_content() -> None:
    library = FrameworkLibrary()
    assessment, frameworks = an_assessment(library)
    first = CachedQuestionnaire(assessment, frameworks)
    staff = next(i for i, s in enumerate(first.slots) if s.question.id == "staff_association_no_duty")
    first.set_answer(staff, Answer(answer="dont_know", note="asked nobody"))
    after = first.result()
    assert after == score(frameworks, first.assessment(), "en")
    # The same answers, given in another order, are the same content: the score is not computed again.
    again = CachedQuestionnaire(first.assessment(), frameworks)
    assert again.result() is after
    # A different note is different content (notes are in the result): a fresh score.
    other = CachedQuestionnaire(assessment, frameworks)
    other.set_answer(staff, Answer(answer="dont_know", note="asked the chair"))
    assert other.result() is not after and other.result() == score(frameworks, other.assessment(), "en")


def test_a_replaced_framework_is_never_scored_from_the_cache() -> None:
    assessment, frameworks = an_assessment(FrameworkLibrary())
    kept = CachedQuestionnaire(assessment, frameworks).result()
    _LOADED.clear()  # loading keeps frameworks by content; an upload's are other objects, as these are then
    reloaded = FrameworkLibrary().load_many(FRAMEWORKS)  # equal content, other objects: an upload replaced them
    assert all(reloaded[fid] is not frameworks[fid] for fid in reloaded)
    assert SCORES.get(content_key(assessment, "en"), reloaded) is None
    assert CachedQuestionnaire(assessment, reloaded).result() is not kept


def test_scores_built_from_kept_framework_parts_are_the_engines_scores() -> None:
    """Saves one after another, each scored from the framework parts kept from the scores before it, as the
    server does: every result is the one the engine computes from scratch."""
    library = FrameworkLibrary()
    frameworks = library.load_many(["consultation", "data-protection", "equality", "human-oversight"])
    meta = Metadata(title="Pilot", organisation="A police force", system="Workforce analytics")
    assessment = new_assessment(meta, frameworks, today=dt.date(2026, 1, 1))
    rng = random.Random(7)
    for step in range(40):
        questionnaire = CachedQuestionnaire(assessment, frameworks)
        slot = rng.choice(questionnaire.slots)
        value = rng.choice([o.value for o in slot.question.options] + ["dont_know"])
        questionnaire.set_answer(slot.index, Answer(answer=value, note=f"step {step}"))
        assessment = questionnaire.assessment()
        assert questionnaire.result() == score(frameworks, assessment, "en"), step
    assert sum(len(given) for given in assessment.answers.values()) > 10


def test_a_kept_framework_part_is_not_used_when_an_answer_it_reads_elsewhere_changed(
    mini_and_follow_dir: Path,
) -> None:
    """A condition may read another framework's answers: a change there is a change to this part too."""
    frameworks = FrameworkLibrary(dirs=[mini_and_follow_dir], include_builtin=False).load_many(["mini", "follow"])
    meta = Metadata(title="Pilot", organisation="A police force", system="Workforce analytics")
    assessment = new_assessment(meta, frameworks, today=dt.date(2026, 1, 1))
    memo = FrameworkScores()
    for consulted, status in (("no", QuestionStatus.unanswered), ("yes", QuestionStatus.hidden),
                              ("no", QuestionStatus.unanswered)):
        given = assessment.model_copy(update={"answers": {"mini": {"consulted": Answer(answer=consulted)}}})
        kept = score(frameworks, given, "en", memo=memo)
        assert kept.frameworks[1].questions[0].status is status
        assert kept == score(frameworks, given, "en")


def test_the_api_reply_carries_the_standing_after_the_save(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["consultation"])
    before = alice.client.get(f"/api/assessments/{ref}").json()["result"]
    put = alice.client.put(
        f"/api/assessments/{ref}/answers/consultation/staff_association_no_duty",
        json={"answer": {"answer": "dont_know"}, "base_revision": 0},
        headers={"X-CSRF-Token": alice.token},
    )
    assert put.status_code == 200, put.text
    standing = put.json()["standing"]
    after = alice.client.get(f"/api/assessments/{ref}").json()["result"]
    answered = sum(1 for fw in after["frameworks"] for q in fw["questions"] if q["status"] in ("answered", "dont_know"))
    visible = sum(1 for fw in after["frameworks"] for q in fw["questions"] if q["status"] != "hidden")
    assert standing == {"answered": answered, "visible": visible, "verdict": after["verdict"],
                        "complete": after["complete"]}
    assert standing["answered"] == 1 and before["frameworks"] != after["frameworks"]


def test_the_htmx_reply_shows_the_state_the_save_left(app: FastAPI, alice: Person) -> None:
    ref = alice.start(["mini"])
    section = "/s/mini/aim"
    alice.page(f"/a/{ref}{section}")
    first = alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "specific", "revision": "0"}, htmx=True)
    assert first.status_code == 200 and "<strong>1 of" in first.text
    second = alice.post(f"/a/{ref}/answer/mini/link", {"answer": "validated", "revision": "0"}, htmx=True)
    assert "<strong>2 of" in second.text
    # A change that hides an answered question: the reply counts one answer fewer, as a reload would.
    third = alice.post(f"/a/{ref}/answer/mini/objective", {"answer": "none", "revision": "1"}, htmx=True)
    assert "hides 1 question answered before" in third.text and "<strong>1 of" in third.text
    assert "<strong>1 of" in alice.page(f"/a/{ref}{section}")


def test_a_sqlite_writer_lets_the_next_one_in_as_soon_as_it_commits(tmp_path: Path) -> None:
    """Writers in one process queue for SQLite's single write lock; the queue moves at each commit,
    even while the connection that committed is still held (as a request holds it until it ends)."""
    engine = make_engine(f"sqlite+pysqlite:///{tmp_path / 'w.db'}")
    try:
        with engine.begin() as setup:
            setup.execute(text("CREATE TABLE t (x INTEGER)"))
        first = engine.connect()
        first.execute(text("INSERT INTO t VALUES (1)"))
        first.commit()
        finished = threading.Event()

        def second_writer() -> None:
            with engine.begin() as second:
                second.execute(text("INSERT INTO t VALUES (2)"))
            finished.set()

        writer = threading.Thread(target=second_writer)
        writer.start()
        assert finished.wait(10), "the second writer waited on a write that had committed"
        writer.join()
        first.close()
        with engine.connect() as check:
            assert check.execute(text("SELECT count(*) FROM t")).scalar() == 2
    finally:
        engine.dispose()


def test_kept_framework_parts_stay_within_their_bound_however_many_framework_objects_pass(
    mini_and_follow_dir: Path,
) -> None:
    """Each framework object seen is remembered with what its conditions read: a server that loads
    frameworks afresh (an organisation's upload, a new language) must not keep every one forever."""
    frameworks = FrameworkLibrary(dirs=[mini_and_follow_dir], include_builtin=False).load_many(["mini", "follow"])
    meta = Metadata(title="Pilot", organisation="A police force", system="Workforce analytics")
    assessment = new_assessment(meta, frameworks, today=dt.date(2026, 1, 1))
    memo = FrameworkScores(size=3)
    copies = [frameworks["follow"].model_copy() for _ in range(10)]
    for copy in copies:
        expected = score({**frameworks, "follow": copy}, assessment, "en")
        assert score({**frameworks, "follow": copy}, assessment, "en", memo=memo) == expected
    assert len(memo._reads) <= 3 and len(memo._entries) <= 3
