"""The report as a sequence of plain blocks (headings, paragraphs, lists, tables, a picture), for the
editable outputs (DOCX, ODT). Built from the same `ReportContext` as the PDF and the Markdown, so the
word processors get the same brief and annexes; each writer only maps blocks to its own format.

Text stays text here: the writers put it into their documents as character data, never as markup.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from assess.i18n import Translator
from assess.report.context import (
    NOT_APPLICABLE_HEADING,
    NOT_APPLICABLE_INTRO,
    FrameworkView,
    QuestionView,
    ReportContext,
    SectionView,
)


@dataclass(frozen=True)
class Heading:
    text: str
    level: int  # 1: the brief and each annex; 2: their parts; 3: a question


@dataclass(frozen=True)
class Para:
    text: str
    style: str = ""  # "" | "strong" | "note" | "kind" | "title"


@dataclass(frozen=True)
class Bullets:
    items: list[str]
    ordered: bool = False


@dataclass(frozen=True)
class Table:
    caption: str
    header: list[str]  # empty for a table of label/value rows
    rows: list[list[str]]


@dataclass(frozen=True)
class Picture:
    png: bytes
    title: str
    alt: str  # the text alternative: every value the picture shows, in words
    width_mm: float


@dataclass(frozen=True)
class PageBreak:
    pass


Block = Heading | Para | Bullets | Table | Picture | PageBreak


@dataclass(frozen=True)
class Outline:
    title: str
    subject: str
    author: str
    keywords: str
    lang: str
    blocks: list[Block] = field(default_factory=list)


def _plain(markup: str) -> str:
    """The catalogue's own trusted prose (it carries <strong> and <code>) as plain text."""
    return " ".join(html.unescape(re.sub(r"<[^>]+>", "", markup)).split())


def build_outline(report: ReportContext, brief: bool = False) -> Outline:
    from assess.report.chart_png import chart_png

    tr = Translator(report.lang)
    a, r = report.assessment, report.result
    out: list[Block] = []
    add = out.append
    if a.classification:
        add(Para(a.classification, "strong"))
    add(Para(report.organisation, "strong"))
    add(Para(tr(report.brand.report_kind), "kind"))
    add(Para(report.title, "title"))
    if report.draft:
        add(Para(tr("DRAFT.") + " " + tr.plural(
            report.unanswered, "{n} question not yet answered: the ratings and verdict are provisional.",
            "{n} questions not yet answered: the ratings and verdict are provisional."), "strong"))
    facts = [(tr("System"), a.subject.system), (tr("Deployed by"), a.subject.organisation),
             (tr("Stage"), (a.subject.stage or "").capitalize()),
             (tr("Respondent"), ", ".join(p for p in (a.respondent.name, a.respondent.role) if p)),
             (tr("Assessed by"), report.made_by), (tr("Date"), report.date),
             (tr("Protective marking"), a.classification or tr("None given")),
             (tr("Verdict (provisional)") if report.draft else tr("Verdict"), report.verdict)]
    add(Table(tr("About this assessment"), [], [[k, v] for k, v in facts if v]))
    if a.subject.description:
        add(Para(a.subject.description, "note"))
    add(PageBreak())

    add(Heading(report.chapter("summary").label, 1))
    add(Para(f"{tr('Verdict (provisional)') if report.draft else tr('Verdict')}: {report.verdict}", "strong"))
    add(Bullets([tr.sentence(reason) for reason in r.verdict_reasons]))
    add(Heading(tr("What the rating rests on"), 2))
    if report.basis is not None:
        b = report.basis
        add(Para(b.sentence, "strong"))
        add(Para(tr("Of {n} questions that apply: {answered} answered, {dk} \u2018Don't know\u2019, {open} not yet "
                    "answered. Points short of the maximum: {dk_points} from \u2018Don't know\u2019, {answer_points} "
                    "from the answers given.", n=b.applicable, answered=b.answered, dk=b.dont_know,
                    open=b.unanswered, dk_points=tr.points(b.lost_to_dont_know),
                    answer_points=tr.points(b.lost_to_answers))))
    for fw in report.levels:
        out.extend(_level_blocks(fw, tr, summary=True))
    if report.chart.bars:
        add(Picture(chart_png(report.chart), report.chart.title, report.chart.description, 160))
    add(Table(tr("Ratings by framework"),
              [tr("Framework"), tr("Rating"), tr("Assurance"), tr("Answered"), tr("Gates"), tr("Evidence gaps")],
              [[fw.framework.title, fw.rating, tr.percent(fw.result.assurance), tr.percent(fw.result.completeness),
                str(len(fw.result.gates)), str(len(fw.result.evidence_gaps))] for fw in report.frameworks]))
    add(Heading(tr("Gates triggered"), 2))
    if report.gates:
        intro = tr("A gate is an answer that fails its framework whatever the rest scores.")
        if report.shared_findings:
            intro += " " + tr("Gates that rest on the same fact are one finding, shown once with every framework "
                              "that raised it: the verdict counts findings, not gates.")
        add(Para(intro))
        items = []
        for finding in report.findings:
            texts = []
            for g in finding.gates:
                stop = " " + tr("(cannot be remedied in the deployment's current form)") if g.gate.stop else ""
                text = f"{tr('{framework}, question', framework=g.framework_title)} {g.question_number}{stop}: " \
                       f"{g.gate.message}"
                if g.ask:
                    text += " " + tr("The question: {ask} The answer given: {answer}", ask=g.ask, answer=g.answer)
                texts.append(text)
            # A finding several gates raised is one item: its heading names the frameworks, then each gate.
            items.append(" ".join([f"{finding.heading}." if finding.heading else "", *texts]).strip())
        add(Bullets(items))
    else:
        add(Para(tr("No gate was triggered.")))
    add(Heading(tr("Top actions"), 2))
    if report.top_actions:
        add(Bullets([f"{act.priority}: {act.action.recommendation} "
                     f"({tr('{framework}, question', framework=act.framework_title)} {act.question_number})"
                     for act in report.top_actions], ordered=True))
    else:
        add(Para(tr("No actions: every answer scored full marks.")))
    if report.not_applicable:
        add(Heading(tr(NOT_APPLICABLE_HEADING), 2))
        add(Para(tr(NOT_APPLICABLE_INTRO)))
        add(Bullets([f"{tr('{framework}, question', framework=n.framework_title)} {n.question_number}"
                     + (" " + tr("(critical)") if n.entry.critical else "")
                     + f": {n.entry.ask} {tr('Reason given: {reason}', reason=n.entry.reason)}"
                     for n in report.not_applicable]))
    add(Heading(tr("Open points and conditions"), 2))
    if report.conditions:
        add(Bullets(list(report.conditions)))
    else:
        add(Para(tr("Nothing stands open: every question is answered and no rating carries a condition.")))
    if r.warnings:
        add(Heading(tr("Warnings"), 2))
        add(Bullets([tr.sentence(w) for w in r.warnings]))
    add(Heading(report.chapter("sign-off").label, 1))
    add(Para(tr("Signing records that the signatory has read this assessment and agrees the action plan, not that "
                "the deployment is lawful.")))
    if report.sign_offs:
        out.extend(_recorded_sign_offs(report, tr))
    else:
        add(Table(tr("Signatures"), [tr("Role"), tr("Name"), tr("Signature"), tr("Date")],
                  [[tr(role), "", "", ""] for role in report.brand.sign_off]))
    if not brief:
        for fw in report.frameworks:
            out.extend(_framework_blocks(report, fw, tr))
        out.extend(_annex_blocks(report, tr))
    return Outline(title=report.title, subject=report.description, author=report.author,
                   keywords=", ".join(p for p in ("impact assessment", a.subject.organisation, a.subject.system) if p),
                   lang=report.brand.lang, blocks=out)


def _level_blocks(fw: FrameworkView, tr: Translator, summary: bool) -> list[Block]:
    level = fw.level
    assert level is not None
    heading = tr("Impact level") + (f": {fw.framework.title}" if summary else "")
    out: list[Block] = [Heading(heading, 2),
                        Para(level.heading + (f": {level.summary}" if level.summary else ""), "strong")]
    rows = [[level.base.result.title, level.base.text],
            [tr("Adjustments") if len(level.adjustments) > 1 else tr("Adjustment"),
             "; ".join(level.adjustments) or tr("None applied")],
            [tr("Current score"), level.score_text]]
    rows += [[t.result.title, t.text] for t in level.others]
    out.append(Table(tr("Impact level, score and requirements for {title}", title=fw.framework.title), [], rows))
    if level.requirements:
        out.append(Para(tr("The deploying body must meet each of these requirements before the system operates.")))
        out.append(Bullets([f"{req.title}: " + " ".join("; ".join(b.lines) for b in req.blocks)
                            for req in level.requirements]))
    else:
        out.append(Para(tr("This level carries no requirements.")))
    return out


def _framework_blocks(report: ReportContext, fw: FrameworkView, tr: Translator) -> list[Block]:
    res = fw.result
    out: list[Block] = [PageBreak(), Heading(report.chapter(fw.anchor).label, 1), Para(fw.framework.summary)]
    if fw.level is not None:
        out.extend(_level_blocks(fw, tr, summary=False))
    scored = tr("{points} of {maximum} points", points=tr.points(res.points), maximum=tr.points(res.max_points))
    out.append(Table(tr("Result for {title}", title=fw.framework.title), [], [
        [tr("Rating"), fw.rating + ": " + "; ".join(tr.sentence(x) for x in res.rating_reasons)],
        [tr("Assurance"), f"{tr.percent(res.assurance)} ({scored})"],
        [tr("Completeness"), tr("{percent} of the questions that apply are answered",
                                percent=tr.percent(res.completeness))],
        [tr("Framework"), tr("Version {version}, last reviewed {date}", version=fw.framework.version,
                             date=tr.date(fw.framework.last_reviewed))],
    ]))
    if fw.framework.caveats:
        out.append(Para(f"{tr('Limits of this framework:')} {fw.framework.caveats}", "note"))
    out.append(Table(tr("Section breakdown"), [tr("Section"), tr("Assurance"), tr("Points"), tr("Answered")], [
        [f"{s.number} {s.section_title}", tr.percent(s.result.assurance) if s.result.max_points else tr("n/a"),
         tr("{points} of {maximum}", points=tr.points(s.result.points), maximum=tr.points(s.result.max_points)),
         tr("{answered} of {visible}", answered=s.result.answered, visible=s.result.visible)] for s in fw.sections]))
    for section in fw.sections:
        out.extend(_section_blocks(section, tr))
    return out


def _section_blocks(section: SectionView, tr: Translator) -> list[Block]:
    out: list[Block] = [Heading(f"{section.number} {section.section_title}", 2)]
    if section.intro:
        out.append(Para(section.intro, "note"))
    for block in section.blocks:
        if block.dont_know_run:
            rows = []
            for q in block.questions:
                ask = q.question.ask + (f" {tr('(critical)')}" if q.result.critical else "")
                if q.note:
                    ask += f"\n{tr('Note')}: {q.note}"
                if q.evidence:
                    ask += f"\n{tr('Evidence')}: " + "; ".join(e.text for e in q.evidence)
                rows.append([q.number, ask, q.best_text or "", q.score_text])
            out.append(Table(tr("Answered \u201cDon't know\u201d ({n} questions in a row)", n=len(block.questions)),
                             ["#", tr("Question"), tr("Full marks"), tr("Score")], rows))
        else:
            out.extend(_question_blocks(block.questions[0], tr))
    return out


def _question_blocks(q: QuestionView, tr: Translator) -> list[Block]:
    critical = f" {tr('(critical)')}" if q.result.critical else ""
    out: list[Block] = [Heading(f"{q.number} {q.question.ask}{critical}", 3)]
    if q.hidden:
        return [*out, Para(q.not_applicable or "", "note")]
    rows = [[tr("Answer"), q.answer_text]]
    if q.best_text:
        rows.append([tr("Full marks"), q.best_text])
    if q.reason_not_applicable:
        rows.append([tr("Why not applicable"), q.reason_not_applicable])
    rows.append([tr("Score"), q.score_text])
    if q.confidence:
        rows.append([tr("Confidence"), q.confidence])
    if q.note:
        rows.append([tr("Note"), q.note])
    if q.evidence:
        rows.append([tr("Evidence"), "\n".join(e.text for e in q.evidence)])
    rows += [[tr("Gate"), gate.message] for gate in q.gates]
    if q.gap:
        rows.append([tr("Evidence gap"), q.gap])
    if q.refs:
        rows.append([tr("Sources"), "; ".join(f"{ref.short} [{ref.number}]" for ref in q.refs)])
    return [*out, Table(tr("Answer to question {number}", number=q.number), [], rows)]


def _annex_blocks(report: ReportContext, tr: Translator) -> list[Block]:
    r = report.result
    out: list[Block] = [PageBreak(), Heading(report.chapter("actions").label, 1)]
    if report.actions:
        out.append(Table(tr("Actions, in order of priority"),
                         ["#", tr("Priority"), tr("Action"), tr("Framework and question"), tr("Owner"), tr("Due"),
                          tr("Status")],
                         [[str(act.action.rank), act.priority, act.action.recommendation,
                           f"{act.framework_title}, {act.question_number}", act.owner, act.due, act.status]
                          for act in report.actions]))
    else:
        out.append(Para(tr("No actions: every answer scored full marks.")))
    out += [PageBreak(), Heading(report.chapter("gaps").label, 1)]
    if report.gaps:
        out.append(Table(tr("Evidence gaps"), [tr("Framework and question"), tr("Question"), tr("Gap")],
                         [[f"{g.framework_title}, {g.question_number}", g.gap.ask,
                           g.reason + (f" {tr('(critical)')}" if g.gap.critical else "")] for g in report.gaps]))
    else:
        out.append(Para(tr("No evidence gaps.")))
    out += [PageBreak(), Heading(report.chapter("references").label, 1),
            Para(tr("One entry per source, with the frameworks and questions that rely on it. Numbers in square "
                    "brackets elsewhere in the report point here."))]
    for ref in report.references:
        text = f"[{ref.number}] {ref.cite}"
        if ref.uncertain:
            text += f" {tr('(pinpoint not verified against the primary text)')}"
        if ref.url:
            text += f" {ref.url}"
        out.append(Para(text))
        uses = []
        for use in ref.uses:
            numbers = ", ".join(number for number, _ in use.questions)
            where = f" ({tr.plural(len(use.questions), 'question', 'questions')} {numbers})" if numbers else ""
            uses.append(f"{use.framework_title}{where}" + (f": {use.note}" if use.note else ""))
        out.append(Bullets(uses))
    out += [PageBreak(), Heading(report.chapter("method").label, 1),
            Bullets([_plain(tr.prose(key)) for key in ("METHOD_POINTS", "METHOD_DONT_KNOW", "METHOD_ASSURANCE",
                                                        "METHOD_RATING", "METHOD_VERDICT", "METHOD_ACTIONS")]),
            Table(tr("Versions and content hashes"), [tr("Item"), tr("Version"), tr("Content hash (SHA-256)")],
                  [[tr("assess (this tool)"), r.tool_version, ""],
                   *[[fw.framework.title, fw.framework.version, f"{fw.result.sha256}\n{tr.sentence(fw.hash_status)}"]
                     for fw in report.frameworks],
                   [tr("The answers"), "", r.answers_sha256]])]
    return out


def _recorded_sign_offs(report: ReportContext, tr: Translator) -> list[Block]:
    """The decisions the assessment records, as the PDF's sign-off page shows them."""
    out: list[Block] = []
    for s in report.sign_offs:
        out.append(Table(tr("{name}, {role}", name=s.name, role=s.role), [],
                         [[tr("Decision"), s.decision], [tr("Date"), s.date]]))
        out.append(Para(tr("Conditions"), "strong"))
        out.append(Bullets(s.conditions) if s.conditions else Para(tr("None attached.")))
        out.append(Para(tr("Residual risks accepted"), "strong"))
        out.append(Bullets(s.risks) if s.risks else Para(tr("None.")))
        if s.answers_changed:
            out.append(Para(tr("The answers have changed since this decision was recorded: it was made on earlier "
                               "answers."), "strong"))
    return out
