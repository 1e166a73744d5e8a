"""The render context: what the templates read, built from the assessment, frameworks and result.

Everything here is plain data with the report's numbering and cross-references worked
out once, so that templates (which a user may override) need no logic beyond loops.
No text is escaped here: the templates' autoescaping does that, and Markdown escapes its own.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from dataclasses import dataclass, field
from typing import Any

from assess.model import Answer, Assessment, Framework, FrameworkPin, Question, Reference
from assess.report.brand import Brand
from assess.report.chart import Chart, assurance_chart
from assess.report.templating import long_date, points
from assess.result import (
    Action,
    EvidenceGap,
    FrameworkResult,
    Gate,
    QuestionResult,
    QuestionStatus,
    Rating,
    Result,
    SectionResult,
)

STATUS_LABELS = {
    QuestionStatus.answered: "Answered",
    QuestionStatus.dont_know: "Don't know",
    QuestionStatus.unanswered: "Not answered",
    QuestionStatus.hidden: "Not applicable",
}
GAP_REASONS = {
    "dont_know": "Answered \u201cDon't know\u201d",
    "critical_without_evidence": "Critical question answered without evidence",
    "critical_unanswered": "Critical question not answered",
}
PRIORITY_LABELS = {"gate": "Gate", "high": "High", "medium": "Medium", "low": "Low"}
SHORT_CITE = 70  # characters before a citation is shortened in the per-question source lines


def rating_word(rating: Rating) -> str:
    return rating.value.capitalize()


def web_url(url: str | None) -> str | None:
    """A link target only for web addresses; anything else stays plain text."""
    if url and url.strip().lower().startswith(("https://", "http://")) and not any(c.isspace() for c in url.strip()):
        return url.strip()
    return None


def short_cite(cite: str) -> str:
    text = " ".join(cite.split())
    if len(text) <= SHORT_CITE:
        return text
    head = text.split(", ")[0]
    if len(head) <= SHORT_CITE:
        return head
    return text[: SHORT_CITE - 1].rstrip() + "\u2026"


@dataclass(frozen=True)
class RefView:
    number: int
    key: str
    cite: str
    short: str
    url: str | None
    note: str | None
    uncertain: bool

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"


@dataclass(frozen=True)
class EvidenceItem:
    text: str
    url: str | None


@dataclass(frozen=True)
class QuestionView:
    number: str
    anchor: str
    result: QuestionResult
    question: Question
    status_label: str
    answer_text: str
    score_text: str
    confidence: str | None
    note: str | None
    evidence: list[EvidenceItem]
    refs: list[RefView]
    gates: list[Gate]
    gap: str | None
    not_applicable: str | None  # why a hidden question is not counted

    @property
    def hidden(self) -> bool:
        return self.result.status is QuestionStatus.hidden


@dataclass(frozen=True)
class SectionView:
    number: str
    section_title: str
    intro: str | None
    result: SectionResult
    questions: list[QuestionView]


@dataclass(frozen=True)
class FrameworkView:
    number: int
    anchor: str
    framework: Framework
    result: FrameworkResult
    pin: FrameworkPin | None
    hash_status: str
    rating: str
    sections: list[SectionView]
    references: list[RefView]
    sources: list[RefView]  # what the framework as a whole rests on


@dataclass(frozen=True)
class ActionView:
    action: Action
    priority: str
    framework_title: str
    question_number: str
    anchor: str


@dataclass(frozen=True)
class GapView:
    gap: EvidenceGap
    reason: str
    framework_title: str
    question_number: str
    anchor: str


@dataclass(frozen=True)
class GateView:
    gate: Gate
    framework_title: str
    question_number: str
    anchor: str


@dataclass(frozen=True)
class Chapter:
    anchor: str
    number: str  # "1", "2", ... and "A" for the appendix
    title: str

    @property
    def label(self) -> str:
        return f"{self.number}. {self.title}" if self.number.isdigit() else f"Appendix {self.number}: {self.title}"


@dataclass(frozen=True)
class ReportContext:
    assessment: Assessment
    result: Result
    brand: Brand
    organisation: str
    title: str
    date: str
    verdict: str
    draft: bool
    unanswered: int
    frameworks: list[FrameworkView]
    chart: Chart
    gates: list[GateView]
    actions: list[ActionView]
    top_actions: list[ActionView]
    gaps: list[GapView]
    chapters: list[Chapter]
    description: str
    author: str
    generated: str  # ISO timestamp for the PDF's metadata only
    extra: dict[str, Any] = field(default_factory=dict)

    def chapter(self, anchor: str) -> Chapter:
        return next(c for c in self.chapters if c.anchor == anchor)

    def as_dict(self) -> dict[str, Any]:
        return {"report": self, "result": self.result, "assessment": self.assessment, "brand": self.brand,
                **self.extra}


def build_context(
    assessment: Assessment, frameworks: Mapping[str, Framework], result: Result, brand: Brand,
    generated: dt.datetime,
) -> ReportContext:
    views: list[FrameworkView] = []
    next_ref = 1
    for index, fr in enumerate(result.frameworks, start=2):  # chapter 1 is the summary
        framework = frameworks[fr.id]
        refs = {}
        for key, reference in framework.references.items():
            refs[key] = _ref_view(next_ref, key, reference)
            next_ref += 1
        views.append(_framework_view(index, framework, fr, assessment, refs))
    questions = {(v.framework.id, q.result.id): q for v in views for s in v.sections for q in s.questions}
    titles = {v.framework.id: v.framework.title for v in views}

    def locate(fid: str, qid: str) -> tuple[str, str]:
        view = questions.get((fid, qid))
        return (view.number, view.anchor) if view else ("", "")

    actions = [ActionView(a, PRIORITY_LABELS.get(a.priority, a.priority.capitalize()),
                          titles.get(a.framework, a.framework), *locate(a.framework, a.question))
               for a in result.actions]
    gaps = [GapView(g, GAP_REASONS.get(g.reason, g.reason), titles.get(g.framework, g.framework),
                    *locate(g.framework, g.question)) for g in result.evidence_gaps]
    gates = [GateView(g, titles.get(g.framework, g.framework), *locate(g.framework, g.question)) for g in result.gates]
    unanswered = sum(len(f.unanswered) for f in result.frameworks)
    chapters = [Chapter("summary", "1", "Executive summary")]
    chapters += [Chapter(v.anchor, str(v.number), v.framework.title) for v in views]
    after = len(views) + 2
    chapters += [Chapter("actions", str(after), "Action plan"), Chapter("gaps", str(after + 1), "Evidence gaps"),
                 Chapter("references", str(after + 2), "References"), Chapter("sign-off", str(after + 3), "Sign-off"),
                 Chapter("method", "A", "Method and provenance")]
    organisation = brand.organisation or assessment.subject.organisation
    respondent = assessment.respondent
    author = ", ".join(p for p in (respondent.name, respondent.role) if p) or organisation
    return ReportContext(
        assessment=assessment, result=result, brand=brand, organisation=organisation, title=assessment.title,
        date=long_date(assessment.date), verdict=result.verdict.value, draft=not result.complete,
        unanswered=unanswered, frameworks=views, chart=assurance_chart(result, frameworks), gates=gates,
        actions=actions, top_actions=actions[: brand.top_actions], gaps=gaps, chapters=chapters,
        description=f"{brand.report_kind} of {assessment.subject.system} ({assessment.subject.organisation}): "
                    f"{result.verdict.value}",
        author=author, generated=generated.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def _ref_view(number: int, key: str, reference: Reference) -> RefView:
    return RefView(number=number, key=key, cite=reference.cite, short=short_cite(reference.cite),
                   url=web_url(reference.url), note=reference.note, uncertain=reference.uncertain)


def _framework_view(
    number: int, framework: Framework, fr: FrameworkResult, assessment: Assessment, refs: dict[str, RefView],
) -> FrameworkView:
    answers = assessment.answers.get(framework.id, {})
    by_id = {q.id: q for q in fr.questions}
    section_results = {s.id: s for s in fr.sections}
    gates_by_question: dict[str, list[Gate]] = {}
    for gate in fr.gates:
        gates_by_question.setdefault(gate.question, []).append(gate)
    gaps = {g.question: GAP_REASONS.get(g.reason, g.reason) for g in fr.evidence_gaps}
    sections: list[SectionView] = []
    for s_index, section in enumerate(framework.sections, start=1):
        questions: list[QuestionView] = []
        for q_index, question in enumerate(section.questions, start=1):
            q_result = by_id[question.id]
            questions.append(_question_view(f"{number}.{s_index}.{q_index}", framework.id, question, q_result,
                                             answers.get(question.id), refs, gates_by_question.get(question.id, []),
                                             gaps.get(question.id)))
        sections.append(SectionView(number=f"{number}.{s_index}", section_title=section.title, intro=section.intro,
                                    result=section_results[section.id], questions=questions))
    pin = assessment.frameworks.get(framework.id)
    if fr.drift is not None:
        hash_status = "changed since the answers were given: " + fr.drift.describe()
    elif pin is None or pin.sha256 is None:
        hash_status = "not recorded with the answers, so a change to the framework would go unnoticed"
    else:
        hash_status = "matches the hash recorded with the answers"
    return FrameworkView(
        number=number, anchor=f"fw-{number}", framework=framework, result=fr, pin=pin, hash_status=hash_status,
        rating=rating_word(fr.rating), sections=sections, references=list(refs.values()),
        sources=[refs[k] for k in framework.sources if k in refs],
    )


def _question_view(
    number: str, framework_id: str, question: Question, q: QuestionResult, answer: Answer | None,
    refs: dict[str, RefView], gates: list[Gate], gap: str | None,
) -> QuestionView:
    hidden = q.status is QuestionStatus.hidden
    not_applicable = None
    if hidden:
        not_applicable = (f"Not applicable: this question is asked only when {question.when}. On the answers "
                          "given, that condition does not hold, so the question counts in neither the score nor "
                          "its maximum.")
        if q.ignored_answer:
            not_applicable += " An answer was recorded for it but is not counted."
    if hidden:
        answer_text = "Not applicable"
    elif q.status is QuestionStatus.unanswered:
        answer_text = "Not answered"
    else:
        answer_text = q.answer_label or ""
    if hidden:
        score_text = "Not counted"
    elif not q.scored:
        score_text = "Not scored"
    else:
        score_text = f"{points(q.points)} of {points(q.max_points)}"
    source = answer if (answer is not None and not hidden) else None
    evidence = [EvidenceItem(text=e, url=web_url(e)) for e in (source.evidence if source else [])]
    return QuestionView(
        number=number, anchor=f"q-{framework_id}-{q.id}", result=q, question=question,
        status_label=STATUS_LABELS[q.status], answer_text=answer_text, score_text=score_text,
        confidence=source.confidence.value.capitalize() if source and source.confidence else None,
        note=source.note if source else None, evidence=evidence,
        refs=[refs[r] for r in question.refs if r in refs], gates=gates, gap=gap, not_applicable=not_applicable,
    )
