"""The inputs every page shares: code, theme, settings, the pages in the navigation, terms,
which webinars are upcoming. Any change to one of them makes every page again.

This is what templates may read besides what `write_file` gives them: the settings, the
pages, and of the site model exactly its template view (`SITE`: now, terms, siteurl;
`site_build.model.TemplateSite`), which `site_key` covers whole."""

from __future__ import annotations

import dataclasses
import hashlib
import os

from .code_digest import code_digest
from .fingerprint import document_key
from .state import SESSION_KEY

LIBRARIES = (
    "pelican",
    "jinja2",
    "markupsafe",
    "feedgen",
    "icalendar",
    "babel",
    "pillow",
    "lxml",
    "pagefind-bin",
    "cbor2",
)
#: Settings that name where things are, how the build logs or works, or when the index is
#: made: not what pages hold (`pelican -q` sets DEBUG; the live-reload server builds in its
#: own process and in a `pelican` command, and both must find each other's files).
PLACES = frozenset({"OUTPUT_PATH", "PATH", "CACHE_PATH", "PLUGIN_PATHS", "THEME",
                    "CONTENT_CACHE_DIR", "MEDIA_CACHE_DIR", "INCREMENTAL_CACHE_DIR",
                    "CONTENT_JOBS", "CONTENT_CACHE_MEMORY", "SEARCH_INDEX_LATER",
                    "DEBUG", "LOG_FILTER", SESSION_KEY})  # fmt: skip


#: The folder of our installed packages (plugins/ of the checkout, `pip install -e .`): the
#: plugins are imported by name from there, not from PLUGIN_PATHS (pelicanconf.py). All of
#: their code is part of every page's key.
PACKAGES = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))


def code_key(settings) -> bytes:
    """The plugins' code, the theme's files, the libraries' versions."""
    tops = dict.fromkeys([PACKAGES, *map(os.path.abspath, settings.get("PLUGIN_PATHS", []))])
    folders = [(top, (".py",)) for top in tops]
    return code_digest([*folders, (settings["THEME"], None)], LIBRARIES)


def _plain(value, depth=0):
    """A value's repr when it is plain data; a code object's type name (code is in code_key)."""
    if depth > 8:
        return "…"
    if value is None or isinstance(value, bool | int | float | str):
        return repr(value)
    if isinstance(value, list | tuple):
        return "[" + ",".join(_plain(v, depth + 1) for v in value) + "]"
    if isinstance(value, dict):
        items = sorted(value.items(), key=lambda kv: repr(kv[0]))
        return "{" + ",".join(f"{k!r}:{_plain(v, depth + 1)}" for k, v in items) + "}"
    if dataclasses.is_dataclass(value):
        return type(value).__name__
    return f"<{type(value).__module__}.{type(value).__qualname__}>"


def settings_key(settings) -> bytes:
    text = ";".join(f"{k}={_plain(v)}" for k, v in sorted(settings.items()) if k not in PLACES)
    return hashlib.sha256(text.encode("utf-8", "surrogatepass")).digest()


def links_key(context) -> str:
    """Where each file of the site publishes: what `{filename}` links resolve to."""
    digest = hashlib.sha256()
    for group in ("generated_content", "static_content"):
        for path, content in sorted((context.get(group) or {}).items()):
            digest.update(f"{group}\0{path}\0{getattr(content, 'url', '')}\n".encode())
    return digest.hexdigest()


def site_key(settings, model, code: bytes) -> bytes:
    """`model`: the site model (`site_build.model.SiteModel`); of it, every page's key covers
    what its template view (`SITE`) holds, all of it: which webinars are upcoming, the time
    zone, the terms, siteurl."""
    digest = hashlib.sha256(code)
    digest.update(settings_key(settings))
    digest.update(("pages:" + ",".join(document_key(p) for p in model.pages)).encode())
    view = model.for_templates()
    digest.update(("upcoming:" + ",".join(sorted(view.upcoming))).encode())
    digest.update(repr(view.timezone).encode())
    digest.update(terms_part(view.terms).encode())
    digest.update(f"siteurl:{view.siteurl}".encode())
    return digest.digest()


def terms_part(terms: dict) -> str:
    """What every page may show of a term: its name, description, and whether it has a page
    (templates link a term only when documents use it). Counts are passed to the pages that
    show them, so a new document does not make every page again."""
    rows = []
    for taxonomy in sorted(terms):
        for slug, entry in sorted(terms[taxonomy].items()):
            used = getattr(entry, "url", None) is not None
            names = getattr(entry, "names", ())
            rows.append(repr((taxonomy, slug, entry.name, entry.description, used, names)))
    return "\n".join(rows)
