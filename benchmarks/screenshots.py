"""Screenshots of a built site at phone and desktop widths, to look at.

    python benchmarks/screenshots.py OUTPUT_DIR OUT_DIR / /webinars/some-webinar/ …

serves OUTPUT_DIR on 127.0.0.1 and saves a full-page PNG of each path at 360 and 1280 CSS
pixels wide, in light mode, into OUT_DIR.
"""

from __future__ import annotations

import argparse
from pathlib import Path

from devkit.browser import CHROMIUM, CHROMIUM_ARGS, serve

WIDTHS = (360, 1280)


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("shots", type=Path)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)
    args.shots.mkdir(parents=True, exist_ok=True)
    from playwright.sync_api import sync_playwright

    with serve(args.output) as base, sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS)
        for width in WIDTHS:
            page = browser.new_page(viewport={"width": width, "height": 800})
            for path in args.paths:
                page.goto(base + path)
                name = (path.strip("/").replace("/", "_") or "home") + f"-{width}.png"
                page.screenshot(path=args.shots / name, full_page=True)
                print(args.shots / name)
            page.close()
        browser.close()


if __name__ == "__main__":
    main()
