"""Index the document pages of a staged build with Pagefind.

The binary comes from the `pagefind-bin` package. We run its command line rather than the
`pagefind` package's service API: the service answers one request per page, which took 13 s for
120 pages here, against 0.1 s for the command line. Only document pages are offered to it
(`--glob`), and they alone carry `data-pagefind-body`.

Two kinds of bundle (docs/search.md, "One index, and one for Arabic"):

- the main bundle (`pagefind/`): every document in one index analysed as the site's language
  (`--force-language en`), so one query searches every language with the same stemmer on
  both sides and scores that compare;
- a bundle for each language of `SCRIPT_INDEXES` (`pagefind/ar/`): that language's documents
  only (found by their `<html lang>`), with its own stemmer; the search page uses it for
  queries written in that language's script.

Then `compact.py` makes the word index small and `canonical.py` fixes the order of what
Pagefind keeps in hash maps, so each bundle is byte-identical from build to build.
"""

from __future__ import annotations

import contextlib
import os
import re
import shutil
import signal
import subprocess
import tempfile

from pagefind_bin import get_executable

from site_build.errors import BuildError

from .canonical import canonicalize
from .compact import compact_index
from .pages import indexed_pages

#: Languages written in a script of their own, whose documents also get a bundle of their own,
#: analysed with their own stemmer (search.js sends queries in that script to it).
SCRIPT_INDEXES = ("ar",)

HTML_LANG = re.compile(rb"<html[^>]*\slang=\"([^\"]+)\"")


def document_glob(url_prefixes) -> str:
    """A glob for the pages of documents: `{blog,primers,…}/*/index.html`."""
    return "{" + ",".join(sorted(url_prefixes)) + "}/*/index.html"


def pagefind() -> str:
    """The Pagefind program of the `pagefind-bin` package."""
    try:
        return str(get_executable())
    except OSError as e:
        raise BuildError(f"search: Pagefind not found ({e}); install requirements.txt") from e


def start_pagefind(site: str, output: str, glob: str, language: str) -> subprocess.Popen:
    """Start Pagefind; what it prints goes to a file (`process.log`), never into a pipe that
    would stall it while another run is waited for."""
    command = [
        pagefind(),
        "--site", site,
        "--output-path", output,
        "--glob", glob,
        "--force-language", language,
        "--quiet",
    ]  # fmt: skip
    log = tempfile.TemporaryFile()  # noqa: SIM115 (closed by wait_pagefind)
    try:
        process = subprocess.Popen(command, stdout=log, stderr=subprocess.STDOUT)
    except OSError as e:
        log.close()
        raise BuildError(f"search: could not run Pagefind {command[0]}: {e.strerror}") from e
    except BaseException:
        log.close()
        raise
    process.log = log
    return process


ANSI_ESCAPE = re.compile(r"\x1b\[[0-9;?]*[A-Za-z]")


def _ended(code: int) -> str:
    if code > 0:
        return f"exit status {code}"
    try:
        return f"killed by {signal.Signals(-code).name}"
    except ValueError:
        return f"killed by signal {-code}"


def wait_pagefind(process: subprocess.Popen) -> None:
    """Wait for a Pagefind run; if it failed, a one-line error with what it printed."""
    try:
        process.wait()
        if process.returncode != 0:
            process.log.seek(0)
            printed = ANSI_ESCAPE.sub("", process.log.read(20000).decode("utf-8", "replace"))
            said = " | ".join(line.strip() for line in printed.splitlines() if line.strip())
            # A path of the staging folder: the build's report shows it where it will be.
            bundle = process.args[process.args.index("--output-path") + 1]
            raise BuildError(
                f"search: Pagefind failed ({_ended(process.returncode)}) making {bundle}: "
                f"{said or 'it printed nothing'}"
            )
    finally:
        process.log.close()


def finish(bundle: str) -> None:
    """Compact the word index, then make the bundle canonical (byte-identical)."""
    compact_index(bundle)
    canonicalize(bundle)


def page_language(path: str) -> str:
    """The primary language of a page, from its `<html lang>` (a document's own language)."""
    with open(path, "rb") as f:
        found = HTML_LANG.search(f.read(2048))
    return found.group(1).decode("ascii").split("-")[0].lower() if found else ""


def build_index(site: str, url_prefixes, bundle_dir: str, language: str = "en") -> str:
    """Index the document pages under `site` into `site/bundle_dir`, analysed as `language`;
    and the pages of each language of SCRIPT_INDEXES into `site/bundle_dir/<language>`,
    analysed as that language, at the same time. Returns the main bundle."""
    glob = document_glob(url_prefixes)
    bundle = os.path.join(site, bundle_dir)
    # Pagefind adds to a folder without emptying it, and writes into files in place (which,
    # hard-linked, would be another build's): start from nothing.
    shutil.rmtree(bundle, ignore_errors=True)
    by_language: dict[str, list[str]] = {}
    for page in indexed_pages(site, url_prefixes):
        by_language.setdefault(page_language(os.path.join(site, page)), []).append(page)
    bundles = [bundle]
    runs: list[subprocess.Popen] = []
    with contextlib.ExitStack() as stack:
        try:
            # The small indexes run beside the main one, which uses one core only for part of
            # its run.
            runs.append(start_pagefind(site, bundle, glob, language))
            for other in SCRIPT_INDEXES:
                if other == language or not by_language.get(other):
                    continue
                # Pagefind indexes a folder: one of links to those pages alone, at the same
                # paths, so that results point to the same URLs.
                pages_dir = stack.enter_context(tempfile.TemporaryDirectory(prefix="search-index-"))
                for page in by_language[other]:
                    link = os.path.join(pages_dir, page)
                    os.makedirs(os.path.dirname(link), exist_ok=True)
                    os.symlink(os.path.abspath(os.path.join(site, page)), link)
                bundles.append(os.path.join(bundle, other))
                runs.append(start_pagefind(pages_dir, bundles[-1], glob, other))
            for run in runs:
                wait_pagefind(run)
        finally:
            for run in runs:  # something failed: no run goes on writing into the bundle
                if run.poll() is None:
                    run.kill()
                    run.wait()
                run.log.close()
    for made in bundles:
        finish(made)
    return bundle
