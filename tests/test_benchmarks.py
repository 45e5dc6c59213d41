"""The benchmark scripts still run against the code they measure (a bench that breaks is
found at `invoke bench`, hours later, otherwise). Timings are never asserted here."""

from __future__ import annotations

import subprocess
import sys

from conftest import ROOT, doc, new_site


def test_phases_times_every_generator_of_a_build(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/post.md", doc(title="Post"))
    result = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "phases.py"), str(site.content),
         "-s", str(ROOT / "pelicanconf.py"), "-o", str(site.output), "-q",
         "-e", "SEARCH_INDEX=false"],
        capture_output=True, text=True, timeout=300, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr[-2000:]
    report = result.stdout + result.stderr
    for phase in ("ListingsGenerator.generate_context", "FeedsGenerator.generate_output",
                  "SeoGenerator.generate_output", "finalized", "peak memory"):  # fmt: skip
        assert phase in report, phase
    assert (site.output / "blog" / "post" / "index.html").exists()
