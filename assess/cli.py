"""The command line: arguments in, text and exit status out. Nothing else lives here.

Exit status: 0 success; 1 a verdict reached `--fail-on`; 2 a user error (bad file,
bad arguments); 130 interrupted. Heavy libraries (questionary, weasyprint) are
imported only inside the commands that need them, so `assess score` starts fast.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from collections.abc import Callable, Sequence
from pathlib import Path
from typing import TYPE_CHECKING

from assess import __version__
from assess.errors import AssessError, Diagnostic

if TYPE_CHECKING:
    from assess.loading import FrameworkLibrary
    from assess.model import Framework

EXIT_OK, EXIT_FAIL_ON, EXIT_USAGE, EXIT_INTERRUPTED = 0, 1, 2, 130

Handler = Callable[[argparse.Namespace], int]


class _Parser(argparse.ArgumentParser):
    def error(self, message: str) -> None:  # type: ignore[override]
        self.print_usage(sys.stderr)
        print(f"{self.prog}: error: {message}", file=sys.stderr)
        raise SystemExit(EXIT_USAGE)


def _library(args: argparse.Namespace) -> FrameworkLibrary:
    from assess.loading import FrameworkLibrary

    return FrameworkLibrary(dirs=[Path(d) for d in args.frameworks or []])


def _add_frameworks_option(parser: argparse.ArgumentParser) -> None:
    parser.add_argument(
        "--frameworks", metavar="DIR", action="append",
        help="also use the frameworks in DIR (repeatable; a framework here replaces a built-in of the same id)",
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
    from assess.checks import check_framework
    from assess.loading import assessment_from_document, file_kind, load_framework_document
    from assess.yamlsource import read_document

    library = _library(args)
    problems: list[Diagnostic] = []
    valid = 0
    for name in args.paths:
        path = Path(name)
        try:
            kind = file_kind(read_document(path, name))
            if kind == "framework":
                framework, doc = load_framework_document(path, name)
                others = _loadable_frameworks(library)
                found = list(check_framework(framework, doc, {**others, framework.id: framework}))
                if found:
                    raise AssessError(found)
            else:
                assessment_from_document(read_document(path, name), library)
            valid += 1
        except AssessError as exc:
            problems.extend(exc.diagnostics)
    for problem in problems:
        print(problem, file=sys.stderr)
    if problems:
        files = len({p.path for p in problems})
        print(f"{len(problems)} error(s) in {files} file(s); {valid} file(s) valid", file=sys.stderr)
        return EXIT_USAGE
    print(f"{valid} file(s) valid")
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
        result = score(frameworks, assessment)
        for warning in result.warnings:
            print(f"{name}: warning: {warning}", file=sys.stderr)
        results.append(result)
    if problems:
        raise AssessError(problems)
    if args.format == "json":
        dumped = [r.model_dump(mode="json", by_alias=True) for r in results]
        print(json.dumps(dumped[0] if len(dumped) == 1 else dumped, indent=2, ensure_ascii=False))
    else:
        from assess.text import result_table

        print("\n\n".join(result_table(r) for r in results))
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
    from assess.loading import load_assessment
    from assess.storage import pinned_text

    library = _library(args)
    for name in args.assessments:
        path = Path(name)
        _, frameworks = load_assessment(path, library)
        text = path.read_text(encoding="utf-8-sig")
        write_atomic(path, pinned_text(text, frameworks, name))
        print(f"{name}: pinned {', '.join(f'{f.id} {f.version}' for f in frameworks.values())}")
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

    sub = command("schema", cmd_schema, "print the JSON Schema of a file format")
    sub.add_argument("kind", choices=["framework", "assessment", "result"])

    sub = command("pin", cmd_pin, "record the current framework versions and hashes in assessments")
    sub.add_argument("assessments", nargs="+", metavar="ASSESSMENT")
    _add_frameworks_option(sub)

    return parser


def main(argv: Sequence[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    handler: Handler | None = getattr(args, "handler", None)
    if handler is None:
        parser.print_help()
        return EXIT_USAGE
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
