"""The live-reload path: a save is built in the running process, the open page reloads by
itself, and once the search index has followed, the output is what a clean build makes.
Both local servers (`invoke livereload`, `invoke serve`) answer only to their own address and
answer 404 for what is missing."""

from __future__ import annotations

import http.client
import shutil
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from site_build.session import BuildSession

from conftest import PELICAN, ROOT, doc, new_site, project_copy, snapshot

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
    assert session.quick() is not None
    made, taken = session.last_counts
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


# -- both local servers: 404 for what is missing, only their own Host --------------------------

INVOKE = Path(sys.executable).parent / "invoke"


def start(command, cwd, marker):
    """Start a server; return its process once it printed the line starting with `marker`."""
    process = subprocess.Popen(
        command, cwd=cwd, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True
    )
    deadline = time.monotonic() + 120
    lines = []
    for line in process.stdout:
        lines.append(line)
        if line.startswith(marker):
            return process
        assert time.monotonic() < deadline, "the server did not start"
    process.wait()
    pytest.fail(f"the server stopped: exit {process.returncode}\n{''.join(lines)}")


@pytest.fixture(scope="module", params=["livereload", "serve"])
def local_server(request, tmp_path_factory):
    """(name, output folder, port) of `invoke livereload`'s server or of `invoke serve`."""
    root = tmp_path_factory.mktemp(request.param)
    port = free_port()
    if request.param == "livereload":
        site = small_site(root)
        command = [sys.executable, str(ROOT / "devserver.py"), "--content", str(site.content),
                   "--output", str(site.output), "--port", str(port)]  # fmt: skip
        process = start(command, root, "Serving")
    else:
        site = project_copy(root)
        for i in range(3):
            site.write(f"blog/doc-{i}.md", doc(body=f"Text {i}.", title=f"Doc {i}"))
        process = start([str(INVOKE), "serve", "--port", str(port)], root, "Serving")
    try:
        yield request.param, site.output, port
    finally:
        process.terminate()
        process.wait(timeout=30)


def fetch(port, path, host="", method="GET", headers=()):
    """(status, headers, body) of one request; `host` None sends no Host header."""
    connection = http.client.HTTPConnection("127.0.0.1", port, timeout=30)
    try:
        connection.putrequest(method, path, skip_host=True, skip_accept_encoding=True)
        if host is not None:
            connection.putheader("Host", host or f"127.0.0.1:{port}")
        for name, value in headers:
            connection.putheader(name, value)
        connection.endheaders()
        response = connection.getresponse()
        return response.status, dict(response.getheaders()), response.read()
    finally:
        connection.close()


def test_the_local_servers_serve_the_site(local_server):
    _name, _output, port = local_server
    status, _headers, body = fetch(port, "/blog/doc-0/")
    assert status == 200 and b"Text 0." in body
    for host in (f"localhost:{port}", f"LocalHost:{port}"):
        assert fetch(port, "/blog/doc-0/", host=host)[0] == 200
    status, headers, _body = fetch(port, "/blog/doc-0")
    assert status == 301 and headers["Location"] == "/blog/doc-0/"


def test_a_missing_path_is_404_with_the_sites_404_page(local_server):
    _name, output, port = local_server
    not_found = (output / "404.html").read_bytes()
    for path in ("/no-such-page/", "/blog/no-such-post", "/theme/no-such.css", "/a/../b"):
        status, headers, body = fetch(port, path)
        assert (status, body) == (404, not_found), path
        assert headers["Content-Type"] == "text/html; charset=utf-8"
    status, _headers, body = fetch(port, "/no-such-page/", method="HEAD")
    assert (status, body) == (404, b"")


def test_a_folder_without_index_html_is_not_listed(local_server):
    _name, output, port = local_server
    folder = output / "theme" / "css"
    assert folder.is_dir() and not (folder / "index.html").exists()
    status, _headers, body = fetch(port, "/theme/css/")
    assert status == 404 and b"Directory listing" not in body
    # A file no page links to is not shown by listing its folder.
    (output / "unlinked").mkdir()
    (output / "unlinked" / "private-notes.txt").write_text("x")
    try:
        status, _headers, body = fetch(port, "/unlinked/")
        assert status == 404 and b"private-notes" not in body
        assert fetch(port, "/unlinked/private-notes.txt")[0] == 200
    finally:  # the server is shared by the module's tests: leave its output as it was
        shutil.rmtree(output / "unlinked")


@pytest.mark.parametrize("path", ["/", "/blog/doc-0/", "/no-such-page/", "/__live/events",
                                  "/__live/reload.js"])  # fmt: skip
def test_a_request_for_another_host_is_refused(local_server, path):
    # A page of another site that points its own name at 127.0.0.1 (DNS rebinding) sends
    # that name as Host: nothing of the site, not even a 404, is answered to it.
    _name, _output, port = local_server
    forged = ["evil.example", f"evil.example:{port}", f"127.0.0.1.evil.example:{port}",
              f"127.0.0.1:{port + 1}", "127.0.0.1", f"localhost:{port}.evil.example"]  # fmt: skip
    for host in forged:
        status, _headers, body = fetch(port, path, host=host)
        assert status == 421, (path, host, status)
        assert b"Text 0." not in body and b"EventSource" not in body
    assert fetch(port, path, host=None)[0] == 400
    assert fetch(port, path, headers=[("Host", "evil.example")])[0] == 400  # two Host headers
    assert fetch(port, f"http://evil.example{path}")[0] == 400  # the absolute form
