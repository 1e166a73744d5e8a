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

from assess.evidence_files import kind_name, safe_name, short_hash, size_label
from assess.findings import finding_heading, findings_of
from assess.i18n import ENGLISH, Translator, language
from assess.labels import perspective_label
from assess.model import Answer, Assessment, Framework, FrameworkPin, Question, QuestionType, Reference, Rounding
from assess.numbering import question_numbers
from assess.rendering.brand import Brand
from assess.rendering.chapters import Chapter
from assess.rendering.links import web_url
from assess.rendering.plain import short_cite
from assess.report.chart import Chart, LevelChart, assurance_chart, level_chart
from assess.report.signoffs import SignOffView, sign_off_views
from assess.result import (
    Action,
    EvidenceGap,
    Finding,
    FrameworkResult,
    Gate,
    LevelResult,
    NotApplicable,
    QuestionResult,
    QuestionStatus,
    Rating,
    Result,
    SectionResult,
    TallyResult,
)

STATUS_LABELS = {
    QuestionStatus.answered: "Answered",
    QuestionStatus.dont_know: "Don't know",
    QuestionStatus.unanswered: "Not answered",
    QuestionStatus.hidden: "Not applicable",
    QuestionStatus.not_applicable: "Not applicable",
}
GAP_REASONS = {
    "dont_know": "Answered \u201cDon't know\u201d",
    "critical_without_evidence": "Critical question answered without evidence",
    "critical_unanswered": "Critical question not answered",
}
NOT_APPLICABLE_HEADING = "Answered \u201cnot applicable\u201d"
NOT_APPLICABLE_INTRO = ("The respondent says these questions do not apply to this deployment. They count in neither "
                        "the score nor its maximum, so each reason given should be checked.")
TOOL_ANSWERS = ("Don't know", "None chosen")  # answer labels the engine writes, not the framework
PLAN_STATUS_WORDS = {"open": "Open", "in progress": "In progress", "done": "Done", "dropped": "Dropped"}
PRIORITY_LABELS = {"gate": "Gate", "high": "High", "medium": "Medium", "low": "Low"}


ROUNDING_WORDS = {Rounding.half_up.value: "rounded half up", Rounding.half_even.value: "rounded half to even"}


def rating_word(rating: Rating, tr: Translator = ENGLISH) -> str:
    return tr(rating.value.capitalize())


def source_key(reference: Reference) -> str:
    """What makes two frameworks' references one source: the same web address, else the same citation."""
    return web_url(reference.url) or " ".join(reference.cite.split()).casefold()


def perspective_words(perspective: str | None, tr: Translator = ENGLISH) -> str:
    """The cover says whose assessment this is, in the words every output uses (assess/labels.py)."""
    return perspective_label(perspective, tr) or ""


@dataclass(frozen=True)
class SourceUse:
    """One framework's reliance on a source: which of its questions cite it and what for."""

    framework_title: str
    framework_anchor: str
    questions: list[tuple[str, str]]  # (number, anchor)
    note: str | None


@dataclass(frozen=True)
class SourceView:
    """One entry of the deduplicated references list."""

    number: int
    cite: str
    url: str | None
    uncertain: bool
    uses: list[SourceUse]

    @property
    def anchor(self) -> str:
        return f"ref-{self.number}"


@dataclass(frozen=True)
class RefView:
    number: int  # the source's number in the deduplicated references list
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
class FileItem:
    """An evidence file attached to an answer, as the report lists it (its bytes are attached to the PDF)."""

    name: str  # sanitised: no control, bidi or separator characters
    kind: str
    size: str
    short_hash: str
    sha256: str


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
    best_text: str | None = None  # what a full-marks answer would have been, where this one fell short
    files: list[FileItem] = field(default_factory=list)  # evidence files attached to the answer
    reason_not_applicable: str | None = None  # the respondent's reason, where they answered "not applicable"

    @property
    def hidden(self) -> bool:
        return self.result.status is QuestionStatus.hidden

    @property
    def plain_dont_know(self) -> bool:
        """A 'Don't know' that raised no gate: one row of a table (its note and evidence go in the row)."""
        return self.result.status is QuestionStatus.dont_know and not self.gates


@dataclass(frozen=True)
class QuestionBlock:
    """A question shown on its own, or a run of plain 'Don't know' answers shown as one table."""

    questions: list[QuestionView]

    @property
    def dont_know_run(self) -> bool:
        return len(self.questions) > 1


@dataclass(frozen=True)
class SectionView:
    number: str
    section_title: str
    intro: str | None
    result: SectionResult
    questions: list[QuestionView]

    @property
    def blocks(self) -> list[QuestionBlock]:
        """Consecutive plain 'Don't know' answers (two or more) collapse into one table."""
        blocks: list[QuestionBlock] = []
        run: list[QuestionView] = []
        for q in [*self.questions, None]:
            if q is not None and q.plain_dont_know:
                run.append(q)
                continue
            if len(run) > 1:
                blocks.append(QuestionBlock(run))
            else:
                blocks.extend(QuestionBlock([r]) for r in run)
            run = []
            if q is not None:
                blocks.append(QuestionBlock([q]))
        return blocks


@dataclass(frozen=True)
class TextBlock:
    """A paragraph, or the lines of a list (the lines after a paragraph ending in a colon)."""

    lines: list[str]
    is_list: bool


@dataclass(frozen=True)
class RequirementView:
    title: str
    blocks: list[TextBlock]


@dataclass(frozen=True)
class TallyView:
    result: TallyResult
    text: str  # "9 of 20 points (45%)"


@dataclass(frozen=True)
class BoundView:
    """One level and the scores it covers, for the bounds table."""

    title: str
    rating: str
    lower: str  # "" for the first level
    upper: str  # "" for the last level
    current: bool


@dataclass(frozen=True)
class LevelView:
    """A framework scored by levels: where it lands and what that level requires."""

    result: LevelResult
    heading: str  # "Level II (2 of 4)"
    summary: str | None
    rating: str  # the level's rating: "green" | "amber" | "red"
    base: TallyView  # the tally the level is read from, before adjustments
    adjustments: list[str]  # each adjustment, applied or not, in words
    score_text: str  # "17 of 34: Level II, above 8.5 and up to 17"
    others: list[TallyView]  # the other tallies
    bounds: list[BoundView]
    chart: LevelChart
    requirements: list[RequirementView]


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
    level: LevelView | None = None  # with scoring method "levels"


@dataclass(frozen=True)
class ActionView:
    action: Action
    priority: str
    framework_title: str
    question_number: str
    anchor: str
    answer: str = ""  # the answer given, in the report's language where it is the tool's own ("Don't know")
    owner: str = ""  # what the board agreed for the action (the assessment's `action_plan:`)
    due: str = ""
    status: str = ""


@dataclass(frozen=True)
class GapView:
    gap: EvidenceGap
    reason: str
    framework_title: str
    question_number: str
    anchor: str


@dataclass(frozen=True)
class OpenItemView:
    """An open challenge or an open comment thread, for the annex of what is still under discussion."""

    kind: str  # "Challenge" or "Comment", in the report's language
    framework_title: str
    question_number: str
    anchor: str
    ask: str
    by: str
    text: str  # the challenge's reason, or the thread's first message
    replies: int


@dataclass(frozen=True)
class NotApplicableView:
    """A question answered "not applicable", where the report can point to it."""

    entry: NotApplicable
    framework_title: str
    question_number: str
    anchor: str


@dataclass(frozen=True)
class GateView:
    gate: Gate
    framework_title: str
    question_number: str
    anchor: str
    ask: str = ""
    answer: str = ""


@dataclass(frozen=True)
class FindingView:
    """A finding as the brief lists it: one gate, or the gates that rest on one fact under a heading that names
    every framework that raised it ("One finding, raised in 2 frameworks: ...")."""

    finding: Finding
    gates: list[GateView]
    heading: str = ""  # empty for a finding of one gate, shown as the gate alone

    @property
    def stop(self) -> bool:
        return self.finding.stop


@dataclass(frozen=True)
class Basis:
    """What the ratings rest on: how much is missing information rather than a shown failure."""

    applicable: int  # questions that apply (shown) and are scored
    answered: int  # answered with an option, a value or text
    dont_know: int
    unanswered: int
    short_answers: int  # answered, and below full marks
    lost_to_dont_know: float  # points
    lost_to_answers: float
    sentence: str


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
    lang: str = "en"  # the language of the report's own words (assess/i18n.py)
    references: list[SourceView] = field(default_factory=list)  # one entry per source, across frameworks
    basis: Basis | None = None
    conditions: list[str] = field(default_factory=list)  # what stands between this verdict and a clean one
    made_by: str = ""  # who made the assessment, for the cover: "Police Federation · Staff association view"
    sign_offs: list[SignOffView] = field(default_factory=list)  # the decisions recorded (assess/report/signoffs.py)
    open_items: list[OpenItemView] = field(default_factory=list)  # open challenges and comment threads
    not_applicable: list[NotApplicableView] = field(default_factory=list)  # each with its reason, in the brief
    findings: list[FindingView] = field(default_factory=list)  # the gates grouped by the fact they rest on

    @property
    def shared_findings(self) -> bool:
        """Whether any finding was raised by more than one gate (the brief then says how it counts)."""
        return any(len(f.gates) > 1 for f in self.findings)

    @property
    def brief_chapters(self) -> list[Chapter]:
        return [c for c in self.chapters if not c.annex]

    @property
    def annexes(self) -> list[Chapter]:
        return [c for c in self.chapters if c.annex]

    def chapter(self, anchor: str) -> Chapter:
        return next(c for c in self.chapters if c.anchor == anchor)

    @property
    def levels(self) -> list[FrameworkView]:
        """The frameworks scored by levels, for the executive summary's level blocks."""
        return [v for v in self.frameworks if v.level is not None]

    @property
    def assurance_frameworks(self) -> list[FrameworkView]:
        """The frameworks rated by assurance bands (the chart and the thresholds table)."""
        return [v for v in self.frameworks if v.level is None]

    def as_dict(self) -> dict[str, Any]:
        return {"report": self, "result": self.result, "assessment": self.assessment, "brand": self.brand,
                **self.extra}


def build_context(
    assessment: Assessment, frameworks: Mapping[str, Framework], result: Result, brand: Brand,
    generated: dt.datetime,
) -> ReportContext:
    """The report's view. Its own words are in brand.lang's language (--lang sets it)."""
    tr = Translator(language(brand.lang))
    ordered = [frameworks[fr.id] for fr in result.frameworks]
    numbers = question_numbers(ordered)
    sources = _number_sources(ordered)
    views: list[FrameworkView] = []
    for index, fr in enumerate(result.frameworks, start=1):
        framework = frameworks[fr.id]
        refs = {key: _ref_view(sources[source_key(ref)][0], key, ref) for key, ref in framework.references.items()}
        views.append(_framework_view(index, framework, fr, assessment, refs, numbers, tr))
    questions = {(v.framework.id, q.result.id): q for v in views for s in v.sections for q in s.questions}
    titles = {v.framework.id: v.framework.title for v in views}

    def locate(fid: str, qid: str) -> tuple[str, str]:
        view = questions.get((fid, qid))
        return (view.number, view.anchor) if view else ("", "")

    plan = assessment.action_plan or {}
    actions = []
    for a in result.actions:
        entry = plan.get(a.framework, {}).get(a.question)
        actions.append(ActionView(
            a, tr(PRIORITY_LABELS.get(a.priority, a.priority.capitalize())), titles.get(a.framework, a.framework),
            *locate(a.framework, a.question),
            answer=tr(a.answer_label) if a.answer_label in TOOL_ANSWERS else a.answer_label,
            owner=(entry.owner or "") if entry else "", due=tr.date(entry.due) if entry and entry.due else "",
            status=tr(PLAN_STATUS_WORDS[entry.status.value]) if entry and entry.status else ""))
    gaps = [GapView(g, tr(GAP_REASONS.get(g.reason, g.reason)), titles.get(g.framework, g.framework),
                    *locate(g.framework, g.question)) for g in result.evidence_gaps]
    gates = []
    for g in result.gates:
        asked = questions.get((g.framework, g.question))
        gates.append(GateView(g, titles.get(g.framework, g.framework), *locate(g.framework, g.question),
                              ask=asked.question.ask if asked else "", answer=asked.answer_text if asked else ""))
    by_gate = {(v.gate.framework, v.gate.question, v.gate.option): v for v in gates}
    findings = [FindingView(f, [by_gate[(g.framework, g.question, g.option)] for g in f.gates],
                            finding_heading(f, titles, tr) if len(f.gates) > 1 else "")
                for f in findings_of(result)]
    not_applicable = [NotApplicableView(n, titles.get(n.framework, n.framework), *locate(n.framework, n.question))
                      for n in result.not_applicable]
    unanswered = sum(len(f.unanswered) for f in result.frameworks)
    lang = tr.lang
    chapters = [Chapter("summary", "", tr("Decision brief"), lang), Chapter("sign-off", "", tr("Sign-off"), lang)]
    chapters += [Chapter(v.anchor, str(v.number), v.framework.title, lang, annex=True) for v in views]
    after = len(views) + 1
    chapters += [Chapter("actions", str(after), tr("Action plan"), lang, annex=True),
                 Chapter("gaps", str(after + 1), tr("Evidence gaps"), lang, annex=True),
                 Chapter("references", str(after + 2), tr("References"), lang, annex=True),
                 Chapter("method", str(after + 3), tr("Method and provenance"), lang, annex=True)]
    open_items = _open_items(assessment, questions, titles, tr)
    if open_items:  # an annex of its own, last, so that the others keep their numbers
        chapters.append(Chapter("open-review", str(after + 4), tr("Open challenges and comments"), lang, annex=True))
    respondent = assessment.respondent
    made_by = " \u00b7 ".join(p for p in (respondent.organisation, perspective_words(respondent.perspective, tr)) if p)
    organisation = brand.organisation or made_by or assessment.subject.organisation
    author = ", ".join(p for p in (respondent.name, respondent.role) if p) or organisation
    verdict = tr(result.verdict.value)
    return ReportContext(
        assessment=assessment, result=result, brand=brand, organisation=organisation, title=assessment.title,
        date=tr.date(assessment.date), verdict=verdict, draft=not result.complete,
        unanswered=unanswered, frameworks=views, chart=assurance_chart(result, frameworks, tr), gates=gates,
        actions=actions, top_actions=actions[: brand.top_actions], gaps=gaps, chapters=chapters,
        description=tr("{kind} of {system} ({organisation}): {verdict}", kind=tr(brand.report_kind),
                       system=assessment.subject.system, organisation=assessment.subject.organisation,
                       verdict=verdict),
        author=author, generated=generated.strftime("%Y-%m-%dT%H:%M:%SZ"), lang=lang,
        references=_source_views(views, ordered, sources), basis=_basis(result, tr),
        conditions=_conditions(result, views, tr), made_by=made_by, open_items=open_items,
        sign_offs=sign_off_views(assessment, result, titles, locate, tr), not_applicable=not_applicable,
        findings=findings,
    )


def _open_items(assessment: Assessment, questions: Mapping[tuple[str, str], QuestionView],
                titles: Mapping[str, str], tr: Translator) -> list[OpenItemView]:
    """The review's open challenges and the open comment threads, in question order (the assessment file's
    `review:` and `comments:`)."""
    order = {key: index for index, key in enumerate(questions)}
    found: list[tuple[int, OpenItemView]] = []

    def add(fid: str, qid: str, kind: str, by: str, text: str, replies: int) -> None:
        view = questions.get((fid, qid))
        found.append((order.get((fid, qid), len(order)), OpenItemView(
            kind, titles.get(fid, fid), view.number if view else "", view.anchor if view else "",
            view.question.ask if view else f"{fid}.{qid}", by, text, replies)))

    if assessment.review is not None:
        for made in assessment.review.challenges:
            if made.status.value == "open":
                add(made.framework, made.question, tr("Challenge"), made.by, made.reason, 0)
    for thread in assessment.comments:
        if not thread.resolved:
            first = thread.posts[0]
            add(thread.framework, thread.question, tr("Comment"), first.by, first.text, len(thread.posts) - 1)
    return [item for _, item in sorted(found, key=lambda pair: pair[0])]


def _number_sources(frameworks: list[Framework]) -> dict[str, tuple[int, Reference]]:
    """Each distinct source, numbered in order of first appearance, with the first framework's reference to it."""
    numbered: dict[str, tuple[int, Reference]] = {}
    for framework in frameworks:
        for reference in framework.references.values():
            numbered.setdefault(source_key(reference), (len(numbered) + 1, reference))
    return numbered


def _source_views(views: list[FrameworkView], frameworks: list[Framework],
                  sources: dict[str, tuple[int, Reference]]) -> list[SourceView]:
    uses: dict[str, list[SourceUse]] = {key: [] for key in sources}
    cites: dict[str, list[Reference]] = {key: [] for key in sources}
    for view, framework in zip(views, frameworks, strict=True):
        for ref_key, reference in framework.references.items():
            key = source_key(reference)
            cites[key].append(reference)
            citing = [(q.number, q.anchor) for s in view.sections for q in s.questions if ref_key in q.question.refs]
            uses[key].append(SourceUse(view.framework.title, view.anchor, citing, reference.note))
    out: list[SourceView] = []
    for key, (number, first) in sources.items():
        # Where frameworks cite one source with different pinpoints, the list names the source itself:
        # the shortest citation, which the others extend.
        cite = min((" ".join(r.cite.split()) for r in cites[key]), key=len)
        out.append(SourceView(number=number, cite=cite, url=web_url(first.url),
                              uncertain=any(r.uncertain for r in cites[key]), uses=uses[key]))
    return out


def _basis(result: Result, tr: Translator) -> Basis:
    counts = {"answered": 0, "dont_know": 0, "unanswered": 0, "short": 0}
    lost_dk = lost_answers = 0.0
    for fr in result.frameworks:
        for q in fr.questions:
            if q.status in (QuestionStatus.hidden, QuestionStatus.not_applicable) or not q.scored:
                continue
            lost = max(0.0, q.max_points - q.points)
            if q.status is QuestionStatus.dont_know:
                counts["dont_know"] += 1
                lost_dk += lost
            elif q.status is QuestionStatus.unanswered:
                counts["unanswered"] += 1
            else:
                counts["answered"] += 1
                counts["short"] += lost > 0
                lost_answers += lost
    given = counts["answered"] + counts["dont_know"]
    weak = [fr.rating for fr in result.frameworks if fr.rating is not Rating.green]
    colour = tr("red") if Rating.red in weak else tr("amber")
    if not given:
        sentence = tr("No question has been answered yet.")
    elif counts["dont_know"] * 2 > given and weak:
        sentence = tr("{dk} of {n} answers are \u2018Don't know\u2019: the {colour} ratings mostly reflect missing "
                      "information, not a shown failure.", dk=counts["dont_know"], n=given, colour=colour)
    elif counts["dont_know"]:
        sentence = tr("{dk} of {n} answers are \u2018Don't know\u2019; {short} answers given fall short of full "
                      "marks.", dk=counts["dont_know"], n=given, short=counts["short"])
    else:
        sentence = tr("Every one of the {n} answers was given; {short} fall short of full marks.", n=given,
                      short=counts["short"])
    return Basis(applicable=given + counts["unanswered"], answered=counts["answered"], dont_know=counts["dont_know"],
                 unanswered=counts["unanswered"], short_answers=counts["short"],
                 lost_to_dont_know=round(lost_dk, 2), lost_to_answers=round(lost_answers, 2), sentence=sentence)


def _conditions(result: Result, views: list[FrameworkView], tr: Translator) -> list[str]:
    """What still stands open: amber ratings' reasons (the conditions of going ahead), critical questions
    without evidence, and questions not yet answered."""
    out: list[str] = []
    for view in views:
        fr = view.result
        if fr.rating is Rating.amber:
            out += [f"{view.framework.title}: {tr.sentence(reason)}" for reason in fr.rating_reasons]
        critical = [q.number for s in view.sections for q in s.questions
                    if q.result.critical and q.gap and q.result.status is not QuestionStatus.hidden]
        if critical:
            out.append(tr("{framework}: critical questions without evidence ({numbers})",
                          framework=view.framework.title, numbers=", ".join(critical)))
        if fr.unanswered:
            out.append(tr.plural(len(fr.unanswered), "{framework}: {n} question not yet answered",
                                 "{framework}: {n} questions not yet answered", framework=view.framework.title))
    return out


def _ref_view(number: int, key: str, reference: Reference) -> RefView:
    return RefView(number=number, key=key, cite=reference.cite, short=short_cite(reference),
                   url=web_url(reference.url), note=reference.note, uncertain=reference.uncertain)


def _framework_view(
    number: int, framework: Framework, fr: FrameworkResult, assessment: Assessment, refs: dict[str, RefView],
    numbers: dict[tuple[str, str], str], tr: Translator = ENGLISH,
) -> FrameworkView:
    answers = assessment.answers.get(framework.id, {})
    by_id = {q.id: q for q in fr.questions}
    section_results = {s.id: s for s in fr.sections}
    gates_by_question: dict[str, list[Gate]] = {}
    for gate in fr.gates:
        gates_by_question.setdefault(gate.question, []).append(gate)
    gaps = {g.question: tr(GAP_REASONS.get(g.reason, g.reason)) for g in fr.evidence_gaps}
    sections: list[SectionView] = []
    for s_index, section in enumerate(framework.sections, start=1):
        questions: list[QuestionView] = []
        for question in section.questions:
            q_result = by_id[question.id]
            questions.append(_question_view(numbers[(framework.id, question.id)], framework.id, question, q_result,
                                             answers.get(question.id), refs, gates_by_question.get(question.id, []),
                                             gaps.get(question.id), tr))
        sections.append(SectionView(number=f"{number}.{s_index}", section_title=section.title, intro=section.intro,
                                    result=section_results[section.id], questions=questions))
    pin = assessment.frameworks.get(framework.id)
    if fr.drift is not None:
        hash_status = tr("changed since the answers were given: {detail}", detail=fr.drift.describe())
    elif pin is None or pin.sha256 is None:
        hash_status = tr("not recorded with the answers, so a change to the framework would go unnoticed")
    else:
        hash_status = tr("matches the hash recorded with the answers")
    return FrameworkView(
        number=number, anchor=f"fw-{number}", framework=framework, result=fr, pin=pin, hash_status=hash_status,
        rating=rating_word(fr.rating, tr), sections=sections, references=list(refs.values()),
        sources=[refs[k] for k in framework.sources if k in refs],
        level=_level_view(framework, fr, tr) if fr.level is not None else None,
    )


def best_answer(question: Question) -> str | None:
    """What a full-marks answer would have been, in the framework's words: the best option's label
    (every positive option, for a multi question that adds them up), or the good end of a scale."""
    if question.type is QuestionType.scale and question.scale is not None:
        scale = question.scale
        end = scale.min if scale.reverse else scale.max
        label = scale.low_label if scale.reverse else scale.high_label
        return f"{end} ({label})" if label else str(end)
    if not question.options:
        return None
    best = max(o.score for o in question.options)
    if question.type is QuestionType.multi and question.multi_rule.value == "sum":
        together = [o for o in question.options if not o.exclusive and o.score > 0]
        if together and sum(o.score for o in together) >= best:
            return "; ".join(o.label for o in together)
    return " / ".join(o.label for o in question.options if o.score == best)


def text_blocks(text: str) -> list[TextBlock]:
    """Requirement text as written in its source: paragraphs split by blank lines, and the lines
    of a paragraph that follows one ending in a colon read as a list (the AIA writes its lists so)."""
    blocks: list[TextBlock] = []
    for chunk in (c.strip() for c in text.replace("\r\n", "\n").split("\n\n")):
        if not chunk:
            continue
        lines = [" ".join(line.split()) for line in chunk.split("\n") if line.strip()]
        after_colon = bool(blocks) and not blocks[-1].is_list and blocks[-1].lines[-1].endswith(":")
        if after_colon:
            blocks.append(TextBlock(lines=lines, is_list=True))
        else:
            blocks.extend(TextBlock(lines=[line], is_list=False) for line in lines)
    return blocks


def _tally_text(tally: TallyResult, tr: Translator) -> str:
    text = tr("{points} of {maximum} points", points=tr.points(tally.points), maximum=tr.points(tally.max_points))
    return f"{text} ({tr.percent(tally.percent)})" if tally.max_points else text


def _adjustment_texts(level: LevelResult, tr: Translator) -> list[str]:
    """Each adjustment the framework defines, in words, from the steps the engine recorded:
    the one that applied says what it took off and the score it gave."""
    texts: list[str] = []
    for step in level.steps:
        values = {"tally": step.tally_title, "points": tr.points(step.points), "of": tr.points(step.of),
                  "at_least": tr.percent(step.at_least), "reduce_by": tr.percent(step.reduce_by)}
        rounding = ROUNDING_WORDS.get(step.rounding)
        if not step.applied:
            texts.append(tr("{tally} {points} of {of} is below {at_least}: no reduction", **values))
        elif step.title:
            texts.append(f"{step.title} \u2192 {tr.points(step.after)}")
        elif rounding:
            texts.append(tr("{tally} {points} of {of} reached {at_least}: {reduce_by} off, {rounding} \u2192 "
                            "{after}", rounding=tr(rounding), after=tr.points(step.after), **values))
        else:
            texts.append(tr("{tally} {points} of {of} reached {at_least}: {reduce_by} off \u2192 {after}",
                            after=tr.points(step.after), **values))
    return texts


def _level_view(framework: Framework, fr: FrameworkResult, tr: Translator) -> LevelView:
    level = fr.level
    assert level is not None
    levels = framework.scoring.levels
    tallies = {t.id: t for t in fr.tallies}
    base = tallies[level.tally]
    bounds: list[BoundView] = []
    for i, defined in enumerate(levels):
        lower = tr.points(level.bounds[i - 1]) if 0 < i <= len(level.bounds) else ""
        upper = tr.points(level.bounds[i]) if i < len(level.bounds) else ""
        bounds.append(BoundView(title=defined.title, rating=defined.rating, lower=lower, upper=upper,
                                current=i == level.position - 1))
    here = bounds[level.position - 1]
    if here.lower and here.upper:
        where = tr("{level}: above {lower}, up to {upper}", level=level.title, lower=here.lower, upper=here.upper)
    elif here.upper:
        where = tr("{level}: up to {upper}", level=level.title, upper=here.upper)
    else:
        where = tr("{level}: above {lower}", level=level.title, lower=here.lower)
    score_text = tr("{points} of {maximum}", points=tr.points(level.score), maximum=tr.points(level.max_points))
    return LevelView(
        result=level,
        heading=tr("{title} ({position} of {count})", title=level.title, position=level.position, count=level.count),
        summary=level.summary, rating=levels[level.position - 1].rating,
        base=TallyView(base, _tally_text(base, tr)),
        adjustments=_adjustment_texts(level, tr),
        score_text=f"{score_text} ({where})",
        others=[TallyView(t, _tally_text(t, tr)) for t in fr.tallies if t.id != level.tally],
        bounds=bounds, chart=level_chart(level, levels, tr),
        requirements=[RequirementView(r.title, text_blocks(r.text)) for r in level.requirements],
    )


def _question_view(
    number: str, framework_id: str, question: Question, q: QuestionResult, answer: Answer | None,
    refs: dict[str, RefView], gates: list[Gate], gap: str | None, tr: Translator = ENGLISH,
) -> QuestionView:
    hidden = q.status is QuestionStatus.hidden
    not_applicable = None
    if hidden:
        not_applicable = tr("Not applicable: this question is asked only when {condition}. On the answers given, "
                            "that condition does not hold, so the question counts in neither the score nor its "
                            "maximum.", condition=question.when)
        if q.ignored_answer:
            not_applicable += tr(" An answer was recorded for it but is not counted.")
    reason = q.not_applicable if q.status is QuestionStatus.not_applicable else None
    if hidden or reason is not None:
        answer_text = tr("Not applicable")
    elif q.status is QuestionStatus.unanswered:
        answer_text = tr("Not answered")
    elif q.answer_label in TOOL_ANSWERS:
        answer_text = tr(str(q.answer_label))
    else:
        answer_text = q.answer_label or ""
    if hidden or reason is not None:
        score_text = tr("Not counted")
    elif not q.scored:
        score_text = tr("Not scored")
    else:
        score_text = tr("{points} of {maximum}", points=tr.points(q.points), maximum=tr.points(q.max_points))
    source = answer if (answer is not None and not hidden) else None
    evidence = [EvidenceItem(text=e, url=web_url(e)) for e in (source.evidence if source else [])]
    files = [FileItem(name=safe_name(f.name), kind=tr(kind_name(f.media_type)), size=size_label(f.size),
                      short_hash=short_hash(f.sha256), sha256=f.sha256) for f in (source.files or [] if source else [])]
    return QuestionView(
        number=number, anchor=f"q-{framework_id}-{q.id}", result=q, question=question,
        status_label=tr(STATUS_LABELS[q.status]), answer_text=answer_text, score_text=score_text,
        confidence=tr(source.confidence.value.capitalize()) if source and source.confidence else None,
        note=source.note if source else None, evidence=evidence,
        refs=[refs[r] for r in question.refs if r in refs], gates=gates, gap=gap, not_applicable=not_applicable,
        best_text=best_answer(question) if q.scored and not hidden and q.points < q.max_points else None,
        files=files, reason_not_applicable=reason,
    )
