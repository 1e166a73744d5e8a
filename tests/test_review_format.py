"""The assessment file's `review:` and `comments:` keys: written by storage, read back by the same safe reader
every assessment goes through, and nothing lost, whatever the text holds; and never part of the answers' hash.

The workspace's own round trip (export, import, export) is in tests/test_web_review.py."""

from __future__ import annotations

import datetime as dt
from typing import Any

import jsonschema
from hypothesis import given, settings
from hypothesis import strategies as st

from assess.fingerprint import answers_sha256
from assess.loading import FrameworkLibrary, assessment_from_document
from assess.model import Assessment, ChallengeStatus, ReviewState
from assess.schemas import json_schema
from assess.storage import dump_assessment
from assess.yamlsource import parse_document

# Awkward on purpose: bidi overrides and marks, zero-width characters, right-to-left scripts, astral
# characters, quotes and YAML's own punctuation, new lines and leading or trailing spaces.
AWKWARD = list("\u202e\u202d\u2066\u2069\u200f\u200e\u200b\ufeff\u05d0\u0627\U0001f600\"'#:-|>&*!%@`\n\t ")
TEXT_CHARS = st.one_of(
    st.sampled_from(AWKWARD),
    # Any printable character: YAML cannot hold the C0/C1 controls (other than tab and new line) or surrogates.
    st.characters(exclude_categories=("Cs", "Cc")),
)
TEXT = st.text(TEXT_CHARS, min_size=1, max_size=60)
NAMES = st.from_regex(r"[a-z0-9][a-z0-9._-]{1,20}", fullmatch=True)
IDS = st.sampled_from(["staff_association", "duty_identified", "q1"])
TIMES = st.datetimes(min_value=dt.datetime(1990, 1, 1), max_value=dt.datetime(2100, 1, 1),
                     timezones=st.sampled_from([dt.UTC, dt.timezone(dt.timedelta(hours=5, minutes=30)),
                                                dt.timezone(-dt.timedelta(hours=8))]))


@st.composite
def steps(draw: Any) -> dict[str, Any]:
    step: dict[str, Any] = {"from": draw(st.sampled_from(list(ReviewState))).value,
                            "to": draw(st.sampled_from(list(ReviewState))).value,
                            "by": draw(NAMES), "at": draw(TIMES)}
    reason = draw(st.one_of(st.none(), st.just(""), TEXT))  # a step's reason may be empty, or absent
    if reason is not None:
        step["reason"] = reason
    return step


@st.composite
def challenges(draw: Any) -> dict[str, Any]:
    status = draw(st.sampled_from(list(ChallengeStatus)))
    made: dict[str, Any] = {"framework": "consultation", "question": draw(IDS), "reason": draw(TEXT),
                            "by": draw(NAMES), "at": draw(TIMES), "status": status.value}
    if status is not ChallengeStatus.open:
        made |= {"closed_by": draw(NAMES), "closed_at": draw(TIMES)}
    return made


@st.composite
def threads(draw: Any) -> dict[str, Any]:
    posts = draw(st.lists(st.fixed_dictionaries({"by": NAMES, "at": TIMES, "text": TEXT}), min_size=1, max_size=3))
    thread: dict[str, Any] = {"framework": "consultation", "question": draw(IDS), "posts": posts}
    if draw(st.booleans()):
        thread |= {"resolved": True, "resolved_by": draw(NAMES), "resolved_at": draw(TIMES)}
    return thread


def base(**extra: Any) -> Assessment:
    return Assessment.model_validate({
        "schema": "assess/assessment@1", "title": "Officer-monitoring pilot",
        "subject": {"organisation": "A police force", "system": "Workforce analytics"},
        "frameworks": {"consultation": {"version": "2.0.0"}},
        "answers": {"consultation": {"staff_association": {"answer": "not_told"}}},
        **extra,
    })


@settings(max_examples=80, deadline=None)
@given(review_steps=st.lists(steps(), max_size=4), made=st.lists(challenges(), max_size=3),
       discussed=st.lists(threads(), max_size=3), state=st.sampled_from(list(ReviewState)))
def test_review_and_comments_survive_the_file_unchanged(
    review_steps: list[dict[str, Any]], made: list[dict[str, Any]], discussed: list[dict[str, Any]],
    state: ReviewState,
) -> None:
    original = base(review={"state": state.value, "steps": review_steps, "challenges": made}, comments=discussed)
    text = dump_assessment(original)
    back, _ = assessment_from_document(parse_document(text.encode("utf-8"), "a.yaml"), FrameworkLibrary())
    assert back == original
    assert dump_assessment(back) == text
    jsonschema.validate(back.model_dump(mode="json", by_alias=True, exclude_none=True), json_schema("assessment"))
    # Discussing or approving answers does not change them.
    assert answers_sha256(back) == answers_sha256(base())


def test_an_old_file_without_the_keys_loads_as_it_did() -> None:
    plain = base()
    assert plain.review is None and plain.comments == []
    text = dump_assessment(plain)
    assert "review" not in text and "comments" not in text
