"""The comparison as an HTML document and a PDF, with the report's templates, look and safety.

The same template directories (a user's `--templates DIR` first), the same sandboxed,
autoescaping Jinja2 environment, the same `report.css` and brand, and for the PDF the same
URL fetcher (template assets only, nothing else) and WeasyPrint settings: tagged (PDF/UA-1
unless asked otherwise), metadata from the document, every input assessment attached.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from dataclasses import dataclass, field
from typing import Any

from assess.comparison.model import ActionOutcome, ActionStatus, Comparison, Entry, Mode, QuestionRow, ReviewStep
from assess.i18n import ENGLISH
from assess.rendering.brand import Brand
from assess.rendering.chapters import Chapter
from assess.rendering.environments import environment_for
from assess.rendering.links import web_url
from assess.rendering.templating import TemplateSet
from assess.rendering.timestamp import build_time

MAIN_TEMPLATE = "compare.html.j2"
MODE_TITLES = {
    Mode.perspectives: "Perspectives compared",
    Mode.reviews: "Change between reviews",
    Mode.board: "Board view",
}
ACTION_ORDER = [ActionStatus.met, ActionStatus.gate_cleared, ActionStatus.progressed, ActionStatus.worse,
                ActionStatus.open, ActionStatus.no_longer_applies]


@dataclass(frozen=True)
class StepView:
    number: int
    anchor: str
    title: str
    step: ReviewStep
    actions: list[ActionOutcome]  # met first, then progressed, worse, open, no longer applies
    counts: list[tuple[str, int]]


@dataclass(frozen=True)
class CompareContext:
    c: Comparison
    brand: Brand
    organisation: str
    title: str
    kind: str
    date: str
    chapters: list[Chapter]
    divergent: list[QuestionRow]
    agenda: list[QuestionRow]
    answered_by_some: list[QuestionRow]
    differing_unscored: list[QuestionRow]
    steps: list[StepView]
    description: str
    author: str
    generated: str
    extra: dict[str, Any] = field(default_factory=dict)

    def chapter(self, anchor: str) -> Chapter:
        return next(ch for ch in self.chapters if ch.anchor == anchor)

    def has(self, anchor: str) -> bool:
        return any(ch.anchor == anchor for ch in self.chapters)

    def as_dict(self) -> dict[str, Any]:
        # `report` keeps the shared partials (contents, chapter numbers) working unchanged.
        return {"report": self, "cmp": self, "c": self.c, "brand": self.brand, "web_url": web_url,
                "long_date": ENGLISH.date, **self.extra}


def build_context(c: Comparison, brand: Brand, generated: dt.datetime) -> CompareContext:
    divergent = [c.question(k) for k in c.divergent]
    agenda = [c.question(k) for k in c.board.agenda] if c.board else []
    steps = []
    for n, step in enumerate(c.reviews, start=1):
        a, b = c.sides[step.before], c.sides[step.after]
        ordered = sorted(step.actions, key=lambda o: (ACTION_ORDER.index(o.status), o.action.rank))
        counts = [(o_status.value, sum(o.status is o_status for o in step.actions)) for o_status in ACTION_ORDER]
        steps.append(StepView(number=n, anchor=f"review-{n}", title=f"From {a.label} to {b.label}", step=step,
                              actions=ordered, counts=[(k, v) for k, v in counts if v]))
    chapters = [Chapter("summary", "1", "Summary")]

    def add(anchor: str, title: str) -> None:
        chapters.append(Chapter(anchor, str(len(chapters) + 1), title))

    if c.mode is Mode.board:
        add("agenda", "Agenda: where members disagree most")
    for s in steps:
        add(s.anchor, f"Changes {s.title[0].lower()}{s.title[1:]}")
        add(f"{s.anchor}-actions", "The earlier action plan, item by item")
    if c.mode is Mode.perspectives:
        add("divergent", "Where the answers diverge")
    answered_by_some = [c.question(k) for k in c.answered_by_some]
    differing_unscored = [c.question(k) for k in c.differing_unscored]
    if answered_by_some or differing_unscored:
        add("coverage", "Answered by some, not by others")
    if c.versions:
        add("versions", "Framework versions")
    chapters.append(Chapter("method", "A", "How to read this comparison"))
    organisation = brand.organisation or c.organisation
    kind = MODE_TITLES[c.mode]
    dates = sorted(s.date for s in c.sides if s.date)
    date = ENGLISH.date(dates[-1]) if dates else ""
    if c.board is not None:
        verdict = f"board view {c.board.result.verdict.value}"
    else:
        verdict = "; ".join(f"{s.label}: {s.verdict.value}" for s in c.sides)
    return CompareContext(
        c=c, brand=brand, organisation=organisation, title=f"{c.system}: {kind.lower()}", kind=kind, date=date,
        chapters=chapters, divergent=divergent, agenda=agenda, answered_by_some=answered_by_some,
        differing_unscored=differing_unscored, steps=steps,
        description=f"Comparison of {len(c.sides)} assessments of {c.system} ({c.organisation}), "
                    f"{c.mode.value}: {verdict}",
        author=organisation, generated=generated.strftime("%Y-%m-%dT%H:%M:%SZ"),
    )


def render_html(c: Comparison, templates: TemplateSet, mode: str) -> str:
    env = environment_for(templates, mode)
    context = build_context(c, templates.brand(), build_time())
    data = context.as_dict()
    data["mode"] = mode
    return templates.render(env, MAIN_TEMPLATE, data)


def render_pdf(c: Comparison, entries: Sequence[Entry], templates: TemplateSet,
               pdf_variant: str) -> tuple[bytes, list[str]]:
    """The PDF and any warnings, made exactly as the report's PDF is (see assess/rendering/pdf.py)."""
    from assess.rendering.pdf import PdfAttachment, html_to_pdf

    attachments = [
        PdfAttachment(attachment_name(i, e.name), e.source,
                      f"Assessment compared: {c.sides[i].label} (assess/assessment@1)")
        for i, e in enumerate(_in_side_order(c, entries)) if e.source
    ]
    return html_to_pdf(render_html(c, templates, "pdf"), templates, attachments, pdf_variant, entries[0].name)


def attachment_name(index: int, name: str) -> str:
    stem = name.replace("\\", "/").rsplit("/", 1)[-1]
    safe = "".join(ch if ch.isalnum() or ch in "._-" else "_" for ch in stem) or "assessment.yaml"
    return f"{index + 1}-{safe}"


def _in_side_order(c: Comparison, entries: Sequence[Entry]) -> list[Entry]:
    """The entries in the order of the comparison's sides (reviews are sorted by date)."""
    by_name: dict[str, list[Entry]] = {}
    for e in entries:
        by_name.setdefault(e.name, []).append(e)
    return [by_name[s.file].pop(0) for s in c.sides]
