"""The commands contributors run: `pelican content -s …` and `invoke check`, as subprocesses."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from conftest import PELICAN, ROOT, doc, new_site, project_copy

INVOKE = Path(sys.executable).parent / "invoke"
BAD_LINES = [
    "content/blog/bad.md:4: unknown topic 'helth' (see content/taxonomies/topics.yml) "
    "— did you mean 'health'?",
    "content/webinars/talk.md:1: missing required field 'event_date' (when it took "
    "(or will take) place, e.g. 2022-11-17T14:00:00+02:00)",
]


@pytest.fixture
def bad_project(tmp_path):
    site = project_copy(tmp_path)
    site.write("blog/good.md", doc(title="Good"))
    site.write("blog/bad.md", doc(topics=["helth"]))
    site.write("webinars/talk.md", doc(title="Talk"))
    return site


def test_pelican_command_lists_every_problem_without_traceback(bad_project):
    result = subprocess.run(
        [str(PELICAN), "content", "-s", "pelicanconf.py"],
        cwd=bad_project.root,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    lines = result.stderr.splitlines()
    assert lines[: len(BAD_LINES)] == BAD_LINES
    assert lines[len(BAD_LINES)] == (
        "2 problems in 2 files; nothing was written and the last good output is unchanged."
    )
    assert "Traceback" not in result.stderr + result.stdout
    assert not (bad_project.root / "output").exists()


def test_invoke_check_prints_the_same_lines_and_writes_nothing(bad_project):
    result = subprocess.run(
        [str(INVOKE), "check"], cwd=bad_project.root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 1
    assert result.stderr.splitlines()[: len(BAD_LINES)] == BAD_LINES
    assert "Traceback" not in result.stderr + result.stdout
    assert not (bad_project.root / "output").exists()


def test_invoke_check_passes_good_content_and_writes_nothing(tmp_path):
    site = project_copy(tmp_path)
    site.write("blog/good.md", doc(title="Good"))
    result = subprocess.run(
        [str(INVOKE), "check"], cwd=site.root, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert "1 documents checked: no problems." in result.stderr
    assert not (site.root / "output").exists()
    assert [p.name for p in site.root.iterdir() if p.name.startswith(".output")] == []


def test_github_error_format_adds_annotations(bad_project):
    result = bad_project.cli("-e", 'CONTENT_ERROR_FORMAT="github"')
    assert result.returncode == 1
    assert (
        "::error file=content/blog/bad.md,line=4::unknown topic 'helth' "
        "(see content/taxonomies/topics.yml) — did you mean 'health'?"
    ) in result.stderr.splitlines()


def test_a_wrong_setting_is_one_line_not_a_traceback(bad_project):
    result = bad_project.cli("-e", 'CONTENT_UNSAFE_HTML="maybe"')
    assert result.returncode == 2
    assert "settings: CONTENT_UNSAFE_HTML must be one of error, clean, not 'maybe'" in result.stderr
    assert "Traceback" not in result.stderr


def test_vocabulary_mistakes_are_located(tmp_path):
    site = new_site(tmp_path)
    topics = site.content / "taxonomies" / "topics.yml"
    end = len(topics.read_text().splitlines())
    topics.write_text(
        topics.read_text() + "Bad Slug:\n  name: X\n  description: Y\nempty:\n  name: E\n"
    )
    site.write("blog/good.md", doc())
    lines = site.build()
    assert lines == [
        f"content/taxonomies/topics.yml:{end + 1}: 'Bad Slug' is not a slug (a-z, 0-9 and hyphens)",
        f"content/taxonomies/topics.yml:{end + 4}: 'empty' has no description",
    ]


@pytest.mark.parametrize("settings", ["pelicanconf.py", "publishconf.py"])
def test_the_project_itself_builds(tmp_path, settings):
    result = subprocess.run(
        [
            str(PELICAN),
            str(ROOT / "content"),
            "-s",
            str(ROOT / settings),
            "-o",
            str(tmp_path / "output"),
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "output" / "index.html").is_file()


def test_invoke_check_says_exactly_what_the_build_says_cold_and_cached(tmp_path):
    """The quick check (parse cache, no Pelican pipeline) against the build's own check."""
    site = project_copy(tmp_path)
    site.write("blog/good.md", doc(title="Good", body="See [x](/primers/missing/)."))
    site.write("blog/bad.md", doc(topics=["helth"], body="<script>alert(1)</script>"))
    site.write("blog/secret.md", doc(title="Secret", status="draft"))
    site.write("blog/links-draft.md", doc(body="[s](/blog/secret/) [f]({filename}/blog/no.md)"))
    site.write("primers/good.md", doc(title="P", slug="same"))
    site.write("primers/same.md", doc(title="Q"))
    site.write("webinars/talk.md", doc(title="Talk"))
    site.write("blogs/stray.md", doc())
    site.write(
        "newsletters/2020-01.md",
        "---\ntitle: January\ndate: 2020-02-01\nperiod: 2020-01/2020-01\n---\nNote.\n",
    )
    build = subprocess.run(
        [str(PELICAN), "content", "-s", "pelicanconf.py", "-e", "CONTENT_CHECK_ONLY=true"],
        cwd=site.root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert build.returncode == 1
    assert "nothing was published in January 2020" in build.stderr
    for _ in range(2):  # the first parses, the second reads the cache
        result = subprocess.run(
            [str(INVOKE), "check"], cwd=site.root, capture_output=True, text=True, check=False
        )
        assert result.returncode == 1
        assert result.stderr == build.stderr
