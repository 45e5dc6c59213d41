"""A build session: one Pelican kept in memory and run again on every save.

Why: a new `pelican` process per save pays for starting Python, importing Pelican and every
library and reading the settings (about a second) before it reads a single file. A session pays
that once (`invoke livereload`). Each save then runs `quick()`: documents come from the parse
cache, unchanged pages are linked from the previous build (`incremental`), the search index is
the previous one, and the new site is swapped in; the browser can refresh. `index_later()`
then runs a normal build in a background process, which links everything again and makes the
search index a moment later; a new save stops it first, so an older build never lands after a
newer one. The Pelican object (and so its `site_build.state.Session`: the caches kept between
builds) lives as long as this object. Changes to the code (`plugins/`, the settings files)
need a new session.
"""

from __future__ import annotations

import logging
import os
import subprocess
import sys
import time

from pelican import Pelican
from pelican.settings import read_settings

from .memory import release_build_objects
from .state import session_of

log = logging.getLogger(__name__)


class BuildSession:
    def __init__(self, settings_file: str, content: str, output: str, overrides=None):
        self.settings_file = settings_file
        self.content = os.path.abspath(content)
        self.output = os.path.abspath(output)
        self.overrides = dict(overrides or {})
        self.index_process: subprocess.Popen | None = None
        self._pelican: Pelican | None = None

    def _make(self) -> Pelican:
        override = {**self.overrides, "PATH": self.content, "OUTPUT_PATH": self.output,
                    "CONTENT_CACHE_MEMORY": True}  # fmt: skip
        return Pelican(read_settings(self.settings_file, override=override))

    def build(self, search_later: bool = False) -> float | None:
        """Build the site in this process; seconds taken, or None if the content has problems
        (they are printed; the last good output stays)."""
        self.stop_index()
        if self._pelican is None:
            self._pelican = self._make()
        self._pelican.settings["SEARCH_INDEX_LATER"] = search_later
        started = time.perf_counter()
        try:
            self._pelican.run()
        except SystemExit as e:  # content problems: reported already, output unchanged
            if e.code not in (0, None):
                return None
        finally:
            # A build keeps its objects out of the collector's reach (site_build.memory);
            # this process lives on: let it collect what the build left.
            release_build_objects()
        return time.perf_counter() - started

    @property
    def last_counts(self) -> tuple[int, int] | None:
        """(files made, files taken from the previous build) of the last build here."""
        return session_of(self._pelican.settings).last_counts if self._pelican else None

    def quick(self) -> float | None:
        """Pages and listings now; the search index by `index_later()`."""
        return self.build(search_later=True)

    def prestage(self) -> None:
        """Between saves: make the next build's folders now (atomic_output.prestage)."""
        from atomic_output import prestage

        prestage(self.output)

    def index_later(self) -> None:
        """Make the search index in a background build (everything else is linked)."""
        self.stop_index()
        command = [sys.executable, "-m", "pelican", self.content, "-s", self.settings_file,
                   "-o", self.output, "-q"]  # fmt: skip
        if self.overrides:  # one -e: Pelican keeps only the last of several
            command += ["-e", *(f"{name}={_json(v)}" for name, v in self.overrides.items())]
        self.index_process = subprocess.Popen(command, stdin=subprocess.DEVNULL)

    def wait_index(self) -> int | None:
        if self.index_process is None:
            return None
        code = self.index_process.wait()
        self.index_process = None
        return code

    def stop_index(self) -> None:
        """Stop a background build: killed, it leaves the output as it was (atomic_output)."""
        if self.index_process is not None and self.index_process.poll() is None:
            self.index_process.terminate()
            try:
                self.index_process.wait(timeout=10)
            except subprocess.TimeoutExpired:
                self.index_process.kill()
                self.index_process.wait()
        self.index_process = None


def _json(value) -> str:
    import json

    return json.dumps(value)
