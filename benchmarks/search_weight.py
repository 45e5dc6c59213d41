"""How many bytes the search page and a first search transfer, in real Chromium.

    python benchmarks/search_weight.py OUTPUT_DIR [--query budget] [--verbose]
    python benchmarks/search_weight.py OUTPUT_DIR --url "q=budget&topic=health"

serves a built site (development settings: local URLs) on 127.0.0.1, opens /search/, and
prints the bytes transferred before typing, then by a first search, counted from the
responses' bodies (uncompressed, as the local server sends them) and gzip-compressed (what a
compressing host such as GitHub Pages sends for text files; Pagefind's data files are
already compressed). `--verbose` lists every response of each phase with its bytes.
`--url` opens a search address instead of typing (a shared link): the search phase is then what
comes from the Pagefind bundle.
"""

from __future__ import annotations

import argparse
import gzip
from pathlib import Path

from devkit.browser import CHROMIUM, CHROMIUM_ARGS, serve

COMPRESSIBLE = (".html", ".css", ".js", ".json", ".svg", ".xml")


def measure(output: Path, query: str, url: str | None = None) -> dict:
    from playwright.sync_api import sync_playwright

    counts = {"before": [0, 0, 0], "search": [0, 0, 0]}
    files: dict[str, list[tuple[str, int, int]]] = {"before": [], "search": []}
    phase = "before"

    def on_response(response):
        try:
            body = response.body()
        except Exception:  # redirects and failed requests have no body
            return
        path = response.url.split("?", 1)[0]
        wire = len(gzip.compress(body, mtime=0)) if path.endswith(COMPRESSIBLE) else len(body)
        when = phase
        if url is not None:
            when = "search" if "/pagefind/" in path else "before"
        counts[when][0] += 1
        counts[when][1] += len(body)
        counts[when][2] += min(wire, len(body))
        files[when].append((path, len(body), min(wire, len(body))))

    with serve(output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        page = browser.new_page()
        page.on("response", on_response)
        if url is None:
            page.goto(f"{base}/search/")
            page.wait_for_load_state("networkidle")
            phase = "search"
            page.fill("#search-q", query)
            page.press("#search-q", "Enter")
        else:
            page.goto(f"{base}/search/?{url}")
        page.wait_for_function(
            "() => { const s = document.getElementById('search-status').textContent;"
            " return s && !s.startsWith('Searching'); }"
        )
        page.wait_for_load_state("networkidle")
        status = page.inner_text("#search-status")
        browser.close()
    return {"counts": counts, "files": files, "status": status}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("--query", default="budget")
    parser.add_argument("--url", help="open /search/?URL instead of typing: q=budget&topic=health")
    parser.add_argument("--verbose", action="store_true", help="list every response")
    args = parser.parse_args(argv)
    result = measure(args.output, args.query, args.url)
    for phase, (requests, raw, wire) in result["counts"].items():
        print(f"{phase:>7}: {requests} requests, {raw / 1024:.1f} KB, {wire / 1024:.1f} KB gzipped")
        if args.verbose:
            for path, size, wire in sorted(result["files"][phase], key=lambda f: -f[2]):
                name = path.split("/", 3)[-1]
                print(f"         {wire / 1024:7.1f} KB  {size / 1024:7.1f} KB raw  /{name}")
    print(f"status: {result['status']}")


if __name__ == "__main__":
    main()
