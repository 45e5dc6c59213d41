"""Pelican's Writer, taking a page from the previous build when its key says it is unchanged."""

from __future__ import annotations

import hashlib
import os
import posixpath

from pelican.utils import sanitised_join
from pelican.writers import Writer

from .fingerprint import Uncacheable, fingerprint


class ReusingWriter(Writer):
    #: Set by the plugin for each build: (OutputReuse, site key, links key) or None.
    state = None

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):  # fmt: skip
        state = ReusingWriter.state
        key = None
        if name and state is not None and not self._paginates(paginated, template_name, kwargs):
            reuse, site, links = state
            try:
                values = fingerprint(kwargs, links, reuse.memo)
            except Uncacheable:
                values = None
            if values is not None:
                key = hashlib.sha256(
                    site + values + repr((name, template.name, relative_urls, url)).encode()
                ).hexdigest()
                rel = self._rel(name)
                if reuse.reuse(rel, key):
                    # What Pelican remembers of a written file, to warn of a second write.
                    self._written_files.add(sanitised_join(self.output_path, name))
                    return
                reuse.release(rel)
        super().write_file(name, template, context, relative_urls, paginated, template_name,
                           override_output, url, **kwargs)  # fmt: skip
        if key is not None:
            state[0].record(self._rel(name), key)

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
