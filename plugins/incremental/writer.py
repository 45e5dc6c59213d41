"""Pelican's Writer: reuse a page when its key says it is unchanged, else queue it."""

from __future__ import annotations

import os
import posixpath
from functools import partial

from pelican.utils import sanitised_join
from pelican.writers import Writer


class ReusingWriter(Writer):
    #: The build under way (`incremental.Build`), set by the plugin; None: a plain Writer.
    build = None

    def write_file(self, name, template, context, relative_urls=False, paginated=None,
                   template_name=None, override_output=False, url=None, **kwargs):  # fmt: skip
        build = ReusingWriter.build
        if not name or build is None or self._paginates(paginated, template_name, kwargs):
            return super().write_file(name, template, context, relative_urls, paginated,
                                      template_name, override_output, url, **kwargs)  # fmt: skip
        rel = self._rel(name)
        key = build.key(kwargs, repr((name, template.name, relative_urls, url)))
        if build.take(rel, key):
            # What Pelican remembers of a written file, to warn of a second write.
            self._written_files.add(sanitised_join(self.output_path, name))
            return None
        # Rendered later, maybe in another process: with the context as it is now.
        make = partial(Writer.write_file, self, name, template, dict(context), relative_urls,
                       paginated, template_name, override_output, url, **kwargs)  # fmt: skip
        build.queue.add(rel, key, make)
        return None

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
