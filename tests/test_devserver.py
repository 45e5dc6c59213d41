"""The live-reload path: a save is built in the running process, the open page reloads by
itself, and once the search index has followed, the output is what a clean build makes."""

from __future__ import annotations

import socket
import subprocess
import sys
import time

import pytest

from conftest import PELICAN, ROOT, doc, new_site, snapshot

sys.path.insert(0, str(ROOT / "plugins"))

from incremental.session import BuildSession

NOW = "2026-06-01T00:00:00+00:00"


def small_site(root):
    site = new_site(root)
    for i in range(6):
        folder = ("blog", "primers", "webinars")[i % 3]
        extra = {"event_date": "2026-01-10T10:00:00+00:00"} if folder == "webinars" else {}
        site.write(f"{folder}/doc-{i}.md", doc(body=f"Text {i}.", title=f"Doc {i}", **extra))
    return site


def test_quick_build_then_index_equals_a_clean_build(tmp_path):
    site = small_site(tmp_path)
    overrides = {"LIVE_RELOAD": True, "LISTINGS_NOW": NOW}
    session = BuildSession(str(ROOT / "pelicanconf.py"), site.content, site.output, overrides)
    assert session.build() is not None
    path = site.content / "blog" / "doc-0.md"
    path.write_text(path.read_text("utf-8").replace("Text 0.", "Saved words."), "utf-8")
    assert session.quick() is not None
    # The page and its listing are there at once, before the search index.
    assert "Saved words." in site.page("blog/doc-0/")
    assert 'src="/__live/reload.js"' in site.page("blog/")
    session.index_later()
    assert session.wait_index() == 0

    clean = tmp_path / "clean"
    result = subprocess.run(
        [str(PELICAN), str(site.content), "-s", str(ROOT / "pelicanconf.py"), "-o", str(clean),
         "-e", 'CONTENT_CACHE_DIR=""', "INCREMENTAL_REUSE=false", "LIVE_RELOAD=true",
         f'LISTINGS_NOW="{NOW}"'],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    mine, reference = snapshot(site.output), snapshot(clean)
    assert sorted(mine) == sorted(reference)
    assert [name for name in reference if mine[name] != reference[name]] == []

    # The next build finds every file the background `pelican` command made: the two agree
    # on every key (they once did not: `pelican -q` sets DEBUG, and every page was made again).
    import incremental

    assert session.quick() is not None
    made, taken = incremental.last_counts
    assert made == 0
    assert taken > 20


def test_a_content_problem_keeps_the_last_good_site(tmp_path):
    site = small_site(tmp_path)
    session = BuildSession(str(ROOT / "pelicanconf.py"), site.content, site.output)
    assert session.build() is not None
    before = snapshot(site.output)
    site.write("blog/broken.md", "---\ntitle: [unclosed\n---\nText.\n")
    assert session.quick() is None
    assert snapshot(site.output) == before


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


@pytest.fixture
def live_server(tmp_path):
    site = small_site(tmp_path)
    port = free_port()
    process = subprocess.Popen(
        [sys.executable, str(ROOT / "devserver.py"), "--content", str(site.content),
         "--output", str(site.output), "--port", str(port)],
        stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True,
    )  # fmt: skip
    deadline = time.monotonic() + 120
    for line in process.stdout:
        if line.startswith("Serving"):
            break
        assert time.monotonic() < deadline, "the server did not start"
    else:
        pytest.fail(f"the server stopped: exit {process.wait()}")
    try:
        yield site, f"http://127.0.0.1:{port}", process
    finally:
        process.terminate()
        process.wait(timeout=30)


def test_the_open_page_reloads_itself_after_a_save(live_server, browser):
    site, base, _process = live_server
    page = browser.new_page()
    errors = []
    page.on("console", lambda m: errors.append(m.text) if m.type == "error" else None)
    page.goto(f"{base}/blog/doc-0/")
    assert "Text 0." in page.inner_text("main")
    # The page holds its event stream open before we save.
    page.wait_for_function("() => performance.getEntriesByType('resource')"
                           ".some(e => e.name.endsWith('/__live/reload.js'))")  # fmt: skip
    time.sleep(0.5)
    path = site.content / "blog" / "doc-0.md"
    with page.expect_event("load", timeout=60_000):
        path.write_text(path.read_text("utf-8").replace("Text 0.", "Saved live."), "utf-8")
    assert "Saved live." in page.inner_text("main")
    assert errors == []  # the strict Content-Security-Policy let the script and stream run
    page.close()
