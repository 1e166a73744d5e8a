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
import re
import sys
from collections.abc import Callable, Iterable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING, TextIO, cast

from assess import __version__
from assess.errors import AssessError, Diagnostic

if TYPE_CHECKING:
    from assess.loading import FrameworkLibrary
    from assess.model import Framework
    from assess.safewrite import Input

EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_INTERNAL, EXIT_INTERRUPTED = 0, 1, 2, 70, 130

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _library(args: argparse.Namespace) -> FrameworkLibrary:
    from assess.loading import FrameworkLibrary

    return FrameworkLibrary(dirs=[Path(d) for d in args.frameworks or []], lang=getattr(args, "lang", None))


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
    from assess.text import wrap

    for fw in frameworks.values():
        origin = "" if library.is_builtin(fw.id) else f"  [{library.path(fw.id)}]"
        print(f"{fw.id}  v{fw.version}  {len(fw.questions())} questions  (reviewed {fw.last_reviewed}){origin}")
        print(f"  {fw.title}")
        print(wrap(fw.summary, indent="  "))
        print()
    return EXIT_OK


def cmd_validate(args: argparse.Namespace) -> int:
    from assess.checks import misleading_text
    from assess.loading import assessment_from_document, check_framework_file, file_kind
    from assess.yamlsource import read_document

    library = _library(args)
    problems: list[Diagnostic] = []
    warnings: list[Diagnostic] = []
    valid = 0
    for name in args.paths:
        path = Path(name)
        found: list[Diagnostic] = []
        try:
            doc = read_document(path, name)
            found = list(misleading_text(doc))
            if file_kind(doc) == "framework":
                found += check_framework_file(path, name, args.lang, _loadable_frameworks(library))[2]
            else:
                assessment_from_document(read_document(path, name), library)
        except AssessError as exc:
            found += exc.diagnostics
        if not any(d.severity == "error" for d in found):
            valid += 1
        for diagnostic in sorted(found, key=lambda d: (d.path != name, d.path, d.line, d.column)):
            print(diagnostic, file=sys.stderr)
            (problems if diagnostic.severity == "error" else warnings).append(diagnostic)
    noted = f", {len(warnings)} warning(s)" if warnings else ""
    if problems:
        files = len({p.path for p in problems})
        print(f"{len(problems)} error(s) in {files} file(s){noted}; {valid} file(s) valid", file=sys.stderr)
        return EXIT_USAGE
    print(f"{valid} file(s) valid{noted}")
    return EXIT_OK


def _loadable_frameworks(library: FrameworkLibrary) -> dict[str, Framework]:
    """The library's frameworks that load cleanly, for resolving qualified `when` names."""
    found: dict[str, Framework] = {}
    for fid in library.ids():
        try:
            found[fid] = library.load(fid)
        except AssessError:
            continue
    return found


def cmd_score(args: argparse.Namespace) -> int:
    from assess.loading import load_assessment
    from assess.result import Rating, Verdict
    from assess.scoring import score

    library = _library(args)
    results = []
    problems: list[Diagnostic] = []
    for name in args.assessments:
        try:
            assessment, frameworks = load_assessment(Path(name), library)
        except AssessError as exc:
            problems.extend(exc.diagnostics)
            continue
        result = score(frameworks, assessment, args.lang)
        for warning in result.warnings:
            print(f"{name}: warning: {warning}", file=sys.stderr)
        results.append(result)
    if problems:
        raise AssessError(problems)
    if args.format == "json":
        dumped = [r.model_dump(mode="json", by_alias=True) for r in results]
        from assess.safetext import json_visible

        print(json_visible(json.dumps(dumped[0] if len(dumped) == 1 else dumped, indent=2, ensure_ascii=False,
                                      allow_nan=False)))
    else:
        from assess.i18n import language
        from assess.text import result_table

        print("\n\n".join(result_table(r, language(args.lang)) for r in results))
    if args.fail_on:
        threshold = Verdict.conditions if Rating(args.fail_on) is Rating.amber else Verdict.pause
        if any(r.verdict.rank >= threshold.rank for r in results):
            return EXIT_FAIL_ON
    return EXIT_OK


def cmd_schema(args: argparse.Namespace) -> int:
    from assess.schemas import json_schema

    print(json.dumps(json_schema(args.kind), indent=2))
    return EXIT_OK


def cmd_pin(args: argparse.Namespace) -> int:
    from assess.atomic import write_atomic
    from assess.files import read_user_file
    from assess.loading import load_assessment
    from assess.safewrite import hold
    from assess.storage import pinned_text
    from assess.yamlsource import MAX_FILE_BYTES

    library = _library(args)
    for name in args.assessments:
        path = Path(name)
        # Read, pin and write under the lock: `assess run` on the same file is refused, not overwritten.
        with hold(path, "assess pin", name):
            _, frameworks = load_assessment(path, library)
            text = read_user_file(path, name, "YAML", MAX_FILE_BYTES).decode("utf-8-sig")
            write_atomic(path, pinned_text(text, frameworks, name))
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

    from assess.text import ratings_lines, result_table, verdict_line

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
    """The framework files a command read, as inputs an output must not overwrite."""
    from assess.safewrite import Input

    paths = [library.path(fid) for fid in frameworks]
    return [Input(path, "the framework") for path in paths if path is not None]


def _template_inputs(templates: Path | None, shipped: Path) -> list[Input]:
    from assess.safewrite import Input

    found = [Input(shipped, "the shipped templates directory")]
    return found + ([Input(templates, "the templates directory")] if templates is not None else [])


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
    from assess.report.build import load_job, missing_files_warning
    from assess.report.formats import choose_format, default_output
    from assess.report.templating import shipped_templates_dir
    from assess.safewrite import Input, refuse_inputs, write_output

    source = Path(args.assessment)
    output = Path(args.output) if args.output else None
    fmt = choose_format(args.format, output)
    if output is None:
        output = default_output(source, fmt)
    templates = Path(args.templates) if args.templates else None
    library = _library(args)
    job = load_job(source, library, templates, args.pdf_variant, display=args.assessment, lang=args.lang,
                   brief=args.brief, files_dir=Path(args.files) if args.files else None)
    inputs = [Input(source, "the assessment"), *_framework_inputs(library, job.frameworks)]
    template_dirs = _template_inputs(templates, shipped_templates_dir())
    if str(output) != "-":  # refused before the (slow) rendering, and again just before writing
        refuse_inputs(output, inputs, str(output), template_dirs)
    for warning in job.result.warnings:
        print(f"{args.assessment}: warning: {warning}", file=sys.stderr)
    missing = missing_files_warning(job) if fmt.name == "pdf" else None
    if missing:
        print(f"{args.assessment}: warning: {missing}", file=sys.stderr)
    rendered = fmt.render(job)
    for warning in rendered.warnings:
        print(f"{args.templates or args.assessment}: warning: {warning}", file=sys.stderr)
    if str(output) == "-":
        sys.stdout.buffer.write(rendered.data)
        sys.stdout.flush()
        return EXIT_OK
    write_output(output, rendered.data, "assess report", inputs, str(output), template_dirs)
    print(f"wrote {output}" + ("" if job.result.complete else " (DRAFT: the assessment is incomplete)"))
    return EXIT_OK


def cmd_actions_export(args: argparse.Namespace) -> int:
    from assess.loading import load_assessment
    from assess.plan import FORMATS, export_plan, plan_rows
    from assess.safewrite import Input, refuse_inputs, write_output
    from assess.scoring import score

    output = Path(args.output)
    if output.suffix.lower() not in FORMATS:
        raise AssessError.at(args.output, "the plan is written as .xlsx or .csv: name the file so")
    library = _library(args)
    source = Path(args.assessment)
    refuse_inputs(output, [Input(source, "the assessment")], args.output)
    assessment, frameworks = load_assessment(source, library)
    inputs = [Input(source, "the assessment"), *_framework_inputs(library, frameworks)]
    rows = plan_rows(assessment, frameworks, score(frameworks, assessment))
    write_output(output, export_plan(rows, output.suffix.lower()), "assess actions export", inputs, args.output)
    print(f"wrote {output} ({len(rows)} action{'s' if len(rows) != 1 else ''})")
    return EXIT_OK


def cmd_actions_import(args: argparse.Namespace) -> int:
    import yaml

    from assess.atomic import write_atomic
    from assess.files import read_user_file
    from assess.loading import load_assessment
    from assess.model import Assessment
    from assess.plan import plan_block, read_plan
    from assess.safewrite import hold, same_file
    from assess.storage import with_block
    from assess.yamlsource import MAX_FILE_BYTES

    path = Path(args.assessment)
    if same_file(Path(args.plan), path):
        raise AssessError.at(args.plan, "is the assessment itself; name the spreadsheet exported from it")
    # Read, merge and write under the lock: `assess run` on the same file is refused, not overwritten.
    with hold(path, "assess actions import", args.assessment):
        assessment, frameworks = load_assessment(path, _library(args))
        known = {fid: set(fw.question_index) for fid, fw in frameworks.items()}
        plan = read_plan(Path(args.plan), known, display=args.plan)
        merged = {fid: dict(questions) for fid, questions in (assessment.action_plan or {}).items()}
        for fid, questions in plan.items():
            merged.setdefault(fid, {}).update(questions)
        text = read_user_file(path, args.assessment, "YAML", MAX_FILE_BYTES).decode("utf-8-sig")
        updated = with_block(text, "action_plan", plan_block(merged), args.assessment)
        Assessment.model_validate(yaml.safe_load(updated))  # what will be written reads back, before writing it
        write_atomic(path, updated)
    count = sum(len(q) for q in plan.values())
    print(f"{args.assessment}: recorded owner, due date or status for {count} action{'s' if count != 1 else ''}")
    return EXIT_OK


def cmd_atrs(args: argparse.Namespace) -> int:
    from assess.atrs import build_record, record_markdown
    from assess.loading import load_assessment
    from assess.safewrite import Input, refuse_inputs, write_output
    from assess.scoring import score

    output = Path(args.output) if args.output else None
    kind = args.format or ("json" if output is not None and output.suffix.lower() == ".json" else "md")
    library = _library(args)
    source = Path(args.assessment)
    to_file = output is not None and str(output) != "-"
    if to_file:
        assert output is not None
        refuse_inputs(output, [Input(source, "the assessment")], str(output))
    assessment, frameworks = load_assessment(source, library)
    record = build_record(assessment, frameworks, score(frameworks, assessment), args.assessment)
    text = record.to_json() if kind == "json" else record_markdown(record)
    if not to_file:
        sys.stdout.write(text)
        return EXIT_OK
    assert output is not None
    inputs = [Input(source, "the assessment"), *_framework_inputs(library, frameworks)]
    write_output(output, text, "assess atrs", inputs, str(output))
    print(f"wrote {output} (a draft: complete the fields marked 'To complete' before publishing)")
    return EXIT_OK


def cmd_extract(args: argparse.Namespace) -> int:
    from assess.report.extract import extract_assessment
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
    from assess.compare import compare
    from assess.comparison.formats import choose_format, render
    from assess.comparison.load import check_subjects, load_entries
    from assess.comparison.model import Mode
    from assess.report.templating import shipped_templates_dir
    from assess.safewrite import Input, refuse_inputs, write_output

    output = Path(args.output) if args.output else None
    fmt = choose_format(args.format, output)
    if output is None and fmt in ("pdf", "html"):
        output = Path(f"comparison.{fmt}")
    from assess.i18n import translator

    library = _library(args)
    entries = load_entries(args.assessments, library, args.lang)
    inputs = [Input(Path(entry.name), "the assessment") for entry in entries]
    for entry in entries:
        inputs += _framework_inputs(library, entry.frameworks)
    templates = Path(args.templates) if args.templates else None
    template_dirs = _template_inputs(templates, shipped_templates_dir())
    if output is not None and str(output) != "-":
        refuse_inputs(output, inputs, str(output), template_dirs)
    for entry in entries:
        for warning in entry.result.warnings:
            print(f"{entry.name}: warning: {warning}", file=sys.stderr)
    for warning in check_subjects(entries, args.ignore_subject):
        print(f"warning: {warning}", file=sys.stderr)
    comparison = compare(entries, Mode(args.mode) if args.mode else None, tool_version=version, lang=args.lang)
    width = None
    if (output is None or str(output) == "-") and sys.stdout.isatty():  # the table wraps to the terminal
        import shutil

        width = max(min(shutil.get_terminal_size().columns - 1, 140), 40)
    data, warnings = render(fmt, comparison, entries, Path(args.templates) if args.templates else None,
                            args.pdf_variant, width, translator(args.lang))
    for warning in warnings:
        print(f"{args.templates or 'compare'}: warning: {warning}", file=sys.stderr)
    if output is None or str(output) == "-":
        sys.stdout.buffer.write(data)
        sys.stdout.flush()
        return EXIT_OK
    write_output(output, data, "assess compare", inputs, str(output), template_dirs)
    print(f"wrote {output} ({comparison.mode.value}: {len(entries)} assessments)")
    return EXIT_OK


def _no_source(args: argparse.Namespace) -> int:
    print("assess import: error: name what to import: surveyjs or aia-answers", file=sys.stderr)
    return EXIT_USAGE


def cmd_import_surveyjs(args: argparse.Namespace) -> int:
    import tempfile

    from assess.importers import (
        MAX_SURVEY_BYTES,
        check_framework_bytes,
        check_framework_values,
        framework_yaml,
        read_json,
    )
    from assess.importers.surveyjs import Options, convert_survey
    from assess.loading import load_framework
    from assess.safewrite import Input, refuse_inputs, write_output

    output = Path(args.output)
    framework_id = args.id or output.stem
    if not re.match(r"^[a-z][a-z0-9_-]*$", framework_id) or len(framework_id) > 64:
        raise AssessError.at(args.output, f"'{framework_id}' cannot be a framework id",
                             hint="use lower-case letters, digits, '-' and '_', starting with a letter (--id)")
    if output.suffix not in (".yaml", ".yml") or output.stem != framework_id:
        raise AssessError.at(args.output, "the output must be named after the framework id, as ID.yaml",
                             hint=f"use -o {output.with_name(framework_id + '.yaml')}")
    if output.exists() and not args.force:
        raise AssessError.at(args.output, "already exists", hint="use --force to replace it")
    inputs = [Input(Path(args.survey), "the survey")]
    inputs += [Input(Path(spec.rpartition("=")[2]), "a requirements file") for spec in args.requirements or []]
    refuse_inputs(output, inputs, args.output)
    survey, text = read_json(Path(args.survey), args.survey, MAX_SURVEY_BYTES)
    requirements: dict[str, object] = {}
    for spec in args.requirements or []:
        lang, _, name = spec.rpartition("=")
        requirements[lang or args.default_lang] = read_json(Path(name), name, MAX_SURVEY_BYTES)[0]
    reviewed = _iso_date(args.reviewed, "--reviewed") or dt.date.today()
    options = Options(framework_id=framework_id, title=args.title, version=args.framework_version,
                      default_lang=args.default_lang, convention=args.convention, reviewed=reviewed,
                      requirements=requirements, source=args.survey)
    imported = convert_survey(survey, options, text)
    for warning in imported.warnings:
        print(f"{args.survey}: warning: {warning}", file=sys.stderr)
    check_framework_values(imported.data, args.survey)
    header = (f"# Converted from {Path(args.survey).name} by `assess import surveyjs`.\n"
              "# Its text is the survey author's; check the licence before you share this file.\n")
    data = framework_yaml(imported.data, header)
    check_framework_bytes(data, args.survey)
    # Read the result back as `assess validate` would, before anything is written.
    with tempfile.TemporaryDirectory() as scratch:
        check = Path(scratch) / output.name
        check.write_text(data, encoding="utf-8")
        load_framework(check, args.output)
    try:
        output.parent.mkdir(parents=True, exist_ok=True)
    except OSError as exc:
        raise AssessError.at(args.output, f"cannot write: {exc.strerror or exc}") from None
    write_output(output, data, "assess import", inputs, args.output)
    sections = imported.data["sections"]
    count = sum(len(s["questions"]) for s in sections)
    print(f"wrote {args.output}: {len(sections)} sections, {count} questions"
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
    from assess.importers import read_json
    from assess.importers.aia_answers import import_answers
    from assess.safewrite import Input, refuse_inputs, write_output
    from assess.storage import dump_assessment

    output = Path(args.output)
    if output.exists() and not args.force:
        raise AssessError.at(args.output, "already exists", hint="use --force to replace it")
    library = _library(args)
    if library.path(args.framework) is None:
        from assess.errors import did_you_mean

        raise AssessError.at(args.results, f"unknown framework '{args.framework}'",
                             hint=did_you_mean(args.framework, library.ids())
                             or "import the survey first: assess import surveyjs, then --frameworks DIR")
    framework_path = library.path(args.framework)
    inputs = [Input(Path(args.results), "the results")]
    inputs += [Input(framework_path, "the framework")] if framework_path is not None else []
    refuse_inputs(output, inputs, args.output)
    framework = library.load(args.framework)
    saved, _ = read_json(Path(args.results), args.results)
    done = import_answers(saved, framework, args.results, args.title, args.organisation, args.system,
                          _iso_date(args.date, "--date"))
    for name in done.unknown:
        print(f"{args.results}: warning: '{name}' is not a question of '{framework.id}'; left out", file=sys.stderr)
    for why in done.invalid:
        print(f"{args.results}: warning: {why}; left out", file=sys.stderr)
    if done.dropped_hidden:
        print(f"{args.results}: note: {len(done.dropped_hidden)} answer(s) to questions the final answers hide "
              f"were dropped, as the official tool drops them: {', '.join(done.dropped_hidden)}", file=sys.stderr)
    write_output(output, dump_assessment(done.assessment), "assess import", inputs, args.output)
    kept = len(done.assessment.answers.get(framework.id, {}))
    print(f"wrote {args.output}: {kept} answer(s) to '{framework.id}'")
    return EXIT_OK


# --------------------------------------------------------------------------- parser


def build_parser() -> argparse.ArgumentParser:
    parser = _Parser(
        prog="assess",
        description="AI-governance impact assessments: frameworks in YAML, scored answers, reports.",
    )
    parser.add_argument("--version", action="version", version=f"assess {__version__}")
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

    from assess.report import DEFAULT_PDF_VARIANT, FORMAT_NAMES, PDF_VARIANTS

    sub = command("report", cmd_report, "render an assessment as a report: PDF (default), HTML, Markdown or JSON")
    sub.add_argument("assessment", metavar="ASSESSMENT", help="an assessment YAML file, or a bundle (.zip) of one "
                     "with its evidence files, as the workspace exports it")
    sub.add_argument("-o", "--output", metavar="FILE",
                     help="where to write it ('-' for standard output); its extension picks the format "
                          "when --format is absent; default: the assessment's name with the format's extension")
    sub.add_argument("--format", choices=FORMAT_NAMES)
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

    from assess.comparison import FORMAT_NAMES as COMPARE_FORMATS
    from assess.comparison import MODE_NAMES

    sub = command("compare", cmd_compare, "compare assessments of one deployment: perspectives side by side, "
                                          "change between reviews, or a board's aggregate")
    sub.add_argument("assessments", nargs="+", metavar="ASSESSMENT")
    sub.add_argument("-o", "--output", metavar="FILE",
                     help="where to write it ('-' for standard output); its extension picks the format when "
                          "--format is absent; default: the table on standard output")
    sub.add_argument("--format", choices=COMPARE_FORMATS)
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
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
    restore = _show_text_visibly(handler)
    try:
        return handler(args)
    except AssessError as exc:
        for diagnostic in exc.diagnostics:
            print(diagnostic, file=sys.stderr)
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
