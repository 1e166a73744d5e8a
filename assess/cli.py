"""The command line: arguments in, text and exit status out. Nothing else lives here.

Exit status: 0 success; 1 a verdict reached `--fail-on`; 2 a user error (bad file,
bad arguments); 70 a bug in assess; 130 interrupted. Heavy libraries (questionary, weasyprint) are
imported only inside the commands that need them, so `assess score` starts fast.
"""

from __future__ import annotations

import argparse
import datetime as dt
import json
import os
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from assess import __version__, library_warnings
from assess.errors import AssessError, Diagnostic

if TYPE_CHECKING:
    from assess.loading import FrameworkLibrary
    from assess.safewrite import Input

EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 70, 130

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _library(args: argparse.Namespace) -> FrameworkLibrary:
    from assess.app.library import open_library

    return open_library(args.frameworks or [], getattr(args, "lang", None))


def _print_diagnostics(diagnostics: Iterable[Diagnostic]) -> None:
    """Errors, warnings and notes, one line each, in one form: `path:line:col: severity: message (hint)`."""
    for diagnostic in diagnostics:
        print(diagnostic, file=sys.stderr)


def _add_frameworks_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--frameworks", metavar="DIR", action="append",
        help="also use the frameworks in DIR (repeatable; a framework here replaces a built-in of the same id)",
    )
    parser.add_argument(
        "--lang", metavar="LANG",
        help="read translated frameworks in this language, e.g. fr (default: each framework's first language)",
    )


# --------------------------------------------------------------------------- commands


def cmd_frameworks(args: argparse.Namespace) -> int:
    library = _library(args)
    frameworks = library.load_all()
    if args.format == "json":
        print(json.dumps([
            {"id": fw.id, "version": fw.version, "title": fw.title, "questions": len(fw.questions()),
             "summary": fw.summary, "last_reviewed": fw.last_reviewed.isoformat(),
             "source": "built-in" if library.is_builtin(fw.id) else str(library.path(fw.id))}
            for fw in frameworks.values()
        ], indent=2))
        return EXIT_OK
    if not frameworks:
        print("No frameworks found.")
        return EXIT_OK
    from assess.rendering.plain import wrap

    for fw in frameworks.values():
        origin = "" if library.is_builtin(fw.id) else f"  [{library.path(fw.id)}]"
        print(f"{fw.id}  v{fw.version}  {len(fw.questions())} questions  (reviewed {fw.last_reviewed}){origin}")
        print(f"  {fw.title}")
        print(wrap(fw.summary, indent="  "))
        print()
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from assess.app.validating import validate_files

    outcome = validate_files(args.paths, _library(args), args.lang)
    _print_diagnostics(outcome.diagnostics)
    problems, warnings = outcome.errors, outcome.warnings
    noted = f", {len(warnings)} warning(s)" if warnings else ""
    if problems:
        files = len({p.path for p in problems})
        print(f"{len(problems)} error(s) in {files} file(s){noted}; {outcome.valid} file(s) valid", file=sys.stderr)
        return EXIT_USAGE
    print(f"{outcome.valid} file(s) valid{noted}")
    return EXIT_OK


def cmd_score(args: argparse.Namespace) -> int:
    from assess.app.scoring import reaches, score_files

    scored = score_files(args.assessments, _library(args), args.lang)
    _print_diagnostics(scored.diagnostics)
    results = scored.results
    if args.format == "json":
        dumped = [r.model_dump(mode="json", by_alias=True) for r in results]
        from assess.safetext import json_visible

        print(json_visible(json.dumps(dumped[0] if len(dumped) == 1 else dumped, indent=2, ensure_ascii=False,
                                      allow_nan=False)))
    else:
        from assess.i18n import language
        from assess.score_table import result_table

        print("\n\n".join(result_table(r, language(args.lang)) for r in results))
    if args.fail_on and reaches(results, args.fail_on):
        return EXIT_FAIL_ON
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from assess.schemas import json_schema

    print(json.dumps(json_schema(args.kind), indent=2))
    return EXIT_OK


def cmd_pin(args: argparse.Namespace) -> int:
    from assess.app.saving import pin_file

    library = _library(args)
    for name in args.assessments:
        # Read, pin and write under the lock: `assess run` on the same file is refused, not overwritten.
        frameworks = pin_file(Path(name), library, name)
        print(f"{name}: pinned {', '.join(f'{f.id} {f.version}' for f in frameworks.values())}")
    return EXIT_OK


def cmd_run(args: argparse.Namespace) -> int:
    if not (sys.stdin.isatty() and sys.stdout.isatty()):
        print("assess run: error: the questionnaire needs an interactive terminal, and standard "
              f"{'input' if not sys.stdin.isatty() else 'output'} is not one", file=sys.stderr)
        print("hint: to score answers without a terminal (as in CI), write the assessment YAML "
              "and run: assess score FILE.yaml", file=sys.stderr)
        return EXIT_USAGE
    from assess.i18n import Translator, language
    from assess.interview.render import command, display_path
    from assess.interview.runner import Interrupted, run

    library = _library(args)
    extra = [arg for d in args.frameworks or [] for arg in ("--frameworks", d)]
    extra += ["--lang", args.lang] if args.lang else []
    program = _program()
    try:
        done = run(Path(args.assessment) if args.assessment else None, args.framework or [], library,
                   ask_details=not args.quick, lang=args.lang)
    except Interrupted as stop:
        said = Translator(language(args.lang))
        if stop.path is None:
            print("\n" + said("Stopped. Nothing was saved yet: run the same command to start again."),
                  file=sys.stderr)
        else:
            where = display_path(stop.path)
            print("\n" + said("Stopped. Every confirmed answer is saved in {path}.", path=where), file=sys.stderr)
            print(said("To carry on: {command}", command=command(program, 'run', where, *extra)), file=sys.stderr)
        return EXIT_INTERRUPTED
    import shutil

    from assess.score_table import ratings_lines, result_table, verdict_line

    tr = Translator(language(args.lang))
    where = display_path(done.path)
    size = shutil.get_terminal_size((80, 24))
    width = max(min(size.columns - 1, 100), 39)
    table = result_table(done.result, tr.lang, width).splitlines()
    closing = ["", tr("Saved in {path}.", path=where)]
    if not done.outcome.complete:
        closing += [tr("Some questions are still open. To carry on:"), f"  {command(program, 'run', where, *extra)}"]
    closing += [tr("To render the report:"),
                f"  {command(program, 'report', where, '-o', str(Path(where).with_suffix('.pdf')), *extra)}"]
    print()
    print("\n".join(table))
    if len(table) + len(closing) + 2 > size.lines:
        # The verdict has scrolled out of sight: the ratings and the verdict again, just above the commands.
        print()
        print("\n".join(["─" * min(width, 40), *ratings_lines(done.result, tr, width)[3:], "",
                         verdict_line(done.result, tr)]))
    print("\n".join(closing))
    return EXIT_OK


def _framework_inputs(library: FrameworkLibrary, frameworks: Iterable[str]) -> list[Input]:
    from assess.app.library import framework_inputs

    return framework_inputs(library, frameworks)


def _program() -> list[str]:
    """How the user started this program, to print commands they can paste."""
    import shutil

    argv0 = sys.argv[0] if sys.argv and sys.argv[0] else "assess"
    if Path(argv0).name == "assess":
        found = shutil.which("assess")
        if found and Path(found).resolve() == Path(argv0).resolve():
            return ["assess"]
        return [argv0]
    return [Path(sys.executable).name if shutil.which(Path(sys.executable).name) else sys.executable, "-m", "assess"]


def cmd_report(args: argparse.Namespace) -> int:
    from assess.app.library import template_inputs
    from assess.app.rendering import render_report, report_job
    from assess.rendering.templating import shipped_templates_dir
    from assess.report.formats import choose_format, default_output
    from assess.safewrite import Input, refuse_inputs, write_output

    source = Path(args.assessment)
    output = Path(args.output) if args.output else None
    fmt = choose_format(args.format, output)
    if output is None:
        output = default_output(source, fmt)
    templates = Path(args.templates) if args.templates else None
    library = _library(args)
    job = report_job(source, library, templates, args.pdf_variant, display=args.assessment, lang=args.lang,
                     brief=args.brief, files_dir=Path(args.files) if args.files else None)
    inputs = [Input(source, "the assessment"), *_framework_inputs(library, job.frameworks)]
    template_dirs = template_inputs(templates, shipped_templates_dir())
    if str(output) != "-":  # refused before the (slow) rendering, and again just before writing
        refuse_inputs(output, inputs, str(output), template_dirs)
    rendered = render_report(job, fmt.name, templates_shown=args.templates)
    _print_diagnostics(rendered.diagnostics)
    if str(output) == "-":
        sys.stdout.buffer.write(rendered.data)
        sys.stdout.flush()
        return EXIT_OK
    write_output(output, rendered.data, "assess report", inputs, str(output), template_dirs)
    print(f"wrote {output}" + ("" if job.result.complete else " (DRAFT: the assessment is incomplete)"))
    return EXIT_OK


def cmd_actions_export(args: argparse.Namespace) -> int:
    from assess.app.rendering import render_plan
    from assess.plan import FORMATS
    from assess.safewrite import Input, refuse_inputs, write_output

    output = Path(args.output)
    if output.suffix.lower() not in FORMATS:
        raise AssessError.at(args.output, "the plan is written as .xlsx or .csv: name the file so")
    library = _library(args)
    source = Path(args.assessment)
    refuse_inputs(output, [Input(source, "the assessment")], args.output)
    plan = render_plan(source, library, output.suffix.lower())
    inputs = [Input(source, "the assessment"), *_framework_inputs(library, plan.frameworks)]
    write_output(output, plan.data, "assess actions export", inputs, args.output)
    print(f"wrote {output} ({plan.actions} action{'s' if plan.actions != 1 else ''})")
    return EXIT_OK


def cmd_actions_import(args: argparse.Namespace) -> int:
    from assess.app.saving import record_plan

    # Read, merge and write under the lock: `assess run` on the same file is refused, not overwritten.
    count = record_plan(Path(args.plan), args.plan, Path(args.assessment), args.assessment, _library(args))
    print(f"{args.assessment}: recorded owner, due date or status for {count} action{'s' if count != 1 else ''}")
    return EXIT_OK


def cmd_atrs(args: argparse.Namespace) -> int:
    from assess.app.rendering import render_atrs
    from assess.safewrite import Input, refuse_inputs, write_output

    output = Path(args.output) if args.output else None
    kind = args.format or ("json" if output is not None and output.suffix.lower() == ".json" else "md")
    library = _library(args)
    source = Path(args.assessment)
    to_file = output is not None and str(output) != "-"
    if to_file:
        assert output is not None
        refuse_inputs(output, [Input(source, "the assessment")], str(output))
    record = render_atrs(source, library, args.assessment, kind)
    if not to_file:
        sys.stdout.write(record.text)
        return EXIT_OK
    assert output is not None
    inputs = [Input(source, "the assessment"), *_framework_inputs(library, record.frameworks)]
    write_output(output, record.text, "assess atrs", inputs, str(output))
    print(f"wrote {output} (a draft: complete the fields marked 'To complete' before publishing)")
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from assess.app.extracting import extract_assessment
    from assess.report.extract_files import evidence_in_report, write_files
    from assess.safewrite import Input, refuse_inputs, write_output

    inputs = [Input(Path(args.report), "the report")]
    to_file = bool(args.output) and args.output != "-"
    if to_file:
        refuse_inputs(Path(args.output), inputs, args.output)
    evidence = evidence_in_report(Path(args.report)) if args.files else None
    data = evidence.yaml if evidence is not None else extract_assessment(Path(args.report))
    if evidence is not None:
        for path in write_files(Path(args.files), evidence.files):
            print(f"wrote {path}", file=sys.stderr)
        if evidence.missing:
            print(f"{args.report}: warning: {len(evidence.missing)} evidence file(s) the assessment references are "
                  "not attached to this report", file=sys.stderr)
    if not to_file:
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    write_output(Path(args.output), data, "assess extract", inputs, args.output)
    print(f"wrote {args.output}")
    return EXIT_OK


def cmd_compare(args: argparse.Namespace) -> int:
    from assess import __version__ as version
    from assess.app.library import template_inputs
    from assess.app.rendering import compare_files, render_comparison
    from assess.comparison.formats import choose_format
    from assess.rendering.templating import shipped_templates_dir
    from assess.safewrite import Input, refuse_inputs, write_output

    output = Path(args.output) if args.output else None
    fmt = choose_format(args.format, output)
    if output is None and fmt in ("pdf", "html"):
        output = Path(f"comparison.{fmt}")
    library = _library(args)
    compared = compare_files(args.assessments, library, args.mode, args.ignore_subject, tool_version=version,
                             lang=args.lang)
    inputs = [Input(Path(entry.name), "the assessment") for entry in compared.entries]
    for entry in compared.entries:
        inputs += _framework_inputs(library, entry.frameworks)
    templates = Path(args.templates) if args.templates else None
    template_dirs = template_inputs(templates, shipped_templates_dir())
    if output is not None and str(output) != "-":
        refuse_inputs(output, inputs, str(output), template_dirs)
    _print_diagnostics(compared.diagnostics)
    width = None
    if (output is None or str(output) == "-") and sys.stdout.isatty():  # the table wraps to the terminal
        import shutil

        width = max(min(shutil.get_terminal_size().columns - 1, 140), 40)
    rendered = render_comparison(compared, fmt, templates, args.pdf_variant, width, templates_shown=args.templates)
    _print_diagnostics(rendered.diagnostics)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(rendered.data)
        sys.stdout.flush()
        return EXIT_OK
    write_output(output, rendered.data, "assess compare", inputs, str(output), template_dirs)
    print(f"wrote {output} ({compared.comparison.mode.value}: {len(compared.entries)} assessments)")
    return EXIT_OK


def _no_source(args: argparse.Namespace) -> int:
    print("assess import: error: name what to import: surveyjs or aia-answers", file=sys.stderr)
    return EXIT_USAGE


def cmd_import_surveyjs(args: argparse.Namespace) -> int:
    from assess.app.importing import import_surveyjs, requirement_files, surveyjs_framework_id
    from assess.safewrite import Input, refuse_inputs, write_output

    output = Path(args.output)
    framework_id = surveyjs_framework_id(output, args.output, args.id)
    if output.exists() and not args.force:
        raise AssessError.at(args.output, "already exists", hint="use --force to replace it")
    inputs = [Input(Path(args.survey), "the survey")]
    inputs += [Input(path, "a requirements file") for path in requirement_files(args.requirements or [])]
    refuse_inputs(output, inputs, args.output)
    imported = import_surveyjs(
        Path(args.survey), args.survey, framework_id, args.output, title=args.title, version=args.framework_version,
        default_lang=args.default_lang, convention=args.convention,
        reviewed=_iso_date(args.reviewed, "--reviewed") or dt.date.today(), requirements=args.requirements or [])
    _print_diagnostics(imported.diagnostics)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AssessError.at(args.output, f"cannot write: {exc.strerror or exc}") from None
    write_output(output, imported.text, "assess import", inputs, args.output)
    print(f"wrote {args.output}: {imported.sections} sections, {imported.questions} questions"
          + (f" ({imported.skipped} left out)" if imported.skipped else ""))
    return EXIT_OK


def _iso_date(value: str | None, option: str) -> dt.date | None:
    """A YYYY-MM-DD option, or a one-line error naming the option."""
    if value is None:
        return None
    try:
        return dt.date.fromisoformat(value)
    except ValueError:
        raise AssessError.at(option, f"'{value}' is not a date", hint="write it as YYYY-MM-DD") from None


def cmd_import_aia_answers(args: argparse.Namespace) -> int:
    from assess.app.importing import import_aia_answers, known_framework
    from assess.safewrite import Input, refuse_inputs, write_output

    output = Path(args.output)
    if output.exists() and not args.force:
        raise AssessError.at(args.output, "already exists", hint="use --force to replace it")
    library = _library(args)
    framework = known_framework(library, args.framework, args.results)
    inputs = [Input(Path(args.results), "the results"), *_framework_inputs(library, [args.framework])]
    refuse_inputs(output, inputs, args.output)
    done = import_aia_answers(Path(args.results), args.results, framework, title=args.title,
                              organisation=args.organisation, system=args.system, date=_iso_date(args.date, "--date"))
    _print_diagnostics(done.diagnostics)
    write_output(output, done.text, "assess import", inputs, args.output)
    print(f"wrote {args.output}: {done.kept} answer(s) to '{framework.id}'")
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="assess",
        description="AI-governance impact assessments: frameworks in YAML, scored answers, reports.",
    )
    parser.add_argument("--version", action="version", version=f"assess {__version__}")
    parser.add_argument("--verbose", action="store_true",
                        help="also show the warnings of the libraries assess uses (hidden otherwise)")
    commands = parser.add_subparsers(dest="command", metavar="COMMAND", parser_class=_Parser)

    def command(name: str, handler: Handler, help_text: str) -> argparse.ArgumentParser:
        sub = commands.add_parser(name, help=help_text, description=help_text)
        sub.set_defaults(handler=handler)
        return sub

    sub = command("frameworks", cmd_frameworks, "list the available frameworks")
    sub.add_argument("--format", choices=["text", "json"], default="text")
    _add_frameworks_option(sub)

    sub = command("validate", cmd_validate, "check frameworks and assessments; report every error with its line")
    sub.add_argument("paths", nargs="+", metavar="PATH")
    _add_frameworks_option(sub)

    sub = command("score", cmd_score, "score assessments: ratings per framework, verdict, gates and actions")
    sub.add_argument("assessments", nargs="+", metavar="ASSESSMENT")
    sub.add_argument("--format", choices=["table", "json"], default="table")
    sub.add_argument("--fail-on", choices=["amber", "red"],
                     help="exit 1 when a verdict is 'Proceed with conditions' or worse (amber), "
                          "or 'Pause and remediate' or worse (red)")
    _add_frameworks_option(sub)

    sub = command("import", _no_source, "convert a questionnaire or answers saved by another tool")
    sources = sub.add_subparsers(dest="source", metavar="SOURCE", parser_class=_Parser)
    help_text = "a SurveyJS questionnaire (JSON) as a framework"
    imp = sources.add_parser("surveyjs", help=help_text, description=help_text)
    imp.set_defaults(handler=cmd_import_surveyjs)
    imp.add_argument("survey", metavar="SURVEY.json")
    imp.add_argument("-o", "--output", required=True, metavar="DIR/ID.yaml", help="the framework file to write")
    imp.add_argument("--id", help="the framework id (default: the output file's name)")
    imp.add_argument("--title", help="the framework's title (default: the survey's)")
    imp.add_argument("--framework-version", default="1.0.0", metavar="VERSION", help="default: 1.0.0")
    imp.add_argument("--default-lang", default="en", metavar="LANG",
                     help="the language of the survey's default text (default: en)")
    imp.add_argument("--convention", choices=["auto", "aia", "none"], default="auto",
                     help="aia: read roles from -RS/-MS/-NS names and weights from choice values, and score "
                          "by impact level, as Canada's Algorithmic Impact Assessment does (default: auto, "
                          "when such names are found)")
    imp.add_argument("--requirements", metavar="[LANG=]FILE", action="append",
                     help="with --convention aia: the AIA's language file (its requirements per impact level); "
                          "repeatable, one per language")
    imp.add_argument("--reviewed", metavar="YYYY-MM-DD", help="the framework's last_reviewed date (default: today)")
    imp.add_argument("--force", action="store_true", help="replace the output file if it exists")
    help_text = "answers saved by Canada's Algorithmic Impact Assessment tool as an assessment"
    imp = sources.add_parser("aia-answers", help=help_text, description=help_text)
    imp.set_defaults(handler=cmd_import_aia_answers)
    imp.add_argument("results", metavar="RESULTS.json")
    imp.add_argument("-o", "--output", required=True, metavar="ASSESSMENT.yaml")
    imp.add_argument("--framework", required=True, metavar="ID", help="the framework imported from the survey")
    imp.add_argument("--title", help="the assessment's title")
    imp.add_argument("--organisation", help="default: the department chosen in the answers")
    imp.add_argument("--system", help="default: the project title in the answers")
    imp.add_argument("--date", metavar="YYYY-MM-DD", help="the assessment's date (default: today)")
    imp.add_argument("--force", action="store_true", help="replace the output file if it exists")
    _add_frameworks_option(imp)

    from assess.web.commandline import add_commands as add_workspace_commands

    add_workspace_commands(command)

    sub = command("schema", cmd_schema, "print the JSON Schema of a file format")
    sub.add_argument("kind", choices=["framework", "assessment", "result"])

    sub = command("pin", cmd_pin, "record the current framework versions and hashes in assessments")
    sub.add_argument("assessments", nargs="+", metavar="ASSESSMENT")
    _add_frameworks_option(sub)

    sub = command("run", cmd_run, "fill in an assessment at the terminal, or carry on with a saved one")
    sub.add_argument("assessment", nargs="?", metavar="ASSESSMENT.yaml",
                     help="the file to resume, or to create (default: a name made from the title)")
    sub.add_argument("--framework", metavar="ID", action="append",
                     help="answer this framework (repeatable; default: choose from all)")
    sub.add_argument("--quick", action="store_true",
                     help="do not ask for a note, evidence and confidence after each answer "
                          "(press e on a question to add them)")
    _add_frameworks_option(sub)

    from assess.rendering.pdf_variants import DEFAULT_PDF_VARIANT, PDF_VARIANTS
    from assess.report.formats import FORMATS as REPORT_FORMATS

    sub = command("report", cmd_report, "render an assessment as a report: PDF (default), HTML, Markdown or JSON")
    sub.add_argument("assessment", metavar="ASSESSMENT", help="an assessment YAML file, or a bundle (.zip) of one "
                     "with its evidence files, as the workspace exports it")
    sub.add_argument("-o", "--output", metavar="FILE",
                     help="where to write it ('-' for standard output); its extension picks the format "
                          "when --format is absent; default: the assessment's name with the format's extension")
    sub.add_argument("--format", choices=REPORT_FORMATS.names())
    sub.add_argument("--templates", metavar="DIR",
                     help="a directory of files that override the shipped templates one by one "
                          "(report.html.j2, partials/*.j2, report.css, extra.css, logo.svg, brand.yaml)")
    sub.add_argument("--pdf-variant", choices=PDF_VARIANTS, default=DEFAULT_PDF_VARIANT,
                     help=f"the PDF standard to follow (default: {DEFAULT_PDF_VARIANT}, tagged for accessibility)")
    sub.add_argument("--brief", action="store_true",
                     help="the decision brief alone (cover, verdict, what it rests on, gates, top actions, open "
                          "points, sign-off), without the annexes")
    sub.add_argument("--files", metavar="DIR", help="a directory holding the answers' evidence files, each named "
                     "by its SHA-256, to attach to the PDF (a bundle carries its own)")
    _add_frameworks_option(sub)

    sub = command("actions", lambda _: EXIT_USAGE, "the action plan as a spreadsheet (XLSX or CSV), and its owners, "
                                                   "due dates and statuses back into the assessment")
    steps = sub.add_subparsers(dest="step", metavar="STEP", parser_class=_Parser, required=True)
    help_text = "write the action plan as a spreadsheet: one row per action, with Owner, Due and Status columns"
    step = steps.add_parser("export", help=help_text, description=help_text)
    step.set_defaults(handler=cmd_actions_export)
    step.add_argument("assessment", metavar="ASSESSMENT")
    step.add_argument("-o", "--output", required=True, metavar="PLAN.xlsx|PLAN.csv")
    _add_frameworks_option(step)
    help_text = "read owners, due dates and statuses from a filled-in plan into the assessment's action_plan"
    step = steps.add_parser("import", help=help_text, description=help_text)
    step.set_defaults(handler=cmd_actions_import)
    step.add_argument("plan", metavar="PLAN.xlsx|PLAN.csv")
    step.add_argument("assessment", metavar="ASSESSMENT")
    _add_frameworks_option(step)

    sub = command("atrs", cmd_atrs, "draft an Algorithmic Transparency Recording Standard (ATRS) record from an "
                                    "assessment: the fields it supports filled in, the rest marked to complete")
    sub.add_argument("assessment", metavar="ASSESSMENT")
    sub.add_argument("-o", "--output", metavar="RECORD.md|RECORD.json",
                     help="where to write it (default: standard output); .json picks JSON")
    sub.add_argument("--format", choices=["md", "json"])
    _add_frameworks_option(sub)

    sub = command("extract", cmd_extract, "write out the assessment YAML attached to a report PDF")
    sub.add_argument("report", metavar="REPORT.pdf")
    sub.add_argument("-o", "--output", metavar="FILE", help="where to write it (default: standard output)")
    sub.add_argument("--files", metavar="DIR", help="also write the evidence files attached to the report into "
                     "DIR (made if missing), each under its sanitised name; nothing is overwritten")

    from assess.signing_commands import add_commands as add_signing_commands

    add_signing_commands(command)  # assess sign, assess verify

    from assess.comparison import MODE_NAMES
    from assess.comparison.formats import FORMATS as COMPARE_FORMATS

    sub = command("compare", cmd_compare, "compare assessments of one deployment: perspectives side by side, "
                                          "change between reviews, or a board's aggregate")
    sub.add_argument("assessments", nargs="+", metavar="ASSESSMENT")
    sub.add_argument("-o", "--output", metavar="FILE",
                     help="where to write it ('-' for standard output); its extension picks the format when "
                          "--format is absent; default: the table on standard output")
    sub.add_argument("--format", choices=COMPARE_FORMATS.names())
    sub.add_argument("--mode", choices=MODE_NAMES,
                     help="perspectives (different respondents), reviews (one respondent over time) or board "
                          "(members of one body, aggregated); default: told from the files' metadata")
    sub.add_argument("--ignore-subject", action="store_true",
                     help="compare even when the organisation or system differs (a warning is printed)")
    sub.add_argument("--templates", metavar="DIR",
                     help="a directory of files that override the shipped templates one by one "
                          "(compare.html.j2, partials/compare-*.j2, report.css, compare.css, extra.css, brand.yaml)")
    sub.add_argument("--pdf-variant", choices=PDF_VARIANTS, default=DEFAULT_PDF_VARIANT,
                     help=f"the PDF standard to follow (default: {DEFAULT_PDF_VARIANT}, tagged for accessibility)")
    _add_frameworks_option(sub)

    return parser


def _show_text_visibly(handler: Handler) -> Callable[[], None]:
    """From here on, everything a command prints to the terminal, errors included, shows bidi controls,
    zero-width and control characters as ⟦U+202E⟧ (assess/safetext.py): text from a framework, an answer
    or an imported file must not reorder or rewrite what is on the screen. The questionnaire writes its
    own screen control, so its output is left alone: its screens escape the text they show.
    Returns what puts the streams back."""
    from assess.safetext import VisibleStream

    out, err = sys.stdout, sys.stderr
    if handler is not cmd_run:
        sys.stdout = cast(TextIO, VisibleStream(out))
    sys.stderr = cast(TextIO, VisibleStream(err))

    def restore() -> None:
        sys.stdout, sys.stderr = out, err

    return restore


def main(argv: Sequence[str] | None = None) -> int:
    # Before anything imports a library that may warn: standard error carries assess's own lines only.
    library_warnings.install()
    parser = build_parser()
    args = parser.parse_args(argv)
    if args.verbose:
        library_warnings.install(verbose=True)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    restore = _show_text_visibly(handler)
    try:
        return handler(args)
    except AssessError as exc:
        _print_diagnostics(exc.diagnostics)
        return EXIT_USAGE
    except KeyboardInterrupt:
        print("\ninterrupted", file=sys.stderr)
        return EXIT_INTERRUPTED
    except BrokenPipeError:
        # The reader went away (`assess score ... | head`): not an error worth a traceback.
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        return EXIT_OK
    except Exception as exc:  # last resort: a traceback is a bug, but never the user's problem
        if os.environ.get("ASSESS_DEBUG"):
            raise
        print(f"assess: internal error: {type(exc).__name__}: {exc}", file=sys.stderr)
        print("This is a bug in assess. Run again with ASSESS_DEBUG=1 to see the details, and report it.",
              file=sys.stderr)
        return EXIT_INTERNAL
    finally:
        restore()
