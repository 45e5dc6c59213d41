"""What the two local servers (`invoke serve` and `invoke livereload`) answer, in one place.

Not a Pelican plugin: `tasks.py` and `devserver.py` import it (a module of the installed project).

- A request whose `Host` is not the address served (`127.0.0.1:PORT`, `localhost:PORT`) is
  refused with 421 (400 without a `Host`) before anything is read. A web page on another site
  can point a name it controls at 127.0.0.1 (DNS rebinding) and then read the local server as
  its own origin; the browser still sends that name as `Host`, which is how the server tells.
- A path that matches no file is answered 404, with the site's own `404.html` when the build
  made one (as GitHub Pages does). Pelican's handler answers nothing at all there (it closes
  the connection) and tries suffixes; Python's lists folders that have no `index.html`, which
  shows files the site never links to. Here a folder without `index.html` is a 404 too.
- Otherwise it is Pelican's handler (its MIME types for web fonts and JavaScript): a folder
  without its trailing `/` is redirected to it, `/x` serves `x.html` when there is no `x`.
"""

from __future__ import annotations

import ipaddress
import os
from http import HTTPStatus
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer

from pelican.server import ComplexHTTPRequestHandler

LOOPBACK_NAMES = ("127.0.0.1", "localhost")


def allowed_hosts(host: str, port: int) -> frozenset[str]:
    """The `Host` values that name the address a server listens on, lower case."""
    names = {host.lower()}
    if _is_loopback(host) or host in ("", "0.0.0.0", "::"):
        names.update(LOOPBACK_NAMES)
    names = {f"[{n}]" if ":" in n else n for n in names if n not in ("", "0.0.0.0", "::")}
    allowed = {f"{name}:{port}" for name in names}
    if port == 80:  # a browser leaves the default port out of `Host`
        allowed |= names
    return frozenset(allowed)


def _is_loopback(host: str) -> bool:
    if host.lower() == "localhost":
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def host_problem(values: list[str], allowed: frozenset[str]) -> tuple[int, str] | None:
    """Why a request with these `Host` header values is refused (status, reason), or None."""
    if len(values) != 1:
        reason = "one Host header is required" if not values else "more than one Host header"
        return HTTPStatus.BAD_REQUEST, reason
    if values[0].strip().lower() not in allowed:
        return (
            HTTPStatus.MISDIRECTED_REQUEST,
            f"this server answers only to {', '.join(sorted(allowed))}",
        )
    return None


class SiteHandler(ComplexHTTPRequestHandler):
    """Serves the folder `base_path` (set by `make_server`) as GitHub Pages would."""

    base_path: str = ""

    def parse_request(self) -> bool:
        if not super().parse_request():
            return False
        host, port = self.server.server_address[:2]
        problem = host_problem(self.headers.get_all("Host") or [], allowed_hosts(host, port))
        if problem is None and not self.path.startswith("/"):
            problem = HTTPStatus.BAD_REQUEST, "the request target must be a path"
        if problem:
            self.send_error(*problem)
            return False
        return True

    def do_GET(self):
        # Python's own GET, not Pelican's (which sends no answer for a missing path).
        SimpleHTTPRequestHandler.do_GET(self)

    def send_head(self):
        path = self.path.split("?", 1)[0].split("#", 1)[0]
        missing = not path.endswith("/") and not os.path.exists(self.translate_path(path))
        if missing and os.path.isfile(self.translate_path(path + ".html")):
            self.path = path + ".html"
        return super().send_head()

    def list_directory(self, path):
        self.send_error(HTTPStatus.NOT_FOUND, "No index.html in this folder")
        return None

    def send_error(self, code, message=None, explain=None):
        page = os.path.join(self.base_path, "404.html")
        if code != HTTPStatus.NOT_FOUND or not os.path.isfile(page):
            super().send_error(code, message, explain)
            return
        with open(page, "rb") as f:
            body = f.read()
        self.send_response(code, message)
        self.send_header("Content-Type", "text/html; charset=utf-8")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        if self.command != "HEAD":
            self.wfile.write(body)


def make_server(root: str, host: str, port: int, handler: type[SiteHandler] = SiteHandler):
    """A threading server for the folder `root` on host:port, with its own handler class."""
    bound = type(handler.__name__, (handler,), {"base_path": os.path.abspath(root)})
    server = ThreadingHTTPServer((host, port), bound)
    server.daemon_threads = True
    return server
