"""The Pelican reader for our `.md` files: contract front matter instead of Pelican's `Key: value`.

It hands Pelican the cleaned HTML and the metadata Pelican's machinery expects (title, date,
slug, url, save_as, status, category = content type, authors), plus every contract field as an
attribute of the content object and the whole `Document` as `doc`. It never raises on bad input:
problems travel with the document and are reported, all together, by `validation`.
"""

from __future__ import annotations

import html
import os
from datetime import datetime

from pelican.readers import BaseReader
from pelican.utils import SafeDatetime

from site_build.state import session_of

from . import parse_cache, uploads, validate
from .dates import UTC
from .document import Document
from .schema import IMAGE_FOLDER, TYPES_BY_FOLDER
from .settings import plugin_settings
from .values import Site
from .vocabularies import load_vocabularies


def shown_root(settings) -> str:
    """Problems name files relative to the folder holding content/ (the project's root)."""
    return os.path.dirname(os.path.abspath(settings["PATH"]))


def site_vocabularies(settings) -> tuple[dict, list]:
    """The vocabularies and their problems, read once per build (kept on the build)."""
    build = session_of(settings).build
    if build is None:  # `invoke check`, or a reader made outside a build
        return load_vocabularies(settings["PATH"], shown_root(settings))
    if build.vocabularies is None:
        build.vocabularies = load_vocabularies(settings["PATH"], shown_root(settings))
    vocabularies, problems = build.vocabularies
    return {name: dict(terms) for name, terms in vocabularies.items()}, list(problems)


def load_site(settings) -> Site:
    content_path = settings["PATH"]
    vocabularies, _problems = site_vocabularies(settings)
    # The published pictures only: no hidden files, no symbolic links (never followed).
    images = frozenset(validate.paths_under(content_path, IMAGE_FOLDER))
    return Site(
        vocabularies=vocabularies,
        images=images,
        content_path=content_path,
        max_bytes=plugin_settings(settings)["CONTENT_MAX_FILE_BYTES"],
    )


PLACEHOLDER_DATE = datetime(1970, 1, 1, tzinfo=UTC)


def _safe_datetime(value):
    return SafeDatetime(
        value.year,
        value.month,
        value.day,
        value.hour,
        value.minute,
        value.second,
        value.microsecond,
        tzinfo=value.tzinfo,
    )


class ContractReader(BaseReader):
    enabled = True
    file_extensions = ("md",)

    def __init__(self, settings):
        super().__init__(settings)
        self.content_path = os.path.abspath(settings["PATH"])
        self.root = shown_root(settings)
        self.site = load_site(settings)
        self.options = plugin_settings(settings)
        # Documents kept in memory between builds (the live-reload server's session), or none.
        caches = session_of(settings).caches
        self.memory = caches.documents if self.options["CONTENT_CACHE_MEMORY"] else None
        self._parsed: dict[str, dict[str, Document]] = {}
        self._categories: dict = {}

    def read(self, source_path):
        doc = self.parsed(os.path.abspath(source_path))
        return doc.html, self.metadata(doc)

    def parsed(self, path: str) -> Document:
        """The document at `path`. The first call parses every file of its folder group
        (articles, or pages) at once: from the cache, the rest on every core."""
        rel = parse_cache.relative(path, self.content_path)
        ctype = TYPES_BY_FOLDER[rel.split("/", 1)[0]]
        group = "pages" if ctype.is_page else "documents"
        if group not in self._parsed:
            folders = [f for f, t in TYPES_BY_FOLDER.items() if t.is_page == ctype.is_page]
            self._parsed[group] = self._parse(
                parse_cache.content_files(self.content_path, folders), group
            )
        doc = self._parsed[group].pop(path, None)
        if doc is None and uploads.has_link(path, self.content_path):
            # Pelican follows linked folders; a link is reported, never read (the build
            # stops on links before this, unless one was made meanwhile).
            raise OSError(f"{path} is or is under a symbolic link: not read")
        if doc is None:  # not found by the walk (changed since?): parse it alone
            doc = self._parse([path], group + "-late").get(path)
        if doc is None:
            raise OSError(f"could not read {path}")
        return doc

    def _parse(self, paths, group):
        return parse_cache.parse_files(
            paths,
            content_path=self.content_path,
            shown_root=self.root,
            site=self.site,
            unsafe_html=self.options["CONTENT_UNSAFE_HTML"],
            cache_dir=self.options["CONTENT_CACHE_DIR"],
            jobs=self.options["CONTENT_JOBS"],
            group=group,
            memory=self.memory,
        )

    def _category(self, name: str):
        # One object per type: Pelican slugifies a category each time it hashes a new one.
        if name not in self._categories:
            self._categories[name] = self.process_metadata("category", name)
        return self._categories[name]

    def metadata(self, doc: Document) -> dict:
        process = self.process_metadata
        meta = {key: value for key, value in doc.values.items() if key != "summary"}
        meta.update(
            {
                "doc": doc,
                "type": doc.ctype.name,
                "title": doc.title,
                "slug": doc.slug,
                "url": doc.url,
                "save_as": doc.save_as,
                "status": doc.status,
                "lang": doc.lang,
                "summary": html.escape(doc.summary, quote=False),
                "template": doc.ctype.template,
                "category": self._category(doc.ctype.plural),
                "authors": [process("author", name) for name in doc.values.get("authors", [])],
            }
        )
        if not doc.ctype.is_page and "date" not in meta:
            # Pelican drops an article without a date; this one's problem is already reported.
            meta["date"] = PLACEHOLDER_DATE
        for key in ("date", "updated", "event_date"):
            if key in meta:
                meta[key] = _safe_datetime(meta[key])
        if doc.is_draft and not self.options["CONTENT_DRAFTS_PREVIEW"]:
            meta["save_as"] = ""
        if not meta["authors"]:
            del meta["authors"]
        return meta
