"""An incremental build is byte-identical to a clean one, after every kind of change.

Each test has its own small site, built once as `invoke build` leaves it, changes the content
the way contributors do (edit a text, retitle, rename, delete, toggle a draft, move a webinar's
date, rename a topic, edit a page in the navigation), then builds twice: incrementally (parse
cache and reuse of the previous output, as `invoke build` does) and clean (no cache, nothing
reused, into another folder). Every file must be the same. The incremental build must also have
reused files, or the comparison would prove nothing.
"""

from __future__ import annotations

import re
import shutil
import subprocess
from pathlib import Path

import pytest

from conftest import PELICAN, ROOT, doc, new_site, snapshot

COUNTS = re.compile(r"incremental: (\d+) files made, (\d+) taken")
NOW = "2026-06-01T00:00:00+00:00"


def incremental(site):
    result = site.cli("-v", "-e", f'LISTINGS_NOW="{NOW}"')
    assert result.returncode == 0, result.stderr
    found = COUNTS.search(" ".join(result.stdout.split()))
    assert found, result.stdout[-2000:]
    return int(found.group(1)), int(found.group(2))


def clean(site):
    """A clean build into another folder: no parse cache, nothing reused."""
    out = site.root / "clean-output"
    shutil.rmtree(out, ignore_errors=True)
    result = subprocess.run(
        [str(PELICAN), str(site.content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(out),
         "-e", 'CONTENT_CACHE_DIR=""', "INCREMENTAL_REUSE=false", f'LISTINGS_NOW="{NOW}"'],
        cwd=site.root, capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    return snapshot(out)


def same_as_clean(site):
    """Build incrementally, then clean, and compare every file."""
    made, taken = incremental(site)
    mine = snapshot(site.output)
    reference = clean(site)
    assert sorted(mine) == sorted(reference)
    different = [name for name in reference if mine[name] != reference[name]]
    assert different == []
    return made, taken


@pytest.fixture
def unbuilt(tmp_path):
    """A small site of every type, with links, never built."""
    site = new_site(tmp_path)
    common = {"topics": ["health", "local-revenue"], "regions": ["asia"]}
    for i in range(12):
        folder = ("blog", "primers", "webinars", "articles")[i % 4]
        extra = dict(common, countries=["KE"] if i % 2 else ["ID"])
        if folder == "webinars":
            extra["event_date"] = f"2026-0{1 + i % 9}-10T10:00:00+00:00"
        if folder == "articles":
            extra["authors"] = ["A Member"]
        site.write(
            f"{folder}/doc-{i:02d}.md",
            doc(
                body=f"Text of document {i}.\n\n## Part\n\nMore words {i}.",
                title=f"Doc {i}",
                date=f"2025-0{1 + i % 9}-0{1 + i % 7}",
                **extra,
            ),
        )
    site.write(
        "blog/linker.md",
        doc(body="See [the primer]({filename}/primers/doc-01.md).", title="Linker", **common),
    )
    site.write("pages/about.md", "---\ntitle: About\nnav_order: 1\n---\nAbout us.\n")
    return site


@pytest.fixture
def steps(unbuilt):
    """The site after a first incremental build, its output and cache kept: the next build
    starts from there. Each test changes its own copy, so they pass alone and in any order."""
    incremental(unbuilt)
    return unbuilt


def replace_in(path, old: str, new: str) -> None:
    path.write_text(path.read_text("utf-8").replace(old, new))


def test_first_build_equals_clean(unbuilt):
    same_as_clean(unbuilt)


def test_nothing_changed(steps):
    made, taken = same_as_clean(steps)
    assert made == 0
    assert taken > 50


def test_a_file_changed_by_hand_in_the_output_is_made_again(steps):
    page = steps.output / "blog" / "doc-00" / "index.html"
    page.write_text("tampered", "utf-8")
    made, _taken = same_as_clean(steps)
    assert made == 1


def test_edit_a_text(steps):
    path = steps.content / "blog" / "doc-00.md"
    replace_in(path, "Text of document 0.", "Edited text.")
    same_as_clean(steps)
    made, _taken = same_as_clean(steps)  # and the next build takes it all again
    assert made == 0


def test_retitle_a_related_document(steps):
    path = steps.content / "primers" / "doc-01.md"
    replace_in(path, "title: Doc 1", "title: Renamed primer")
    same_as_clean(steps)


def test_rename_a_linked_file(steps):
    (steps.content / "primers" / "doc-01.md").rename(steps.content / "primers" / "moved.md")
    linker = steps.content / "blog" / "linker.md"
    replace_in(linker, "doc-01.md", "moved.md")
    same_as_clean(steps)


def test_change_a_slug_without_touching_the_linker(steps):
    path = steps.content / "primers" / "doc-01.md"
    replace_in(path, "title:", "slug: new-slug\ntitle:")
    same_as_clean(steps)


def test_delete_a_document(steps):
    (steps.content / "articles" / "doc-03.md").unlink()
    same_as_clean(steps)


def test_draft_and_back(steps):
    path = steps.content / "blog" / "doc-04.md"
    text = path.read_text("utf-8")
    path.write_text(text.replace("title:", "status: draft\ntitle:"))
    same_as_clean(steps)
    path.write_text(text)
    same_as_clean(steps)


def test_webinar_moves_from_past_to_upcoming(steps):
    path = steps.content / "webinars" / "doc-02.md"
    replace_in(path, "2026-03-10T10:00:00", "2026-09-10T10:00:00")
    same_as_clean(steps)


def test_rename_a_topic(steps):
    path = steps.content / "taxonomies" / "topics.yml"
    text = path.read_text("utf-8")
    assert "name: Health" in text
    path.write_text(text.replace("name: Health", "name: Health services"))
    same_as_clean(steps)


def test_edit_a_page_in_the_navigation(steps):
    path = steps.content / "pages" / "about.md"
    replace_in(path, "title: About", "title: About the Alliance")
    made, _taken = same_as_clean(steps)
    assert made > 0


def test_add_a_document(steps):
    steps.write(
        "blog/new-one.md",
        doc(body="Brand new.", title="New one", topics=["health"], regions=["asia"]),
    )
    _made, taken = same_as_clean(steps)
    # Its page, its listings and feeds and the pages whose related documents changed are
    # made again; on this small site that is most pages, but not all (the term counts a new
    # document changes reach only the pages that show them).
    assert taken > 0


# Pelican's "written once" check holds for writes queued for other processes.


@pytest.fixture
def queued_writer(tmp_path):
    from jinja2 import Template
    from pelican.settings import DEFAULT_CONFIG

    from site_build.reuse import ReusingFiles
    from site_build.state import session_of
    from site_build.writer import ReusingWriter

    settings = dict(DEFAULT_CONFIG)
    build = session_of(settings).begin_build(settings)
    files = build.files = ReusingFiles(None, b"", "", 2, build.processes)
    writer = ReusingWriter(str(tmp_path), settings=settings)
    template = Template("{{ text }}")
    template.name = "t.html"
    yield writer, template, files
    session_of(settings).end_build()


def test_a_second_write_of_a_queued_file_fails_as_in_pelican(queued_writer):
    from pelican.writers import FileOverwriteFailedError

    writer, template, _build = queued_writer
    writer.write_file("a/index.html", template, {}, text="one")
    with pytest.raises(FileOverwriteFailedError):
        writer.write_file("a/index.html", template, {}, text="two")


def test_an_override_replaces_the_queued_write_and_a_later_plain_write_is_skipped(queued_writer):
    writer, template, build = queued_writer
    writer.write_file("a/index.html", template, {}, text="first")
    writer.write_file("a/index.html", template, {}, override_output=True, text="second")
    writer.write_file("a/index.html", template, {}, text="third")  # Pelican skips it
    assert [rel for rel, _key, _make in build.queue.items] == ["a/index.html"]
    build.flush()
    assert (Path(writer.output_path) / "a" / "index.html").read_text() == "second"


def test_a_failed_index_leaves_no_pagefind_running(tmp_path, monkeypatch):
    from search_index import index

    started = []

    def start(site, output, glob, language):
        if language != "en":
            raise OSError("no more processes")
        process = subprocess.Popen(["sleep", "30"])
        process.log = open(tmp_path / "log", "wb")  # noqa: SIM115
        started.append(process)
        return process

    monkeypatch.setattr(index, "start_pagefind", start)
    monkeypatch.setattr(index, "page_language", lambda path: "ar")
    page = tmp_path / "site" / "blog" / "x" / "index.html"
    page.parent.mkdir(parents=True)
    page.write_text('<html lang="ar"><body data-pagefind-body>x</body></html>')
    with pytest.raises(OSError, match="no more processes"):
        index.build_index(str(tmp_path / "site"), ["blog"], "pagefind")
    assert started and started[0].poll() is not None, "the main run was left running"
