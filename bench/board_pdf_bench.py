"""How long the workspace's board documents take to make, to decide whether the board PDF may be made while
the request waits (it is, in the report builder's worker process, never on the event loop).

The three example assessments of examples/met-officer-monitoring/ (every built-in framework they use, fully
answered) stand in for a board's three members. For each format, the median time of
`assess.web.boards.render_board` (what the board page's downloads call) is printed, and its ratio to the
Markdown's: the page itself costs about what the Markdown costs (the same comparison, no rendering).

    .venv/bin/python bench/board_pdf_bench.py [--runs 5]
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from assess.web.boards import render_board

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "met-officer-monitoring"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5)
    args = parser.parse_args()
    named = [(path.name, path.read_bytes()) for path in sorted(EXAMPLES.glob("*.yaml"))]
    medians: dict[str, float] = {}
    for fmt in ("md", "json", "html", "pdf"):
        render_board(named, fmt, [])  # warm: imports, templates, fonts
        times = []
        for _ in range(args.runs):
            started = time.perf_counter()
            render_board(named, fmt, [])
            times.append(time.perf_counter() - started)
        medians[fmt] = statistics.median(times)
    for fmt, seconds in medians.items():
        print(f"{fmt:5} {seconds * 1000:8.0f} ms   {seconds / medians['md']:6.1f} x the Markdown")


if __name__ == "__main__":
    main()
