"""Benchmark `assess score`.

1. Whole process: `assess score` on a four-framework assessment, median wall time,
   as a ratio to `python -c "import yaml, pydantic, jinja2"` timed in the same run
   (the floor any Python tool on this stack pays). Goal: ratio <= 1.5.
2. Throughput: load, validate and score 1,000 generated assessments in one process.
   Goal: <= 2 s. The assessments answer every built-in framework (8 now; issue #11's first
   figure was taken with 4: `--frameworks 4` answers the first four by id). CPU time is shown
   beside wall time, as the machine may be shared.

    .venv/bin/python bench/score_bench.py [--runs 21] [--assessment FILE] [--count 1000]
                                          [--frameworks N] [--throughput-only]
"""

from __future__ import annotations

import argparse
import compileall
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ASSESSMENT = ROOT / "examples" / "met-officer-monitoring" / "ethics-board.yaml"


def timed(command: list[str]) -> tuple[float, float]:
    """Wall time and CPU time (user + system, of the child) of one run."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
    wall = time.perf_counter() - start
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return wall, (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def compile_like_an_install() -> None:
    """Write assess's bytecode, as installing a wheel does. The floor's libraries start from the `.pyc`
    files pip wrote when it installed them; a source checkout run with PYTHONDONTWRITEBYTECODE set (CI,
    containers) never gets any, and would compile assess's modules from source on every run: about 60 ms
    of CPU that no installed copy pays, which would be timed as start-up."""
    compileall.compile_dir(ROOT / "assess", quiet=1)


def whole_process(assessment: Path, runs: int) -> None:
    floor_cmd = [sys.executable, "-c", "import yaml, pydantic, jinja2"]
    score_cmd = [sys.executable, "-m", "assess", "score", str(assessment)]
    compile_like_an_install()
    timed(floor_cmd), timed(score_cmd)  # warm the file cache
    # Alternate the two so that load on the machine affects both alike.
    floors, scores = [], []
    for _ in range(runs):
        floors.append(timed(floor_cmd))
        scores.append(timed(score_cmd))
    for label, pick in (("wall", 0), ("cpu", 1)):
        floor = statistics.median(t[pick] for t in floors)
        score = statistics.median(t[pick] for t in scores)
        print(f"{label:4}  floor (import yaml, pydantic, jinja2) {floor * 1000:6.1f} ms   "
              f"assess score {score * 1000:6.1f} ms   ratio {score / floor:.2f}  (goal <= 1.5)")
    print(f"      assessment: {assessment.relative_to(ROOT)}, {runs} runs each, medians")


def random_answers(framework: Any, rng: random.Random) -> dict[str, dict[str, Any]]:
    from assess.model import DONT_KNOW, QuestionType

    answers: dict[str, dict[str, Any]] = {}
    for q in framework.questions():
        roll = rng.random()
        if roll < 0.05:
            continue  # unanswered
        if q.scored and roll < 0.15:
            answers[q.id] = {"answer": DONT_KNOW}
            continue
        if q.type is QuestionType.multi:
            plain = [o.value for o in q.options if not o.exclusive]
            value: Any = rng.sample(plain, rng.randint(1, len(plain)))
        elif q.type is QuestionType.scale:
            assert q.scale is not None
            value = rng.randint(q.scale.min, q.scale.max)
        elif q.type is QuestionType.number:
            value = rng.randint(0, 50_000)
        elif q.type is QuestionType.date:
            value = "2026-02-01"
        elif q.type is QuestionType.text:
            value = "free text"
        else:
            value = rng.choice(q.options).value
        answers[q.id] = {"answer": value, "evidence": ["report"] if rng.random() < 0.5 else []}
    return answers


def throughput(count: int, framework_count: int | None = None) -> None:
    import yaml

    from assess.fingerprint import pin
    from assess.loading import FrameworkLibrary, load_assessment
    from assess.scoring import score

    library = FrameworkLibrary()
    frameworks = library.load_many(library.ids()[:framework_count])
    rng = random.Random(20261122)
    with tempfile.TemporaryDirectory() as tmp:
        paths = []
        for i in range(count):
            data = {
                "schema": "assess/assessment@1",
                "title": f"Generated assessment {i}",
                "subject": {"organisation": "Bench", "system": "Bench"},
                "frameworks": {fid: pin(fw).model_dump(mode="json") for fid, fw in frameworks.items()},
                "answers": {fid: random_answers(fw, rng) for fid, fw in frameworks.items()},
            }
            path = Path(tmp) / f"a{i}.yaml"
            path.write_text(yaml.safe_dump(data, sort_keys=False))
            paths.append(path)
        questions = sum(len(fw.questions()) for fw in frameworks.values())
        start, cpu_start = time.perf_counter(), time.process_time()
        loaded = [load_assessment(p, library) for p in paths]
        loaded_at, cpu_loaded_at = time.perf_counter(), time.process_time()
        verdicts = [score(fws, a).verdict for a, fws in loaded]
        end, cpu_end = time.perf_counter(), time.process_time()
    print(f"{count} assessments x {len(frameworks)} frameworks ({questions} questions in each assessment):")
    print(f"  load + validate  {loaded_at - start:6.2f} s   cpu {cpu_loaded_at - cpu_start:6.2f} s")
    print(f"  score            {end - loaded_at:6.2f} s   cpu {cpu_end - cpu_loaded_at:6.2f} s")
    print(f"  total            {end - start:6.2f} s   cpu {cpu_end - cpu_start:6.2f} s  (goal <= 2 s)")
    print(f"  verdicts seen: {sorted({v.value for v in verdicts})}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--assessment", type=Path, default=DEFAULT_ASSESSMENT)
    parser.add_argument("--count", type=int, default=1000)
    parser.add_argument("--frameworks", type=int, default=None, help="answer only the first N built-in frameworks")
    parser.add_argument("--throughput-only", action="store_true", help="skip part 1 (the whole process)")
    args = parser.parse_args()
    if not args.throughput_only:
        whole_process(args.assessment.resolve(), args.runs)
    throughput(args.count, args.frameworks)


if __name__ == "__main__":
    main()
