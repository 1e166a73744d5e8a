"""The report as an HTML document, from `report.html.j2` and its partials.

Two modes: `pdf` (assets referred to by a private URL that only the PDF's fetcher
serves; paged-media CSS does the rest) and `html` (one standalone file: the
stylesheet inline, images as data: URIs, nothing to fetch).
"""

from __future__ import annotations

from dataclasses import replace

from assess.rendering.environments import environment_for
from assess.rendering.templating import TemplateSet
from assess.rendering.timestamp import build_time
from assess.report.context import ReportContext, build_context
from assess.report.inputs import ReportInput

MAIN_TEMPLATE = "report.html.j2"


def report_context(job: ReportInput, templates: TemplateSet, mode: str) -> ReportContext:
    context = build_context(job.assessment, job.frameworks, job.result, templates.brand(), build_time())
    return replace(context, extra={"mode": mode, "pdf_variant": job.pdf_variant, "brief": job.brief})


def render_html(job: ReportInput, templates: TemplateSet, mode: str) -> str:
    env = environment_for(templates, mode)
    context = report_context(job, templates, mode)
    return templates.render(env, MAIN_TEMPLATE, context.as_dict())
