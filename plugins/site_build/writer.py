"""Pelican's Writer: reuse a page when its key says it is unchanged, else queue it."""

from __future__ import annotations

import os
import posixpath
from functools import partial

from pelican.utils import sanitised_join
from pelican.writers import FileOverwriteFailedError, Writer

from .reuse import ReusingFiles
from .state import session_of


class ReusingWriter(Writer):
    """Pelican's Writer, for the build under way: its files (`Build.files`) decide; when they
    do not reuse (the `incremental` plugin has not set them up), a plain Writer."""

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):  # fmt: skip
        under_way = session_of(self.settings).build
        build = under_way.files if under_way is not None else None
        if not isinstance(build, ReusingFiles):
            build = None
        if not name or build is None or self._paginates(paginated, template_name, kwargs):
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)  # fmt: skip
        rel = self._rel(name)
        path = sanitised_join(self.output_path, name)
        claim = self._claim(path, override_output)
        if claim == "skip":
            return None
        key = build.key(kwargs, repr((name, template.name, relative_urls, url)))
        if claim == "replace":
            # It replaces an earlier write of the file, queued (dropped: it must not be
            # written after this one) or made (written over: not linked instead).
            build.queue.drop(rel)
            key = None
        if build.take(rel, key):
            return None
        # Rendered later, maybe in another process: with the context as it is now.
        make = partial(self._write_claimed, path, name, template, dict(context), relative_urls,
                       paginated, template_name, override_output, url, **kwargs)  # fmt: skip
        build.queue.add(rel, key, make)
        return None

    def _claim(self, path: str, override: bool) -> str:
        """Pelican's check that a file is written once (`Writer._open_w`), made here when the
        file is taken or queued, since it may be written in another process: raises for a
        second write; "skip" when Pelican would skip this one, "replace" when it replaces an
        earlier write, else "new"."""
        if path in self._overridden_files:
            if override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" a second time (was previously overwritten)'
                )
            return "skip"
        claim = "new"
        if path in self._written_files:
            if not override:
                raise FileOverwriteFailedError(
                    f'Failed to overwrite "{path}" as Pelican has already written to it '
                    "previously (set `override=True` if intended)"
                )
            claim = "replace"
        if override:
            self._overridden_files.add(path)
        self._written_files.add(path)
        return claim

    def _write_claimed(self, path: str, *args, **kwargs):
        # Claimed when it was queued: Pelican's own check must not count this write twice.
        self._written_files.discard(path)
        self._overridden_files.discard(path)
        return Writer.write_file(self, *args, **kwargs)

    def _rel(self, name: str) -> str:
        rel = posixpath.normpath(name.replace(os.sep, "/"))
        if rel.startswith(("/", "../")) or rel == "..":  # let Pelican's check say what is wrong
            path = sanitised_join(self.output_path, name)
            rel = os.path.relpath(path, self.output_path).replace(os.sep, "/")
        return rel

    def _paginates(self, paginated, template_name, kwargs) -> bool:
        """Pelican's own pagination writes several files from one call: never reused."""
        if paginated is None:
            paginated = {k: v for k, v in kwargs.items() if k in {"articles", "dates"}}
        return bool(paginated) and template_name in self.settings.get("PAGINATED_TEMPLATES", {})
