"""Two builds of the same tree are byte-identical, every file, whatever the hash seed."""

from __future__ import annotations

import os
import subprocess

from conftest import PELICAN, ROOT, doc, snapshot


def build(site, output, seed):
    env = dict(os.environ, PYTHONHASHSEED=str(seed))
    result = subprocess.run(
        [str(PELICAN), str(site.content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(output)],
        capture_output=True,
        text=True,
        env=env,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    return snapshot(output)


def test_two_builds_are_byte_identical(site):
    for i in range(30):  # many documents share one date: ties must not follow file order
        folder = ("blog", "primers", "webinars", "articles")[i % 4]
        extra = {}
        if folder == "webinars":
            extra["event_date"] = "2022-03-01T10:00:00+01:00"
        if folder == "articles":
            extra["authors"] = ["B Author", "A Author"]
        site.write(
            f"{folder}/doc-{i:02d}.md",
            doc(
                title=f"Document {i}",
                date="2022-03-01",
                topics=["health", "local-revenue"],
                regions=["asia", "global"],
                countries=["KE", "ID", "MD"],
                **extra,
            ),
        )
    site.write("pages/about.md", "---\ntitle: About\nnav_order: 2\n---\nAbout.\n")
    site.write("pages/board.md", "---\ntitle: Board\nnav_order: 1\n---\nBoard.\n")
    first = build(site, site.root / "one", seed=1)
    second = build(site, site.root / "two", seed=2)
    assert first.keys() == second.keys()
    assert [name for name in first if first[name] != second[name]] == []
    assert len(first) > 30
