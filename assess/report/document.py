"""The report as an HTML document, from `report.html.j2` and its partials.

Two modes: `pdf` (assets referred to by a private URL that only the PDF's fetcher
serves; paged-media CSS does the rest) and `html` (one standalone file: the
stylesheet inline, images as data: URIs, nothing to fetch).
"""

from __future__ import annotations

import urllib.parse
from collections.abc import Callable
from dataclasses import replace

from assess.report.context import ReportContext, build_context
from assess.report.inputs import ReportInput, build_time
from assess.report.templating import TemplateSet

MAIN_TEMPLATE = "report.html.j2"
ASSET_SCHEME_BASE = "assess-templates:/"  # fetcher.BASE_URL, kept here so HTML needs no WeasyPrint


def report_context(job: ReportInput, templates: TemplateSet, mode: str) -> ReportContext:
    context = build_context(job.assessment, job.frameworks, job.result, templates.brand(), build_time())
    return replace(context, extra={"mode": mode, "pdf_variant": job.pdf_variant, "brief": job.brief})


def asset_resolver(templates: TemplateSet, mode: str) -> Callable[[str], str]:
    """How a template names one of its assets: through the fetcher's private scheme in a PDF,
    inlined as a data: URI in standalone HTML; an empty URL for an asset that does not exist."""
    if mode == "pdf":
        def asset_url(name: str) -> str:
            if templates.find(str(name)) is None:
                return ""
            return ASSET_SCHEME_BASE + urllib.parse.quote(str(name))
    else:
        def asset_url(name: str) -> str:
            return templates.data_uri(str(name)) if templates.find(str(name)) is not None else ""
    return asset_url


def render_html(job: ReportInput, templates: TemplateSet, mode: str) -> str:
    env = templates.environment(asset_resolver(templates, mode))
    context = report_context(job, templates, mode)
    return templates.render(env, MAIN_TEMPLATE, context.as_dict())
