"""How many bytes the search page and a first search transfer, in real Chromium.

    python benchmarks/search_weight.py OUTPUT_DIR [--query budget]

serves a built site (development settings: local URLs) on 127.0.0.1, opens /search/, and
prints the bytes transferred before typing, then by a first search, counted from the
responses' bodies (uncompressed, as the local server sends them) and gzip-compressed (what a
compressing host such as GitHub Pages sends for text files; Pagefind's data files are
already compressed).
"""

from __future__ import annotations

import argparse
import gzip
import sys
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "tests"))

from conftest import CHROMIUM, CHROMIUM_ARGS, serve

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml")


def measure(output: Path, query: str) -> dict:
    from playwright.sync_api import sync_playwright

    counts = {"before": [0, 0, 0], "search": [0, 0, 0]}
    phase = "before"

    def on_response(response):
        try:
            body = response.body()
        except Exception:  # redirects and failed requests have no body
            return
        path = response.url.split("?", 1)[0]
        wire = len(gzip.compress(body, mtime=0)) if path.endswith(COMPRESSIBLE) else len(body)
        counts[phase][0] += 1
        counts[phase][1] += len(body)
        counts[phase][2] += min(wire, len(body))

    with serve(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("response", on_response)
        page.goto(f"{base}/search/")
        page.wait_for_load_state("networkidle")
        phase = "search"
        page.fill("#search-q", query)
        page.press("#search-q", "Enter")
        page.wait_for_function(
            "() => { const s = document.getElementById('search-status').textContent;"
            " return s && !s.startsWith('Searching'); }"
        )
        page.wait_for_load_state("networkidle")
        status = page.inner_text("#search-status")
        browser.close()
    return {"counts": counts, "status": status}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--query", default="budget")
    args = parser.parse_args(argv)
    result = measure(args.output, args.query)
    for phase, (requests, raw, wire) in result["counts"].items():
        print(f"{phase:>7}: {requests} requests, {raw / 1024:.1f} KB, {wire / 1024:.1f} KB gzipped")
    print(f"status: {result['status']}")


if __name__ == "__main__":
    main()
