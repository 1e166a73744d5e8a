"""Benchmark the report's HTML render in one process: cold (every environment and compiled template
forgotten first, as every render was before they were kept) against warm (reused), interleaved in the
same run, as CPU seconds, median of N. The ratio is the figure to compare across machines.

    .venv/bin/python bench/template_bench.py [--runs 9] [--assessment FILE] [--format html|pdf]
"""

from __future__ import annotations

import argparse
import os
import statistics
import time
from pathlib import Path

from assess.loading import FrameworkLibrary
from assess.rendering.environments import COMPILED, forget_environments
from assess.report.build import load_job
from assess.report.formats import FORMATS

ROOT = Path(__file__).resolve().parent.parent
DEFAULT_ASSESSMENT = ROOT / "examples" / "met-officer-monitoring" / "ethics-board.yaml"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=9)
    parser.add_argument("--assessment", type=Path, default=DEFAULT_ASSESSMENT)
    parser.add_argument("--format", default="html", choices=["html", "pdf"])
    args = parser.parse_args()
    os.environ.setdefault("SOURCE_DATE_EPOCH", "1700000000")  # the same bytes each time, to compare
    job = load_job(args.assessment, FrameworkLibrary())
    fmt = FORMATS[args.format]

    def cpu(cold: bool) -> float:
        if cold:
            forget_environments()
        start = time.process_time()
        fmt.render(job)
        return time.process_time() - start

    cpu(False)  # imports and first-use costs out of the way
    cold_data = fmt.render(job).data
    cold, warm = [], []
    for _ in range(args.runs):
        cold.append(cpu(True))
        warm.append(cpu(False))
    assert fmt.render(job).data == cold_data, "a warm render must be byte-identical to a cold one"
    cold_m, warm_m = statistics.median(cold), statistics.median(warm)
    shown = args.assessment.relative_to(ROOT) if args.assessment.is_relative_to(ROOT) else args.assessment
    print(f"assessment: {shown}, format: {args.format}, runs: {args.runs}")
    print(f"cold (templates compiled):  {cold_m:.3f} s CPU")
    print(f"warm (environment reused):  {warm_m:.3f} s CPU  ({len(COMPILED)} templates compiled and kept)")
    print(f"ratio warm / cold:          {warm_m / cold_m:.2f}")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
