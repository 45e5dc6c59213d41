"""What the listing pages hold, as plain data: no Pelican, no templates.

A `Listing` is an ordered set of documents under one URL (a type, or a taxonomy term); `paginate`
cuts it into `ListingPage`s at `page/2/`, `page/3/`…; `TermEntry`s make the taxonomy indexes.
Documents are any objects with `url`, `date`, `type` and the taxonomy fields as attributes
(Pelican's Article objects, or simple stand-ins in tests).
"""

from __future__ import annotations

import math
from collections import defaultdict
from dataclasses import dataclass, field

from content_model.schema import (
    DOCUMENT_TYPES,
    LANGUAGE_LISTING,
    TAXONOMIES,
    TAXONOMIES_BY_NAME,
    term_url,
)


class Untranslated:
    """The default language's edition where no `i18n.Language` is given (tests, tools):
    strings as written, URLs without a prefix."""

    code = "en"
    prefix = ""

    def gettext(self, message: str) -> str:
        return message

    def __fingerprint__(self):
        return ("Untranslated",)


PLAIN = Untranslated()


def page_url(base: str, number: int) -> str:
    return base if number == 1 else f"{base}page/{number}/"


@dataclass
class Crumb:
    title: str
    url: str | None  # None: the current page


@dataclass
class Listing:
    url: str
    title: str
    description: str
    documents: list
    breadcrumbs: list[Crumb]
    #: "type", the taxonomy name for a term listing, or "language" (the documents in one)
    kind: str = "type"
    term: str | None = None
    #: The listing's URL without its edition's prefix: the same in every edition (a page's
    #: versions in the other languages, the switcher's targets).
    path: str = ""

    def __post_init__(self):
        if not self.path:
            self.path = self.url

    def __fingerprint__(self):
        # What listing templates read of the listing itself (its pages carry the documents).
        return (self.url, self.title, self.description, len(self.documents), self.breadcrumbs,
                self.kind, self.term, self.path)  # fmt: skip


@dataclass
class ListingPage:
    listing: Listing
    number: int
    count: int
    documents: list
    #: "Page 2" in the edition's language (its breadcrumb).
    page_label: str = ""

    @property
    def url(self) -> str:
        return page_url(self.listing.url, self.number)

    @property
    def path(self) -> str:
        """This page's URL without the edition's prefix (`blog/page/2/`)."""
        return page_url(self.listing.path, self.number)

    @property
    def save_as(self) -> str:
        return self.url + "index.html"

    @property
    def previous_url(self) -> str | None:
        return page_url(self.listing.url, self.number - 1) if self.number > 1 else None

    @property
    def next_url(self) -> str | None:
        return page_url(self.listing.url, self.number + 1) if self.number < self.count else None

    @property
    def numbers(self) -> list[tuple[int, str]]:
        return [(n, page_url(self.listing.url, n)) for n in range(1, self.count + 1)]

    @property
    def breadcrumbs(self) -> list[Crumb]:
        crumbs = list(self.listing.breadcrumbs)
        if self.number > 1:
            last = crumbs[-1]
            crumbs[-1] = Crumb(last.title, self.listing.url)
            crumbs.append(Crumb(self.page_label, None))
        return crumbs


def paginate(listing: Listing, per_page: int, lang=PLAIN) -> list[ListingPage]:
    """Pages of `per_page` documents; an empty listing still has its first page. `lang`: the
    edition (an `i18n.Language`), which names the pages ("Page 2")."""
    count = max(1, math.ceil(len(listing.documents) / per_page))
    return [
        ListingPage(
            listing,
            n,
            count,
            listing.documents[(n - 1) * per_page : n * per_page],
            lang.gettext("Page %(number)s") % {"number": _number(lang, n)},
        )
        for n in range(1, count + 1)
    ]


def _number(lang, n: int) -> str:
    number = getattr(lang, "number", None)
    return number(n) if number is not None else str(n)


def newest_first(docs) -> list:
    return sorted(docs, key=lambda d: (-d.date.timestamp(), d.url))


def is_upcoming(doc, now) -> bool:
    event = getattr(doc, "event_date", None)
    return event is not None and event >= now


def webinar_order(docs, now) -> list:
    """Upcoming webinars first, soonest first; then past ones, latest first."""
    upcoming = sorted((d for d in docs if is_upcoming(d, now)), key=lambda d: (d.event_date, d.url))
    past = sorted(
        (d for d in docs if not is_upcoming(d, now)),
        key=lambda d: (-_event_or_date(d).timestamp(), d.url),
    )
    return upcoming + past


def _event_or_date(doc):
    return getattr(doc, "event_date", None) or doc.date


HOME = Crumb("Home", "")


def home_crumb(lang=PLAIN) -> Crumb:
    """The first crumb of every trail: the edition's home page."""
    return Crumb(lang.gettext("Home"), lang.prefix)


def type_listings(docs, now, lang=PLAIN) -> list[Listing]:
    """One listing per document type, in the edition of `lang` (titles, URLs)."""
    by_type = defaultdict(list)
    for doc in docs:
        by_type[doc.type].append(doc)
    listings = []
    for ctype in DOCUMENT_TYPES:
        members = by_type.get(ctype.name, [])
        ordered = webinar_order(members, now) if ctype.name == "webinar" else newest_first(members)
        title = lang.gettext(ctype.plural)
        listings.append(
            Listing(
                url=lang.prefix + ctype.listing_url,
                title=title,
                description="",
                documents=ordered,
                breadcrumbs=[home_crumb(lang), Crumb(title, None)],
                kind="type",
                term=ctype.name,
                path=ctype.listing_url,
            )
        )
    return listings


def language_listing(docs, lang, belongs) -> Listing:
    """The documents written in `lang` (an `i18n.Language`), newest first, in its own
    edition: `fr/languages/fr/`. `belongs(doc)`: whether a document is in that language
    ("fr-CA" is French)."""
    path = LANGUAGE_LISTING.format(code=lang.code)
    title = lang.gettext("In %(language)s") % {"language": lang.name}
    return Listing(
        url=lang.prefix + path,
        title=title,
        description=lang.gettext("Everything published in %(language)s.") % {"language": lang.name},
        documents=newest_first(d for d in docs if belongs(d)),
        breadcrumbs=[home_crumb(lang), Crumb(title, None)],
        kind="language",
        term=lang.code,
        path=path,
    )


@dataclass
class TermEntry:
    taxonomy: str
    slug: str
    name: str
    description: str
    documents: list = field(default_factory=list)
    #: The edition's prefix ("" or "fr/"): where the term's page of this edition is.
    prefix: str = ""

    @property
    def url(self) -> str | None:
        """The term's listing, or None for a term no document uses (no page is made)."""
        return self.prefix + term_url(self.taxonomy, self.slug) if self.documents else None

    @property
    def count(self) -> int:
        return len(self.documents)

    def __fingerprint__(self):
        # Templates show a term's name, description, link and count, not its documents.
        return (self.taxonomy, self.slug, self.name, self.description, self.count, self.prefix)


def term_entries(docs, vocabularies: dict, country_name, lang=PLAIN) -> dict[str, list[TermEntry]]:
    """For each taxonomy, its terms sorted by name, each with its documents newest first, named
    in `lang` (the vocabulary's name in that language, English when it has none; countries
    from CLDR).

    Topics and regions: every term of the vocabulary, used or not. Countries: those used.
    """
    used = {t.name: defaultdict(list) for t in TAXONOMIES}
    for doc in newest_first(docs):
        for t in TAXONOMIES:
            for term in getattr(doc, t.name, None) or ():
                used[t.name][term].append(doc)
    entries = {}
    for t in TAXONOMIES:
        found = used[t.name]
        if t.vocabulary_file:
            terms = [
                TermEntry(
                    t.name,
                    v.slug,
                    v.name_in(lang.code) if hasattr(v, "name_in") else v.name,
                    v.description_in(lang.code) if hasattr(v, "name_in") else v.description,
                    found.get(v.slug, []),
                    lang.prefix,
                )
                for v in vocabularies.get(t.name, {}).values()
            ]
        else:
            terms = []
            for code, members in found.items():
                name = country_name(code, lang.code)
                description = lang.gettext(t.term_description) % {"name": name}
                terms.append(TermEntry(t.name, code, name, description, members, lang.prefix))
        entries[t.name] = sorted(terms, key=lambda e: (e.name.casefold(), e.slug))
    return entries


def term_listings(entries: dict[str, list[TermEntry]], lang=PLAIN) -> list[Listing]:
    listings = []
    for taxonomy, terms in entries.items():
        index = TAXONOMIES_BY_NAME[taxonomy]
        index_crumb = Crumb(lang.gettext(index.title), lang.prefix + index.url)
        for entry in terms:
            if not entry.documents:
                continue
            listings.append(
                Listing(
                    url=entry.url,
                    title=entry.name,
                    description=entry.description,
                    documents=entry.documents,
                    breadcrumbs=[home_crumb(lang), index_crumb, Crumb(entry.name, None)],
                    kind=taxonomy,
                    term=entry.slug,
                    path=term_url(taxonomy, entry.slug),
                )
            )
    return listings


@dataclass
class Home:
    latest: dict  # type name -> newest documents
    upcoming: list
    terms: dict[str, list[TermEntry]]  # taxonomy name -> its used terms, for those `on_home`


def home(docs, entries, now, latest: int, upcoming: int) -> Home:
    by_type = defaultdict(list)
    for doc in newest_first(docs):
        by_type[doc.type].append(doc)
    ordered = webinar_order(by_type.get("webinar", []), now)
    webinars = [d for d in ordered if is_upcoming(d, now)]
    # Webinars: the latest events that took place (the upcoming ones have their own list).
    by_type["webinar"] = [d for d in ordered if not is_upcoming(d, now)]
    return Home(
        latest={t.name: by_type.get(t.name, [])[:latest] for t in DOCUMENT_TYPES},
        upcoming=webinars[:upcoming],
        terms={
            t.name: [e for e in entries[t.name] if e.documents] for t in TAXONOMIES if t.on_home
        },
    )
