"""A report, a comparison or an action plan, in any registered format, to bytes.

The report is made from the assessment's own bytes (they are embedded in the PDF), whether they come from a
file (`assess report`) or from the workspace's export (`assess serve`): both front ends get the same document.
A comparison is made from files (`assess compare`) or from documents held in memory (the workspace's board and
reviews, `app.documents`), each read, checked and scored the same way.
"""

from __future__ import annotations

import tempfile
from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING

from assess.errors import Diagnostic, warning
from assess.loading import FrameworkLibrary
from assess.rendering.pdf_variants import DEFAULT_PDF_VARIANT

if TYPE_CHECKING:
    from assess.app.documents import Document
    from assess.comparison.model import Comparison, Entry
    from assess.model import Assessment, Framework
    from assess.plan import PlanRow
    from assess.report.inputs import ReportInput


@dataclass
class Output:
    """Rendered bytes, and the warnings met on the way (scoring's, the templates', WeasyPrint's)."""

    data: bytes
    media_type: str
    diagnostics: list[Diagnostic] = field(default_factory=list)


def report_job(path: Path, library: FrameworkLibrary, templates: Path | None = None,
               pdf_variant: str = DEFAULT_PDF_VARIANT, display: str | None = None, lang: str | None = None,
               brief: bool = False, files_dir: Path | None = None) -> ReportInput:
    """An assessment file (or a bundle with its evidence files) loaded, checked and scored, ready for any
    format. `files_dir`: where evidence files named by their SHA-256 are, for a plain YAML."""
    from assess.report.build import load_job

    return load_job(path, library, templates, pdf_variant, display=display, lang=lang, brief=brief,
                    files_dir=files_dir)


def report_job_from_document(assessment: Assessment, frameworks: Mapping[str, Framework], source: bytes,
                             source_name: str, lang: str | None = None) -> ReportInput:
    """An assessment held in memory (the workspace's), with `source` the YAML it exports as."""
    from assess.report.inputs import ReportInput
    from assess.scoring import score

    return ReportInput(assessment=assessment, frameworks=frameworks, result=score(frameworks, assessment, lang),
                       source_name=source_name, source_bytes=source, lang=lang)


def render_report(job: ReportInput, fmt: str, templates_shown: str | None = None) -> Output:
    """`job` as format `fmt` (a name in `assess.report.formats.FORMATS`). Warnings of the templates are
    placed at `templates_shown` (the directory as the user named it), else at the assessment."""
    from assess.app.scoring import result_warnings
    from assess.report.build import missing_files_warning
    from assess.report.formats import FORMATS

    found = result_warnings(job.source_name, job.result)
    missing = missing_files_warning(job) if fmt == "pdf" else None
    if missing:
        found.append(warning(job.source_name, missing))
    chosen = FORMATS[fmt]
    rendered = chosen.render(job)
    found += [warning(templates_shown or job.source_name, text) for text in rendered.warnings]
    return Output(rendered.data, chosen.media_type, found)


def render_report_source(source: bytes, name: str, library: FrameworkLibrary, fmt: str = "pdf") -> Output:
    """The report of the YAML `source`, exactly as `assess report NAME --format FMT` makes it from a file
    called NAME holding those bytes (the name is the one the PDF's attachment carries)."""
    with tempfile.TemporaryDirectory() as scratch:
        path = Path(scratch) / name
        path.write_bytes(source)
        return render_report(report_job(path, library, display=name), fmt)


@dataclass
class Compared:
    comparison: Comparison
    entries: list[Entry]
    diagnostics: list[Diagnostic] = field(default_factory=list)
    lang: str | None = None  # the language asked for (--lang), for the words of the rendered comparison


def compare_files(names: Sequence[str], library: FrameworkLibrary, mode: str | None = None,
                  ignore_subject: bool = False, tool_version: str = "", lang: str | None = None) -> Compared:
    """The files loaded, scored and compared (the engine's reasons in `lang`); a set that cannot be compared
    is refused (AssessError)."""
    from assess.comparison.load import load_entries

    return _compared(load_entries(names, library, lang), mode, ignore_subject, tool_version, lang)


def compare_documents(documents: Sequence[Document], library: FrameworkLibrary, mode: str | None = None,
                      ignore_subject: bool = False, tool_version: str = "", lang: str | None = None) -> Compared:
    """`compare_files` over documents held in memory (the workspace's exports, its assessments already read),
    each read and checked as the file of its name would be; the same comparison, refused for the same sets."""
    from assess.app.documents import parsed
    from assess.app.scoring import score_assessment
    from assess.comparison.model import Entry

    entries = []
    for document in documents:
        read = parsed(document, library)
        entries.append(Entry(name=read.name, assessment=read.assessment, frameworks=read.frameworks,
                             result=score_assessment(read.frameworks, read.assessment, lang), source=read.source))
    return _compared(entries, mode, ignore_subject, tool_version, lang)


def _compared(entries: list[Entry], mode: str | None, ignore_subject: bool, tool_version: str,
              lang: str | None) -> Compared:
    from assess.app.scoring import result_warnings
    from assess.comparison.build import compare
    from assess.comparison.load import check_subjects
    from assess.comparison.model import Mode

    found = [d for entry in entries for d in result_warnings(entry.name, entry.result)]
    found += check_subjects(entries, ignore_subject)
    comparison = compare(entries, Mode(mode) if mode else None, tool_version=tool_version, lang=lang)
    return Compared(comparison, entries, found, lang)


def render_comparison(compared: Compared, fmt: str, templates: Path | None = None,
                      pdf_variant: str = DEFAULT_PDF_VARIANT, width: int | None = None,
                      templates_shown: str | None = None) -> Output:
    """The comparison as format `fmt` (a name in `assess.comparison.formats.FORMATS`); `width`: the terminal
    table's (None: 80 columns)."""
    from assess.comparison.formats import FORMATS, ComparisonJob

    chosen = FORMATS[fmt]
    from assess.i18n import translator

    job = ComparisonJob(compared.comparison, compared.entries, templates, pdf_variant, width, translator(compared.lang))
    rendered = chosen.render(job)
    return Output(rendered.data, chosen.media_type,
                  [warning(templates_shown or "compare", text) for text in rendered.warnings])


@dataclass
class Plan:
    data: bytes
    actions: int
    frameworks: list[str]  # the framework ids read (their files are inputs an output must not overwrite)


def action_plan(frameworks: Mapping[str, Framework], assessment: Assessment, lang: str | None) -> list[PlanRow]:
    """The assessment's action plan, one row per action, with what is recorded for each; the recommendations
    the engine words itself (where a question has none of its own) in `lang`."""
    from assess.app.scoring import score_assessment
    from assess.plan import plan_rows

    return plan_rows(assessment, frameworks, score_assessment(frameworks, assessment, lang))


def plan_spreadsheet(frameworks: Mapping[str, Framework], assessment: Assessment, suffix: str) -> Plan:
    """The action plan of an assessment held in memory as a spreadsheet (`suffix`: '.xlsx' or '.csv'), one row
    per action, in English as `assess actions export` writes it (its column headings are English too)."""
    from assess.plan import export_plan

    rows = action_plan(frameworks, assessment, None)
    return Plan(export_plan(rows, suffix), len(rows), list(frameworks))


def render_plan(path: Path, library: FrameworkLibrary, suffix: str) -> Plan:
    """The assessment's action plan as a spreadsheet (`suffix`: '.xlsx' or '.csv'), one row per action."""
    from assess.loading import load_assessment

    assessment, frameworks = load_assessment(path, library)
    return plan_spreadsheet(frameworks, assessment, suffix)


@dataclass
class Record:
    text: str
    frameworks: list[str]


def render_atrs(path: Path, library: FrameworkLibrary, shown: str, kind: str) -> Record:
    """A draft Algorithmic Transparency Recording Standard record of the assessment, as Markdown ('md') or
    JSON ('json')."""
    from assess.atrs import build_record, record_markdown
    from assess.loading import load_assessment
    from assess.scoring import score

    assessment, frameworks = load_assessment(path, library)
    record = build_record(assessment, frameworks, score(frameworks, assessment), shown)
    return Record(record.to_json() if kind == "json" else record_markdown(record), list(frameworks))
