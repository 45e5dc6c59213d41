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

from content_model.schema import DOCUMENT_TYPES, TAXONOMIES, TAXONOMIES_BY_NAME, term_url


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
    #: "type", or the taxonomy name for a term listing
    kind: str = "type"
    term: str | None = None

    def __fingerprint__(self):
        # What listing templates read of the listing itself (its pages carry the documents).
        return (self.url, self.title, self.description, len(self.documents), self.breadcrumbs,
                self.kind, self.term)  # fmt: skip


@dataclass
class ListingPage:
    listing: Listing
    number: int
    count: int
    documents: list

    @property
    def url(self) -> str:
        return page_url(self.listing.url, self.number)

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
            crumbs.append(Crumb(f"Page {self.number}", None))
        return crumbs


def paginate(listing: Listing, per_page: int) -> list[ListingPage]:
    """Pages of `per_page` documents; an empty listing still has its first page."""
    count = max(1, math.ceil(len(listing.documents) / per_page))
    return [
        ListingPage(listing, n, count, listing.documents[(n - 1) * per_page : n * per_page])
        for n in range(1, count + 1)
    ]


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


def type_listings(docs, now) -> list[Listing]:
    by_type = defaultdict(list)
    for doc in docs:
        by_type[doc.type].append(doc)
    listings = []
    for ctype in DOCUMENT_TYPES:
        members = by_type.get(ctype.name, [])
        ordered = webinar_order(members, now) if ctype.name == "webinar" else newest_first(members)
        listings.append(
            Listing(
                url=ctype.listing_url,
                title=ctype.plural,
                description="",
                documents=ordered,
                breadcrumbs=[HOME, Crumb(ctype.plural, None)],
                kind="type",
                term=ctype.name,
            )
        )
    return listings


@dataclass
class TermEntry:
    taxonomy: str
    slug: str
    name: str
    description: str
    documents: list = field(default_factory=list)

    @property
    def url(self) -> str | None:
        """The term's listing, or None for a term no document uses (no page is made)."""
        return term_url(self.taxonomy, self.slug) if self.documents else None

    @property
    def count(self) -> int:
        return len(self.documents)

    def __fingerprint__(self):
        # Templates show a term's name, description, link and count, not its documents.
        return (self.taxonomy, self.slug, self.name, self.description, self.count)


def term_entries(docs, vocabularies: dict, country_name) -> dict[str, list[TermEntry]]:
    """For each taxonomy, its terms sorted by name, each with its documents newest first.

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
                TermEntry(t.name, v.slug, v.name, v.description, found.get(v.slug, []))
                for v in vocabularies.get(t.name, {}).values()
            ]
        else:
            terms = []
            for code, members in found.items():
                name = country_name(code)
                description = t.term_description.format(name=name)
                terms.append(TermEntry(t.name, code, name, description, members))
        entries[t.name] = sorted(terms, key=lambda e: (e.name.casefold(), e.slug))
    return entries


def term_listings(entries: dict[str, list[TermEntry]]) -> list[Listing]:
    listings = []
    for taxonomy, terms in entries.items():
        index = TAXONOMIES_BY_NAME[taxonomy]
        for entry in terms:
            if not entry.documents:
                continue
            listings.append(
                Listing(
                    url=entry.url,
                    title=entry.name,
                    description=entry.description,
                    documents=entry.documents,
                    breadcrumbs=[HOME, Crumb(index.title, index.url), Crumb(entry.name, None)],
                    kind=taxonomy,
                    term=entry.slug,
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
