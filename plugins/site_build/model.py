"""The site model: what every plugin and template knows of the site, typed, made once a run.

Pelican's generators read the files; then the `listings` plugin (its generator's
`generate_context`, before any other plugin's generator in PLUGINS order) makes one
`SiteModel` from the published documents and puts it on the build
(`site_build.state.Build.model`). Every other plugin reads it through `site_model(settings)`,
which fails loudly when it was not made (a plugin missing from PLUGINS, or listed after its
reader; `site_build.plugins` stops such a build at start-up already).

Templates see a part of it, `SITE` in their context (`TemplateSite`): exactly the values the
incremental key of every page covers (`site_build/site_inputs.py`: the webinars the build's
"now" makes upcoming and its time zone, the terms' names, descriptions and pages, the absolute
site URL). Reading anything else of it in a template is an error, not an empty string: whatever
else a template shows is given to it by `write_file` (and is part of that page's own key).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime, tzinfo
from typing import ClassVar
from urllib.parse import urlsplit

from .errors import BuildError
from .settings import SettingsError
from .state import build_of


class ModelError(BuildError):
    """The site model was asked for what it does not have: a template of a theme, or a plugin
    out of its place. One line, like every failure of a build (`site_build.errors`)."""


class _OnlyWhatTheKeyCovers:
    """A view whose other attributes are an error, where Jinja would render an empty string."""

    _readable: ClassVar[tuple[str, str]]

    def __getattr__(self, name):
        if name.startswith("__"):
            raise AttributeError(name)
        what, prefix = self._readable
        raise ModelError(
            f"theme: templates may read {what}, not {prefix}{name}: give the template what "
            "else it needs in write_file (site_build/model.py)"
        )


@dataclass(frozen=True)
class TemplateTerm(_OnlyWhatTheKeyCovers):
    """What templates may read of a term: `SITE.terms[taxonomy][slug]`. Its documents and count
    are not here: every page's key covers the names, not the counts (site_inputs.terms_part),
    so the pages that show counts are given them in write_file."""

    #: The term's name and description (its vocabulary file, or CLDR for countries).
    name: str
    description: str
    #: The term's listing, or None when no document uses it (no page is made). In the
    #: default language's edition: another edition's is its prefix and this.
    url: str | None
    #: (language code, name, description) in each language of the site.
    names: tuple = ()

    _readable: ClassVar[tuple[str, str]] = (
        "a term's name, description, url, name_in(code) and description_in(code)",
        ".",
    )

    def name_in(self, code: str) -> str:
        """The term's name in a language of the site (its vocabulary's, or CLDR's)."""
        for lang, name, _ in self.names:
            if lang == code:
                return name
        return self.name

    def description_in(self, code: str) -> str:
        for lang, _, description in self.names:
            if lang == code:
                return description
        return self.description


@dataclass(frozen=True)
class TemplateSite(_OnlyWhatTheKeyCovers):
    """What templates may read of the site model: context `SITE`."""

    #: The URLs of the webinars that are upcoming at the build's "now" (LISTINGS_NOW,
    #: SOURCE_DATE_EPOCH); not "now" itself, which changes with every build.
    upcoming: frozenset
    #: The time zone event times are shown in (the build's "now"'s).
    timezone: tzinfo
    #: taxonomy -> term slug -> `TemplateTerm` (name, description, url).
    terms: dict
    #: The site's absolute URL, without a final slash (feeds, calendars, canonical links).
    siteurl: str

    _readable: ClassVar[tuple[str, str]] = (
        "SITE.upcoming, SITE.timezone, SITE.terms and SITE.siteurl",
        "SITE.",
    )


@dataclass
class Edition:
    """The navigation pages of one language (`i18n.Language`): the same documents as every
    other edition, with titles, term names and URLs of its own (`fr/blog/`)."""

    language: object
    #: One listing per document type, then one per used term (`listings.model.Listing`).
    type_listings: list
    term_listings: list
    #: The documents written in this language (`fr/languages/fr/`).
    language_listing: object
    #: taxonomy -> its terms named in this language (`listings.model.TermEntry`).
    terms: dict
    #: What its home page shows (`listings.model.Home`).
    home: object

    @property
    def listings(self) -> list:
        return [*self.type_listings, *self.term_listings, self.language_listing]


@dataclass
class SiteModel:
    """The published site, once everything is read (made by the `listings` plugin)."""

    #: The moment that decides which webinars are upcoming.
    now: datetime
    #: The site's absolute URL, without a final slash (`absolute_siteurl`).
    siteurl: str
    #: Published documents (not pages), in Pelican's order (newest first).
    documents: list
    #: Published pages.
    pages: list
    #: One listing per document type (`listings.model.Listing`), in the contract's order.
    type_listings: list
    #: One listing per term that documents use, taxonomy by taxonomy.
    term_listings: list
    #: taxonomy -> its terms (`listings.model.TermEntry`), sorted by name.
    terms: dict
    #: What the home page shows (`listings.model.Home`).
    home: object
    #: The languages of the published documents (BCP 47 tags), sorted.
    languages: tuple[str, ...] = ()
    #: The languages the site is built in (`i18n.SiteLanguages`), the default first.
    site_languages: object = None
    #: language code -> its `Edition` (the default language's too: the listings above).
    editions: dict = field(default_factory=dict)
    _view: TemplateSite | None = field(default=None, repr=False, compare=False)

    @property
    def listings(self) -> list:
        """Every listing with a document set of its own, each once: the types', the terms'
        (in the default language's edition), then each language's (in its edition). These
        have feeds."""
        languages = [e.language_listing for e in self.editions.values()]
        return self.type_listings + self.term_listings + languages

    @property
    def all_listings(self) -> list:
        """Every listing page of every edition (the sitemap)."""
        return [x for edition in self.editions.values() for x in edition.listings]

    @property
    def terms_by_slug(self) -> dict:
        """taxonomy -> term slug -> entry (`listings.model.TermEntry`, with its documents)."""
        return {t: {e.slug: e for e in entries} for t, entries in self.terms.items()}

    def for_templates(self) -> TemplateSite:
        """What templates may read (context `SITE`), made once."""
        if self._view is None:
            names: dict = {}
            for code, edition in self.editions.items():
                for t, entries in edition.terms.items():
                    for e in entries:
                        names.setdefault((t, e.slug), []).append((code, e.name, e.description))
            terms = {
                t: {
                    e.slug: TemplateTerm(
                        e.name, e.description, e.url, tuple(names.get((t, e.slug), ()))
                    )
                    for e in entries
                }
                for t, entries in self.terms.items()
            }
            upcoming = frozenset(
                d.url
                for d in self.documents
                if getattr(d, "event_date", None) is not None and d.event_date >= self.now
            )
            self._view = TemplateSite(
                upcoming=upcoming, timezone=self.now.tzinfo, terms=terms, siteurl=self.siteurl
            )
        return self._view


def site_model(settings) -> SiteModel:
    """The site model of the build under way; fails loudly when no plugin made it."""
    model = build_of(settings).model
    if model is None:
        raise ModelError(
            "the site model is not made yet: the listings plugin makes it once everything is "
            "read, and must come before the plugins that read it in PLUGINS"
        )
    return model


def absolute_siteurl(settings) -> str:
    """The site's absolute URL, without a final slash: `FEEDS_SITEURL`, else `SITEURL`, else
    (development: both empty) the local server (`BIND`, `PORT`). The one given must be an
    absolute http(s) URL with a host: `decentralization.net` or `/site` would otherwise
    publish canonical links and feeds that point at the local server (one `settings:` line)."""
    for name in ("FEEDS_SITEURL", "SITEURL"):
        value = settings.get(name)
        if value is None or value == "":
            continue
        try:
            parts = urlsplit(value) if isinstance(value, str) else None
            host = parts.hostname if parts is not None else None
        except ValueError:  # a malformed host ("http://[::1")
            parts = host = None
        if parts is None or parts.scheme not in ("http", "https") or not host:
            raise SettingsError(
                f"{name} must be an absolute http(s) URL (https://decentralization.net), or "
                f"empty for the local server, not {value!r}"
            )
        return value.rstrip("/")
    return f"http://{settings.get('BIND') or '127.0.0.1'}:{settings.get('PORT') or 8000}"
