"""The live-reload server (`invoke livereload`): serve output/, rebuild on save, refresh the page.

Why our own: a writer saving a document of a site of thousands should see it in about a
second. The server keeps one Pelican in memory (`site_build.session.BuildSession`): a save
re-parses that file only, renders only the pages whose inputs changed, swaps the new site in,
and tells the open pages to reload; the search index is made a moment later in the background.
Changes are noticed by inotify through `watchfiles` (tens of milliseconds, where polling
costs up to a second). Open pages learn of a new build from a Server-Sent Events stream on the
same origin (`/__live/events`, read by `/__live/reload.js`, which base.html loads only in this
mode), so the site's Content-Security-Policy stays as strict as in production.
A change to the code (plugins, settings files) restarts the server process.
Like `invoke serve`, it answers only to its own address and 404 for what is missing
(plugins/local_server.py).
"""

from __future__ import annotations

import argparse
import os
import sys
import threading
import time

from local_server import SiteHandler, make_server
from site_build.session import BuildSession

HERE = os.path.dirname(os.path.abspath(__file__))

EVENTS = "/__live/events"
SCRIPT = "/__live/reload.js"
RELOAD_JS = b"""// Development only: reload this page when the live-reload server has a new build.
new EventSource("/__live/events").addEventListener("build", () => location.reload());
"""
CODE_SUFFIXES = (".py",)


class Builds:
    """The number of the latest build, for the pages waiting on /__live/events."""

    def __init__(self):
        self.number = 0
        self.changed = threading.Condition()

    def done(self):
        with self.changed:
            self.number += 1
            self.changed.notify_all()

    def wait_after(self, number: int, timeout: float) -> int:
        with self.changed:
            self.changed.wait_for(lambda: self.number > number, timeout=timeout)
            return self.number


class Handler(SiteHandler):
    builds: Builds = None

    def do_GET(self):
        path = self.path.split("?", 1)[0]
        if path == SCRIPT:
            self._send(RELOAD_JS, "text/javascript; charset=utf-8")
        elif path == EVENTS:
            self._events()
        else:
            super().do_GET()

    def _send(self, body: bytes, content_type: str):
        self.send_response(200)
        self.send_header("Content-Type", content_type)
        self.send_header("Content-Length", str(len(body)))
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        self.wfile.write(body)

    def _events(self):
        self.send_response(200)
        self.send_header("Content-Type", "text/event-stream")
        self.send_header("Cache-Control", "no-store")
        self.end_headers()
        seen = self.builds.number
        try:
            while True:
                number = self.builds.wait_after(seen, timeout=15)
                if number > seen:
                    seen = number
                    self.wfile.write(f"event: build\ndata: {number}\n\n".encode())
                else:
                    self.wfile.write(b": still here\n\n")
                self.wfile.flush()
        except (BrokenPipeError, ConnectionResetError):
            return

    def log_message(self, format, *args):
        pass


def is_code(path: str) -> bool:
    rel = os.path.relpath(path, HERE)
    return rel.endswith(CODE_SUFFIXES) and not rel.startswith(("content", "theme"))


def serve(content: str, output: str, settings: str, host: str, port: int, drafts=False,
          restart=None):  # fmt: skip
    from watchfiles import watch

    overrides = {"LIVE_RELOAD": True}
    if drafts:
        overrides["CONTENT_DRAFTS_PREVIEW"] = True
    session = BuildSession(settings, content, output, overrides)
    builds = Builds()
    print("Building the site…", flush=True)
    session.build()
    session.prestage()
    handler = type("LiveHandler", (Handler,), {"builds": builds})
    server = make_server(output, host, port, handler)
    threading.Thread(target=server.serve_forever, daemon=True).start()
    print(f"Serving http://{host}:{port}/ ; rebuilding on every save (Ctrl-C stops).", flush=True)
    watched = [content, os.path.join(HERE, "theme"), os.path.join(HERE, "plugins"), settings]
    try:
        for changes in watch(*watched, debounce=400, step=30):
            paths = sorted({path for _change, path in changes})
            if any(is_code(p) for p in paths):
                print("Code changed: restarting the server.", flush=True)
                session.stop_index()
                server.shutdown()
                server.server_close()
                (restart or _restart)()
                return
            saved = time.perf_counter()
            seconds = session.quick()
            if seconds is None:
                print("Not rebuilt: fix the problems above; the last good site stays.", flush=True)
                continue
            builds.done()
            print(f"Rebuilt in {time.perf_counter() - saved:.2f} s; refreshing the page. "
                  "The search index follows.", flush=True)  # fmt: skip
            session.index_later()
            threading.Thread(target=_report_index, args=(session, saved), daemon=True).start()
            session.prestage()
    except KeyboardInterrupt:
        pass
    finally:
        session.stop_index()


def _report_index(session: BuildSession, saved: float) -> None:
    process = session.index_process
    if process is not None and process.wait() == 0:
        print(f"Search index updated {time.perf_counter() - saved:.1f} s after the save.",
              flush=True)  # fmt: skip


def _restart():
    os.execv(sys.executable, [sys.executable, *sys.argv])


def main(argv=None):
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--content", default=os.path.join(HERE, "content"))
    parser.add_argument("--output", default=os.path.join(HERE, "output"))
    parser.add_argument("--settings", default=os.path.join(HERE, "pelicanconf.py"))
    parser.add_argument("--host", default="127.0.0.1")
    parser.add_argument("--port", type=int, default=8000)
    parser.add_argument("--drafts", action="store_true")
    args = parser.parse_args(argv)
    serve(os.path.abspath(args.content), os.path.abspath(args.output), args.settings,
          args.host, args.port, args.drafts)  # fmt: skip


if __name__ == "__main__":
    main()
