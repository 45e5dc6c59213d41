"""Lighthouse scores of a built site, offline, in Debian's Chromium (mobile profile).

    python benchmarks/lighthouse.py OUTPUT_DIR / /blog/some-post/ /webinars/ …

serves OUTPUT_DIR on 127.0.0.1 (build it with development settings: a production build loads
its stylesheet from SITEURL, which does not resolve offline) and runs Lighthouse 12.8 (the
newest that runs on Node 20) from npm through npx on each path; prints the four category
scores and writes the JSON reports next to OUTPUT_DIR in `lighthouse/` (for `invoke lighthouse`,
the repository's `lighthouse/`, which is git-ignored: reports are regenerated, not committed).
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
from pathlib import Path

from devkit.browser import CHROMIUM, CHROMIUM_ARGS, serve

LIGHTHOUSE = "lighthouse@12.8.2"
CATEGORIES = ("performance", "accessibility", "best-practices", "seo")


def run(base: str, path: str, reports: Path) -> dict:
    reports.mkdir(parents=True, exist_ok=True)
    report = reports / (path.strip("/").replace("/", "_") or "home")
    flags = " ".join(a for a in CHROMIUM_ARGS if a != "--headless") + " --headless=new"
    command = [
        "npx", "--yes", LIGHTHOUSE, base + path,
        "--output=json", f"--output-path={report}.json", "--quiet",
        f"--chrome-flags={flags}",
    ]  # fmt: skip
    env = dict(os.environ, CHROME_PATH=CHROMIUM)
    subprocess.run(command, check=True, env=env, capture_output=True, text=True)
    data = json.loads(report.with_suffix(".json").read_text())
    scores = {c: round(data["categories"][c]["score"] * 100) for c in CATEGORIES}
    failed = [
        audit["id"]
        for audit in data["audits"].values()
        if audit.get("score") is not None
        and audit["score"] < 0.9
        and audit.get("scoreDisplayMode") in ("binary", "numeric")
    ]
    return {"scores": scores, "below_90": failed}


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("output", type=Path)
    parser.add_argument("paths", nargs="+")
    args = parser.parse_args(argv)
    with serve(args.output) as base:
        for path in args.paths:
            result = run(base, path, args.output.parent / "lighthouse")
            scores = " ".join(f"{k}={v}" for k, v in result["scores"].items())
            print(f"{path}: {scores}  below 90: {', '.join(result['below_90']) or 'none'}")


if __name__ == "__main__":
    main()
