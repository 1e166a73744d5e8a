"""Benchmark `assess score`.

1. Whole process: `assess score` on a four-framework assessment, median wall time,
   as a ratio to `python -c "import yaml, pydantic, jinja2"` timed in the same run
   (the floor any Python tool on this stack pays). Goal: ratio <= 1.5.
2. Throughput: load, validate and score 1,000 generated assessments in one process.
   Goal: <= 2 s.

    .venv/bin/python bench/score_bench.py [--runs 21] [--assessment FILE]
"""

from __future__ import annotations

import argparse
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ASSESSMENT = ROOT / "examples" / "met-officer-monitoring" / "ethics-board.yaml"


def median_seconds(command: list[str], runs: int) -> float:
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL)  # warm the file cache
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def whole_process(assessment: Path, runs: int) -> None:
    floor_cmd = [sys.executable, "-c", "import yaml, pydantic, jinja2"]
    score_cmd = [sys.executable, "-m", "assess", "score", str(assessment)]
    # Interleave the two so that load on the machine affects both alike.
    floors, scores = [], []
    for _ in range(3):
        floors.append(median_seconds(floor_cmd, max(1, runs // 3)))
        scores.append(median_seconds(score_cmd, max(1, runs // 3)))
    floor, score = statistics.median(floors), statistics.median(scores)
    print(f"floor  python -c 'import yaml, pydantic, jinja2'  median {floor * 1000:7.1f} ms")
    print(f"assess score {assessment.relative_to(ROOT)}  median {score * 1000:7.1f} ms")
    print(f"ratio  {score / floor:.2f}  (goal <= 1.5)")


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


def throughput(count: int) -> None:
    import yaml

    from assess.fingerprint import pin
    from assess.loading import FrameworkLibrary, load_assessment
    from assess.scoring import score

    library = FrameworkLibrary()
    frameworks = library.load_all()
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
        start = time.perf_counter()
        loaded = [load_assessment(p, library) for p in paths]
        loaded_at = time.perf_counter()
        verdicts = [score(fws, a).verdict for a, fws in loaded]
        end = time.perf_counter()
    print(f"{count} assessments x {len(frameworks)} frameworks ({questions} questions each):")
    print(f"  load + validate  {loaded_at - start:6.2f} s")
    print(f"  score            {end - loaded_at:6.2f} s")
    print(f"  total            {end - start:6.2f} s  (goal <= 2 s)   verdicts seen: {sorted(set(v.value for v in verdicts))}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("--runs", type=int, default=21)
    parser.add_argument("--assessment", type=Path, default=DEFAULT_ASSESSMENT)
    parser.add_argument("--count", type=int, default=1000)
    args = parser.parse_args()
    whole_process(args.assessment.resolve(), args.runs)
    throughput(args.count)


if __name__ == "__main__":
    main()
