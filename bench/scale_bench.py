"""How the engine's cost grows with the size of a framework.

Generates frameworks of 100, 1,000 and 10,000 questions (sections of ten; every third question has a
`when` that reads the one before it, as real frameworks do) with a full set of answers, and times, in
one process: validating the framework and the assessment from YAML (`assess validate`'s path), scoring
(`score()`), and rendering the report to HTML. Prints each time and the fitted exponent k of
time ~ questions^k (least squares on the logs; of wall time, and of CPU time, steadier on a shared machine).
Goals: k <= 1.1 for each, and 10,000 questions scored in under 1 s.

    .venv/bin/python bench/scale_bench.py [--sizes 100 1000 10000] [--runs 3]
"""

from __future__ import annotations

import argparse
import gc
import math
import statistics
import sys
import tempfile
import time
from collections.abc import Callable
from pathlib import Path

import yaml

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))


def framework_doc(size: int) -> dict[str, object]:
    sections = []
    for s in range(math.ceil(size / 10)):
        questions = []
        for q in range(s * 10, min(size, s * 10 + 10)):
            question: dict[str, object] = {
                "id": f"q{q}", "ask": f"Question {q}: is the safeguard in place?", "type": "choice",
                "help": "Generated for the scaling benchmark.", "refs": ["src"],
                "options": [
                    {"value": "yes", "label": "Yes, documented", "score": 2},
                    {"value": "partly", "label": "In part", "score": 1, "recommend": "Finish it."},
                    {"value": "no", "label": "No", "score": 0, "recommend": "Put it in place."},
                ],
            }
            if q % 3 == 2:
                question["when"] = f"q{q - 1} != 'no'"
            questions.append(question)
        sections.append({"id": f"s{s}", "title": f"Section {s}", "questions": questions})
    return {
        "schema": "assess/framework@1", "id": f"scale{size}", "version": "1.0.0", "title": f"Scale {size}",
        "summary": "A generated framework.", "last_reviewed": "2026-01-01",
        "references": {"src": {"cite": "A generated source"}}, "sections": sections,
    }


def assessment_doc(size: int) -> dict[str, object]:
    choices = ("yes", "partly", "no")
    return {
        "schema": "assess/assessment@1", "title": f"Scale {size}", "date": "2026-01-02",
        "subject": {"organisation": "Bench", "system": "Generated"},
        "frameworks": {f"scale{size}": {"version": "1.0.0"}},
        "answers": {f"scale{size}": {f"q{q}": {"answer": choices[q % 3]} for q in range(size)}},
    }


def best_of(runs: int, job: Callable[[], object]) -> tuple[float, float]:
    """Median wall time and median CPU time of the process (the latter steadier on a shared machine)."""
    times, cpu_times = [], []
    for _ in range(runs):
        gc.collect()
        start, cpu_start = time.perf_counter(), time.process_time()
        job()
        times.append(time.perf_counter() - start)
        cpu_times.append(time.process_time() - cpu_start)
    return statistics.median(times), statistics.median(cpu_times)


def exponent(sizes: list[int], times: list[float]) -> float:
    xs = [math.log(s) for s in sizes]
    ys = [math.log(max(t, 1e-9)) for t in times]
    mx, my = statistics.fmean(xs), statistics.fmean(ys)
    return sum((x - mx) * (y - my) for x, y in zip(xs, ys, strict=True)) / sum((x - mx) ** 2 for x in xs)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--sizes", type=int, nargs="+", default=[100, 1000, 10000])
    parser.add_argument("--runs", type=int, default=3)
    args = parser.parse_args()

    from assess.checks import check_framework
    from assess.loading import FrameworkLibrary, load_assessment, load_framework_document
    from assess.report.build import load_job
    from assess.report.formats import FORMATS
    from assess.scoring import score

    timings: dict[str, list[float]] = {"validate": [], "score": [], "report-html": []}
    cpu: dict[str, list[float]] = {name: [] for name in timings}
    with tempfile.TemporaryDirectory() as tmp:
        for size in args.sizes:
            folder = Path(tmp) / str(size)
            folder.mkdir()
            fw_path = folder / f"scale{size}.yaml"
            fw_path.write_text(yaml.safe_dump(framework_doc(size), sort_keys=False), encoding="utf-8")
            as_path = folder / "answers.yaml"
            as_path.write_text(yaml.safe_dump(assessment_doc(size), sort_keys=False), encoding="utf-8")
            library = FrameworkLibrary(dirs=[folder], include_builtin=False)

            def validate(fw_path: Path = fw_path, as_path: Path = as_path, library: FrameworkLibrary = library,
                         ) -> None:
                framework, doc = load_framework_document(fw_path, str(fw_path))
                problems = list(check_framework(framework, doc, {framework.id: framework}))
                assert not problems, problems[:3]
                load_assessment(as_path, FrameworkLibrary(dirs=[fw_path.parent], include_builtin=False))

            assessment, frameworks = load_assessment(as_path, library)
            job = load_job(as_path, library)
            jobs: dict[str, Callable[[], object]] = {
                "validate": validate,
                "score": lambda a=assessment, f=frameworks: score(f, a),
                "report-html": lambda j=job: FORMATS["html"].render(j),
            }
            for name, run in jobs.items():
                wall, spent = best_of(args.runs, run)
                timings[name].append(wall)
                cpu[name].append(spent)
            print(f"{size:6d} questions   " + "   ".join(
                f"{name} {values[-1] * 1000:8.1f} ms (cpu {cpu[name][-1] * 1000:8.1f})"
                for name, values in timings.items()), flush=True)
    for name, values in timings.items():
        print(f"{name:12} exponent {exponent(args.sizes, values):.2f}, of CPU time "
              f"{exponent(args.sizes, cpu[name]):.2f}  (goal <= 1.1)")
    if 10000 in args.sizes:
        scored = timings["score"][args.sizes.index(10000)]
        print(f"score, 10,000 questions: {scored:.3f} s  (goal < 1 s)")


if __name__ == "__main__":
    main()
