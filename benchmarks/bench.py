"""Build speed and memory, ours against stock Pelican on the same documents, in one run.

    python benchmarks/bench.py --sizes 500,2000,10000 --runs 3     (invoke bench)

For each size: writes the corpus (plugins/devkit/corpus.py, both formats), then measures, each
as the median of `--runs` runs in fresh processes, stock Pelican and ours taking turns so that
both see the same machine:

- stock Pelican 4 with its default settings, cold (the baseline);
- our production build, cold: no parse cache, no previous output (search index included);
- our build again with nothing changed, and after editing one document;
- `invoke check` with the parse cache (after those builds), and once without;
- the live-reload server (`devserver.py`, development settings): seconds from saving a
  document to its page and its listing written, to the open page's reload event, and to the
  search index updated;
- the first search's bytes on the live-reload server's output, in Chromium.

Peak memory: of the build's Python process, and of Pagefind's own process (run by the build
in a child process). Prints Markdown tables and writes them to benchmarks/RESULTS.md.
"""

from __future__ import annotations

import argparse
import http.client
import os
import platform
import re
import shutil
import socket
import statistics
import subprocess
import sys
import threading
import time
from pathlib import Path

from devkit import corpus

HERE = Path(__file__).resolve().parent
ROOT = HERE.parent
PYTHON = sys.executable

PEAK = re.compile(r"peak memory: build process (\d+) MB, largest child (\d+) MB")


def run(command: list[str], cwd: Path, env=None) -> tuple[float, str]:
    started = time.perf_counter()
    result = subprocess.run(command, cwd=cwd, capture_output=True, text=True, env=env)
    elapsed = time.perf_counter() - started
    if result.returncode not in (0,):
        raise RuntimeError(f"{' '.join(command)} failed:\n{result.stderr[-3000:]}")
    return elapsed, result.stderr


def stock_run(target: Path) -> tuple[float, float]:
    """Stock Pelican: wall seconds and peak resident MB (GNU time)."""
    out = target / "stock-output"
    shutil.rmtree(out, ignore_errors=True)
    command = ["/usr/bin/time", "-f", "%M", PYTHON, "-m", "pelican",
               str(target / "pelican-content"), "-o", str(out), "-q"]  # fmt: skip
    elapsed, stderr = run(command, target)
    return elapsed, int(stderr.strip().splitlines()[-1]) / 1024


class Ours:
    """Our production build of one corpus, through benchmarks/phases.py (peaks, Pagefind)."""

    def __init__(self, target: Path):
        self.target = target
        self.output = target / "output"
        self.pagefind_log = target / "pagefind.log"

    def build(self, cold=False) -> dict:
        if cold:
            shutil.rmtree(self.output, ignore_errors=True)
            shutil.rmtree(self.target / ".cache", ignore_errors=True)
        self.pagefind_log.unlink(missing_ok=True)
        command = [PYTHON, str(HERE / "phases.py"), "--pagefind-log", str(self.pagefind_log),
                   str(self.target / "content"), "-s", str(ROOT / "publishconf.py"),
                   "-o", str(self.output), "-q"]  # fmt: skip
        elapsed, stderr = run(command, ROOT)
        found = PEAK.search(stderr)
        pagefind = []
        if self.pagefind_log.exists():
            pagefind = [line.split() for line in self.pagefind_log.read_text().splitlines()]
        return {
            "seconds": elapsed,
            "peak": float(found.group(1)) if found else float("nan"),
            # The runs (the main index, the Arabic one) run side by side: the longest.
            "pagefind_seconds": max((float(row[0]) for row in pagefind), default=0.0),
            "pagefind_peak": max((int(row[1]) / 1024 for row in pagefind), default=0.0),
        }

    def check(self, cold=False) -> dict:
        if cold:
            shutil.rmtree(self.target / ".cache" / "content", ignore_errors=True)
        command = ["/usr/bin/time", "-f", "%M", PYTHON, "-m", "content_model.check",
                   "--settings", str(ROOT / "pelicanconf.py"),
                   "--content", str(self.target / "content")]  # fmt: skip
        elapsed, stderr = run(command, self.target)
        return {"seconds": elapsed, "peak": int(stderr.strip().splitlines()[-1]) / 1024}


def edit(path: Path, n: int) -> None:
    with open(path, "a", encoding="utf-8") as f:
        f.write(f"\nOne more sentence, edit {n}.\n")


def median(rows: list[dict], key: str) -> float:
    return statistics.median(r[key] for r in rows)


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def live(target: Path, runs: int, newest: Path) -> dict:
    """Save → page and listing written; → reload event; → search index updated."""
    output = target / "live-output"
    port = free_port()
    server = subprocess.Popen(
        [PYTHON, str(ROOT / "devserver.py"), "--content", str(target / "content"),
         "--output", str(output), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    lines: list[str] = []

    def read_lines():
        for line in server.stdout:
            lines.append(line)

    threading.Thread(target=read_lines, daemon=True).start()
    events: list[float] = []

    def listen():
        connection = http.client.HTTPConnection("127.0.0.1", port, timeout=3600)
        connection.request("GET", "/__live/events")
        response = connection.getresponse()
        for raw in response:
            if raw.startswith(b"event: build"):
                events.append(time.perf_counter())

    try:
        while not any(line.startswith("Serving") for line in lines):
            if server.poll() is not None:
                raise RuntimeError("".join(lines[-30:]))
            time.sleep(0.1)
        threading.Thread(target=listen, daemon=True).start()
        time.sleep(1)
        page = output / "blog" / newest.stem / "index.html"
        listing = output / "blog" / "index.html"
        results = []
        for n in range(runs):
            marker = f"Live edit number {n}"
            text = newest.read_text(encoding="utf-8")
            text = re.sub(r"^title: .*$", f"title: {marker}", text, count=1, flags=re.M)
            seen_events, seen_index = len(events), sum("Search index updated" in x for x in lines)
            saved = time.perf_counter()
            newest.write_text(text, encoding="utf-8")
            written = None
            while time.perf_counter() - saved < 120:
                if written is None and _has(page, marker) and _has(listing, marker):
                    written = time.perf_counter() - saved
                if written is not None and len(events) > seen_events:
                    break
                time.sleep(0.005)
            reload_at = events[seen_events] - saved if len(events) > seen_events else None
            while sum("Search index updated" in x for x in lines) == seen_index:
                if time.perf_counter() - saved > 600 or server.poll() is not None:
                    raise RuntimeError("the search index did not follow:\n" + "".join(lines))
                time.sleep(0.05)
            index_at = time.perf_counter() - saved
            results.append({"written": written, "reload": reload_at, "index": index_at})
            time.sleep(1)
        return {
            "written": statistics.median(r["written"] for r in results),
            "reload": statistics.median(r["reload"] for r in results),
            "index": statistics.median(r["index"] for r in results),
            "output": output,
        }
    finally:
        server.terminate()
        server.wait(timeout=60)


def _has(path: Path, marker: str) -> bool:
    try:
        return marker in path.read_text(encoding="utf-8")
    except (OSError, UnicodeDecodeError):
        return False


def search_bytes(output: Path) -> tuple[float, float] | None:
    command = [PYTHON, str(HERE / "search_weight.py"), str(output), "--query", "budget"]
    result = subprocess.run(command, capture_output=True, text=True, cwd=ROOT)
    found = re.search(r"search: \d+ requests, ([\d.]+) KB, ([\d.]+) KB gzipped", result.stdout)
    return (float(found.group(1)), float(found.group(2))) if found else None


def measure(size: int, runs: int, work: Path) -> dict:
    target = work / f"corpus-{size}"
    corpus.write(size, target, pelican=True)
    ours = Ours(target)
    stock, cold = [], []
    for _ in range(runs):  # taking turns: both see the same machine
        stock.append(dict(zip(("seconds", "peak"), stock_run(target), strict=True)))
        cold.append(ours.build(cold=True))
    unchanged = [ours.build() for _ in range(runs)]
    blog = sorted((target / "content" / "blog").glob("*.md"))
    edited = []
    for n in range(runs):
        edit(blog[0], n)
        edited.append(ours.build())
    checks = [ours.check() for _ in range(runs)]
    cold_check = ours.check(cold=True)
    newest = blog[-1]  # the newest post: on /blog/ page 1 and the home page
    live_result = live(target, runs, newest)
    weight = search_bytes(live_result["output"])
    return {
        "size": size, "stock": stock, "cold": cold, "unchanged": unchanged,
        "edited": edited, "checks": checks, "cold_check": cold_check, "live": live_result,
        "search": weight,
    }  # fmt: skip


def table(results: list[dict], runs: int) -> str:
    lines = [
        f"Measured on {platform.machine()}, {os.cpu_count()} cores, Python "
        f"{platform.python_version()}; median of {runs} runs, stock Pelican and ours cold "
        "taking turns. Peak: largest resident set of the build's Python process (our build's "
        "worker processes are forks of it); Pagefind's own process beside it.",
        "",
        "| documents | what | seconds | ms / document | peak MB | Pagefind s / peak MB "
        "| × stock Pelican |",
        "|---:|:---|---:|---:|---:|---:|---:|",
    ]
    for r in results:
        size = r["size"]
        base = median(r["stock"], "seconds")

        def row(name, seconds, peak, pagefind="", size=size, base=base):
            lines.append(
                f"| {size:,} | {name} | {seconds:.2f} | {seconds * 1000 / size:.1f} | "
                f"{peak:.0f} | {pagefind} | {seconds / base:.2f} |"
            )

        def pf(rows):
            if not any(x["pagefind_seconds"] for x in rows):
                return "not run (index kept)"
            return f"{median(rows, 'pagefind_seconds'):.1f} / {median(rows, 'pagefind_peak'):.0f}"

        row("stock Pelican 4, default settings, cold", base, max(x["peak"] for x in r["stock"]))
        for name, key in (("ours, cold (production, search index included)", "cold"),
                          ("ours, nothing changed", "unchanged"),
                          ("ours, one document edited", "edited")):  # fmt: skip
            rows = r[key]
            row(name, median(rows, "seconds"), max(x["peak"] for x in rows), pf(rows))
        row("`invoke check` (parse cache warm)", median(r["checks"], "seconds"),
            max(x["peak"] for x in r["checks"]))  # fmt: skip
        row("`invoke check` (no cache)", r["cold_check"]["seconds"], r["cold_check"]["peak"])
        live = r["live"]
        lines.append(
            f"| {size:,} | live reload: save → page and listing written | {live['written']:.2f} "
            f"| | | | |"
        )
        lines.append(f"| {size:,} | live reload: save → page reload event | {live['reload']:.2f} "
                     "| | | | |")  # fmt: skip
        lines.append(f"| {size:,} | live reload: save → search index updated | "
                     f"{live['index']:.1f} | | | | |")  # fmt: skip
        if r["search"]:
            raw, wire = r["search"]
            lines.append(f"| {size:,} | first search ('budget'): KB transferred, gzipped "
                         f"(uncompressed) | {wire:.0f} ({raw:.0f}) | | | | |")  # fmt: skip
    return "\n".join(lines) + "\n"


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sizes", default="500,2000,10000")
    parser.add_argument("--runs", type=int, default=3)
    parser.add_argument("--work", type=Path, default=HERE / "corpus")
    args = parser.parse_args(argv)
    results = []
    for size in [int(s) for s in args.sizes.split(",")]:
        results.append(measure(size, args.runs, args.work))
        print(table(results[-1:], args.runs), flush=True)
    text = "# Benchmark results\n\n`invoke bench` (benchmarks/bench.py).\n\n"
    text += table(results, args.runs)
    (HERE / "RESULTS.md").write_text(text, encoding="utf-8")


if __name__ == "__main__":
    main()
