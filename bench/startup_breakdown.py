"""Where `assess score`'s start-up goes: import or work, stage by stage.

Each stage is a fresh `python -c` that does what the one before it did and one thing more, so the
difference between two stages is what that one thing costs in a whole process, with everything before
it already paid. The stages are timed in turns (so load on the machine affects them alike) and the
median CPU time (user + system) of each is shown, with its share of the whole `assess score` run. The
floor is bench/score_bench.py's: the libraries' own import, which no tool on this stack can avoid.

With --instructions the stages are counted in instructions under valgrind (slow: about a minute in
all), which, unlike times, do not move with the machine's load.

    .venv/bin/python bench/startup_breakdown.py [--runs 11] [--instructions] [--assessment FILE]
"""

from __future__ import annotations

import argparse
import compileall
import os
import re
import resource
import statistics
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ASSESSMENT = ROOT / "examples" / "met-officer-monitoring" / "ethics-board.yaml"


def stages(assessment: Path) -> list[tuple[str, str, bool]]:
    """(what the stage adds, the code that runs every stage up to it, whether it is a part of the next stage
    measured on its own rather than a stage: the next stage does not carry it)."""
    steps = [
        ("the interpreter alone", "pass", False),
        ("floor: import yaml, pydantic, jinja2", "import yaml, pydantic, jinja2", False),
        ("pydantic's model machinery (a first BaseModel)",
         "from pydantic import BaseModel\nclass First(BaseModel):\n    a: int", False),
        ("assess.model (the format's models built)", "import assess.model", False),
        ("assess.result (the result's models built)", "import assess.result", False),
        ("the rest of score's imports", "import assess.cli, assess.app.scoring, assess.score_table, assess.safetext",
         False),
        ("the command line parsed", f"args = assess.cli.build_parser().parse_args(['score', {str(assessment)!r}])",
         False),
        ("  of the next: the frameworks' YAML read", "from assess.app.library import open_library\n"
         "from assess.yamlsource import read_document\nlibrary = open_library()\n"
         "for fid in library.ids():\n    read_document(library.path(fid))", True),
        ("the assessment and its frameworks loaded (YAML, localised, validated, checked)",
         "from assess.loading import FrameworkLibrary, load_assessment\nfrom pathlib import Path\n"
         f"assessment, frameworks = load_assessment(Path({str(assessment)!r}), FrameworkLibrary())", False),
        ("Babel's locale data (the first percentage)", "from assess.i18n import ENGLISH\nENGLISH.percent(50)", False),
        ("scored", "from assess.scoring import score\nresult = score(frameworks, assessment)", False),
    ]
    found: list[tuple[str, str, bool]] = []
    carried: list[str] = []
    for label, code, part in steps:
        found.append((label, "\n".join([*carried, code]), part))
        if not part:
            carried.append(code)
    return found


def cpu_ms(command: list[str]) -> float:
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return ((after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)) * 1000


def instructions(command: list[str]) -> float:
    """Millions of instructions the command executes, as valgrind counts them."""
    done = subprocess.run(["valgrind", "--tool=cachegrind", "--cache-sim=no", "--cachegrind-out-file=/dev/null",
                           *command], check=True, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE, text=True,
                          cwd=ROOT, env={**os.environ, "PYTHONHASHSEED": "0"})
    found = re.search(r"I\s+refs:\s+([\d,]+)", done.stderr)
    if found is None:
        raise SystemExit("valgrind gave no instruction count")
    return int(found.group(1).replace(",", "")) / 1e6


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=11)
    parser.add_argument("--instructions", action="store_true", help="count instructions under valgrind instead")
    parser.add_argument("--assessment", type=Path, default=DEFAULT_ASSESSMENT)
    args = parser.parse_args()
    compileall.compile_dir(ROOT / "assess", quiet=1)  # as an install does (see score_bench.py)
    assessment = args.assessment.resolve()
    planned = stages(assessment)
    parts = {label for label, _, part in planned if part}
    commands = [(label, [sys.executable, "-c", code]) for label, code, _ in planned]
    commands.append(("the table printed: the whole `assess score`",
                     [sys.executable, "-m", "assess", "score", str(assessment)]))
    if args.instructions:
        unit, figures = "M instr", {label: instructions(command) for label, command in commands}
    else:
        for _, command in commands:
            cpu_ms(command)  # warm the file cache
        samples: dict[str, list[float]] = {label: [] for label, _ in commands}
        for _ in range(args.runs):
            for label, command in commands:
                samples[label].append(cpu_ms(command))
        unit, figures = "ms CPU", {label: statistics.median(times) for label, times in samples.items()}
    values = list(figures.values())
    floor, whole = values[1], values[-1]
    previous = 0.0
    print(f"{'stage (each adds this to the one above)':78} {unit:>9} {'added':>8} {'share':>6}")
    for label, value in figures.items():
        added = value - previous
        print(f"{label:78} {value:9.1f} {added:+8.1f} {added / whole:6.1%}")
        if label not in parts:
            previous = value
    print(f"ratio to the floor: {whole / floor:.2f} (goal <= 1.5: at most {1.5 * floor:.0f} {unit}); "
          f"assessment: {assessment.relative_to(ROOT) if assessment.is_relative_to(ROOT) else assessment}")


if __name__ == "__main__":
    main()
