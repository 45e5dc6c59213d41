"""Build speed and memory, ours against stock Pelican on the same documents, in one run.

    python benchmarks/bench.py --sizes 500,2000 --runs 3

For each size: writes the corpus (benchmarks/corpus.py, both formats), then measures, each
as the median of `--runs` runs in fresh processes:

- stock Pelican 4 with its default settings, cold (the baseline);
- our production build, cold (search index included);
- our build again with nothing changed, and after editing one document;
- `invoke check` (validation only).

Prints a Markdown table (wall seconds, ms per document, peak resident memory of the build
process, ratio to the baseline) and writes it to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import os
import platform
import shutil
import statistics
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
BIN = Path(sys.executable).parent
sys.path.insert(0, str(HERE))

import corpus  # noqa: E402


def timed(command: list[str], cwd: Path) -> tuple[float, int]:
    """Wall seconds and peak RSS (KB) of one run, measured by GNU time."""
    started = time.perf_counter()
    result = subprocess.run(
        ["/usr/bin/time", "-f", "%M", *command], cwd=cwd, capture_output=True, text=True
    )
    elapsed = time.perf_counter() - started
    if result.returncode != 0:
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-2000:]}")
    return elapsed, int(result.stderr.strip().splitlines()[-1])


def median_of(runs: int, command, cwd, before=None) -> tuple[float, int]:
    times, peaks = [], []
    for _ in range(runs):
        if before:
            before()
        elapsed, peak = timed(command, cwd)
        times.append(elapsed)
        peaks.append(peak)
    return statistics.median(times), max(peaks)


def measure(size: int, runs: int, work: Path) -> list[tuple[str, float, int]]:
    target = work / f"corpus-{size}"
    corpus.write(size, target, pelican=True)
    ours = [str(BIN / "pelican"), str(target / "content"), "-s", str(ROOT / "publishconf.py"),
            "-o", str(target / "output"), "-q"]  # fmt: skip
    stock_out = target / "stock-output"
    rows = []

    def clean_stock():
        shutil.rmtree(stock_out, ignore_errors=True)

    def clean_ours():
        shutil.rmtree(target / "output", ignore_errors=True)

    stock = [str(BIN / "pelican"), str(target / "pelican-content"), "-o", str(stock_out), "-q"]
    rows.append(("stock Pelican, cold", *median_of(runs, stock, target, clean_stock)))
    cold = median_of(runs, ours, ROOT, clean_ours)
    rows.append(("ours, cold (production, search included)", *cold))
    rows.append(("ours, nothing changed", *median_of(runs, ours, ROOT)))
    edited = sorted((target / "content" / "blog").glob("*.md"))[0]

    def edit_one():
        with open(edited, "a", encoding="utf-8") as f:
            f.write("\nOne more sentence.\n")

    rows.append(("ours, one document edited", *median_of(runs, ours, ROOT, edit_one)))
    check = [*ours, "-e", "CONTENT_CHECK_ONLY=true"]
    rows.append(("invoke check", *median_of(runs, check, ROOT)))
    return rows


def table(results: dict[int, list], runs: int) -> str:
    lines = [
        f"Measured on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; median of {runs} runs; peak = largest resident set of "
        "the build process (Pagefind's own process not included).",
        "",
        "| documents | what | seconds | ms / document | peak MB | × stock Pelican |",
        "|---:|:---|---:|---:|---:|---:|",
    ]
    for size, rows in results.items():
        baseline = rows[0][1]
        for name, seconds, peak in rows:
            lines.append(
                f"| {size:,} | {name} | {seconds:.1f} | {seconds * 1000 / size:.1f} | "
                f"{peak / 1024:.0f} | {seconds / baseline:.2f} |"
            )
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "corpus")
    args = parser.parse_args(argv)
    results = {}
    for size in [int(s) for s in args.sizes.split(",")]:
        results[size] = measure(size, args.runs, args.work)
        print(table({size: results[size]}, args.runs), flush=True)
    text = "# Benchmark results\n\n`invoke bench` (benchmarks/bench.py).\n\n"
    text += table(results, args.runs)
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
