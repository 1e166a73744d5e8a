"""Benchmark `assess report` to PDF against WeasyPrint's own command on the same HTML.

Both are timed as whole processes, interleaved in the same run, median of N:

- ours:   assess report ASSESSMENT -o ours.pdf          (load, validate, score, template, render, tag, attach)
- theirs: weasyprint report.html theirs.pdf --pdf-variant pdf/ua-1
          (the HTML that `assess report --format html` writes for the same assessment, the same variant)

Goal: ratio ours / theirs <= 1.25. The untagged `weasyprint report.html` time is printed for reference.
It also times the decision brief alone (`--brief`) as CPU seconds of the whole process (user + system,
median of N); goal: 2 s or less.
It also reports whether WeasyPrint found HarfBuzz's subsetting library (Debian's libharfbuzz-subset0),
without which every font is subset by fontTools, a few tenths of a second slower per document.

    .venv/bin/python bench/report_bench.py [--runs 7] [--assessment FILE]
"""

from __future__ import annotations

import argparse
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
BIN = Path(sys.executable).parent
DEFAULT_ASSESSMENT = ROOT / "examples" / "met-officer-monitoring" / "ethics-board.yaml"


def wall(command: list[str]) -> float:
    start = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    return time.perf_counter() - start


def cpu(command: list[str]) -> float:
    """User plus system CPU seconds of one child process (and its children)."""
    before = resource.getrusage(resource.RUSAGE_CHILDREN)
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    after = resource.getrusage(resource.RUSAGE_CHILDREN)
    return (after.ru_utime - before.ru_utime) + (after.ru_stime - before.ru_stime)


def pages(pdf: Path) -> str:
    try:
        out = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    except (OSError, subprocess.CalledProcessError):
        return "?"
    return next((line.split()[-1] for line in out.splitlines() if line.startswith("Pages:")), "?")


def subsetter() -> str:
    code = ("from weasyprint.text.ffi import harfbuzz_subset; "
            "print('HarfBuzz (hb-subset)' if harfbuzz_subset is not None else 'fontTools (slower fallback)')")
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=7)
    parser.add_argument("--assessment", type=Path, default=DEFAULT_ASSESSMENT)
    args = parser.parse_args()
    assess, weasyprint = str(BIN / "assess"), str(BIN / "weasyprint")
    with tempfile.TemporaryDirectory() as tmp:
        work = Path(tmp)
        html, ours_pdf, theirs_pdf = work / "report.html", work / "ours.pdf", work / "theirs.pdf"
        subprocess.run([assess, "report", str(args.assessment), "--format", "html", "-o", str(html)],
                       check=True, stdout=subprocess.DEVNULL)
        ours_cmd = [assess, "report", str(args.assessment), "-o", str(ours_pdf)]
        theirs_cmd = [weasyprint, str(html), str(theirs_pdf), "--pdf-variant", "pdf/ua-1"]
        plain_cmd = [weasyprint, str(html), str(work / "plain.pdf")]
        for command in (ours_cmd, theirs_cmd, plain_cmd):  # warm the file cache and fontconfig's cache
            wall(command)
        brief_pdf = work / "brief.pdf"
        brief_cmd = [assess, "report", str(args.assessment), "--brief", "-o", str(brief_pdf)]
        wall(brief_cmd)
        ours, theirs, plain, brief = [], [], [], []
        for _ in range(args.runs):
            ours.append(wall(ours_cmd))
            theirs.append(wall(theirs_cmd))
            plain.append(wall(plain_cmd))
            brief.append(cpu(brief_cmd))
        ours_m, theirs_m, plain_m = (statistics.median(x) for x in (ours, theirs, plain))
        shown = args.assessment.relative_to(ROOT) if args.assessment.is_relative_to(ROOT) else args.assessment
        print(f"assessment: {shown}")
        print(f"pages: {pages(ours_pdf)} (ours), {pages(theirs_pdf)} (weasyprint); font subsetting: {subsetter()}")
        print(f"median of {args.runs} runs, whole process:")
        print(f"  assess report -> PDF (tagged, PDF/UA-1, attachment)  {ours_m:6.2f} s")
        print(f"  weasyprint report.html --pdf-variant pdf/ua-1        {theirs_m:6.2f} s")
        print(f"  weasyprint report.html (untagged, for reference)     {plain_m:6.2f} s")
        ratio = ours_m / theirs_m
        print(f"  ratio {ratio:.2f} (goal <= 1.25)  {'ok' if ratio <= 1.25 else 'OVER'}")
        sizes = ours_pdf.stat().st_size // 1024, theirs_pdf.stat().st_size // 1024
        print(f"  sizes: ours {sizes[0]} KiB, weasyprint {sizes[1]} KiB")
        brief_m = statistics.median(brief)
        print(f"the decision brief alone (--brief, {pages(brief_pdf)} pages), CPU of the whole process: "
              f"{brief_m:.2f} s (goal <= 2 s)  {'ok' if brief_m <= 2 else 'OVER'}")
        return 0 if ratio <= 1.25 and brief_m <= 2 else 1


if __name__ == "__main__":
    raise SystemExit(main())
