"""One feed, in RSS 2.0 or Atom 1.0, from a list of documents: pure functions over feedgen.

Items carry absolute URLs, a stable id (a `tag:` URI from the document's date and URL, so a
title or text edit keeps it), the date with its offset, every author, the topics and regions
as categories, the summary and the full HTML of the text with its links made absolute.
"""

from __future__ import annotations

import html
from dataclasses import dataclass
from datetime import datetime
from urllib.parse import urljoin

import lxml.html
from feedgen.feed import FeedGenerator

from content_model.dates import UTC
from content_model.schema import TAXONOMIES

CATEGORY_TAXONOMIES = tuple(t.name for t in TAXONOMIES if t.in_feed_categories)
EPOCH = datetime(1970, 1, 1, tzinfo=UTC)


@dataclass
class Site:
    url: str  # absolute, no trailing slash
    name: str
    lang: str
    author: str
    id_authority: str
    stylesheet: str | None  # absolute URL of the XSLT, or None
    terms: dict  # taxonomy -> slug -> entry with .name


@dataclass
class FeedSpec:
    path: str  # the listing's site-relative URL: "" for the whole site, "blog/", "topics/health/"
    title: str
    subtitle: str
    documents: list  # newest first, already capped
    #: The feed's language (`<language>`, `xml:lang`): the site's, or a language feed's own.
    lang: str = ""

    def url(self, site: Site, kind: str) -> str:
        return f"{site.url}/{self.path}{'feed.xml' if kind == 'rss' else 'atom.xml'}"


def item_id(doc, authority: str) -> str:
    """A tag: URI (RFC 4151): the same in every feed, unchanged by title or text edits."""
    return f"tag:{authority},{doc.date.astimezone(UTC):%Y-%m-%d}:/{doc.url}"


def absolute_html(html: str, base_url: str) -> str:
    """The HTML with every link and image source made absolute against `base_url`."""
    if not html.strip():
        return ""
    root = lxml.html.fragment_fromstring(html, create_parent="div")
    root.make_links_absolute(base_url, resolve_base_href=False)
    for element in root.iter("img", "source"):  # lxml leaves srcset alone
        if element.get("srcset"):
            element.set("srcset", absolute_srcset(element.get("srcset"), base_url))
    parts = [root.text or ""]
    parts += [lxml.html.tostring(child, encoding="unicode") for child in root]
    return "".join(parts)


def absolute_srcset(value: str, base_url: str) -> str:
    """`a.webp 480w, b.webp 960w` with each URL made absolute."""
    candidates = []
    for candidate in value.split(","):
        url, _, descriptor = candidate.strip().partition(" ")
        candidates.append(f"{urljoin(base_url, url)} {descriptor}".strip())
    return ", ".join(candidates)


def updated_of(doc) -> datetime:
    return getattr(doc, "updated", None) or doc.date


def newest_first(docs) -> list:
    return sorted(docs, key=lambda d: (-d.date.timestamp(), d.url))


def render(spec: FeedSpec, kind: str, site: Site, content_of) -> bytes:
    """The feed as bytes. `content_of(doc)` gives the document's absolute-link HTML."""
    fg = FeedGenerator()
    self_url = spec.url(site, kind)
    page_url = f"{site.url}/{spec.path}"
    fg.id(page_url)
    fg.title(spec.title)
    fg.subtitle(spec.subtitle)
    fg.link(href=self_url, rel="self")
    fg.link(href=page_url, rel="alternate")
    fg.language(spec.lang or site.lang)
    fg.author(name=site.author)
    updated = max((updated_of(d) for d in spec.documents), default=EPOCH)
    fg.updated(updated)
    fg.lastBuildDate(updated)
    if kind == "rss":
        fg.load_extension("dc")
    for doc in spec.documents:
        entry = fg.add_entry(order="append")
        doc_url = f"{site.url}/{doc.url}"
        entry.id(item_id(doc, site.id_authority))
        entry.guid(item_id(doc, site.id_authority), permalink=False)
        entry.title(doc.title)
        entry.link(href=doc_url, rel="alternate")
        entry.published(doc.date)
        entry.updated(updated_of(doc))
        # The document's own authors (Pelican would add the site's AUTHOR to a document without).
        for name in doc.doc.values.get("authors", []):
            if kind == "rss":
                entry.dc.dc_creator(name)
            else:
                entry.author(name=name)
        for taxonomy in CATEGORY_TAXONOMIES:
            scheme = f"{site.url}/{taxonomy}/"
            for slug in getattr(doc, taxonomy, None) or []:
                category = {"term": slug, "scheme": scheme}
                if kind == "atom":  # RSS has no label: its category is the slug
                    category["label"] = site.terms[taxonomy][slug].name
                entry.category(**category)
        entry.summary(doc.doc.summary)  # Atom: a text summary
        # RSS's <description> is HTML: the plain-text summary goes there escaped.
        entry.description(html.escape(doc.doc.summary, quote=False))
        entry.content(content_of(doc).replace("]]>", "]]&gt;"), type="html")
    data = fg.rss_str(pretty=True) if kind == "rss" else fg.atom_str(pretty=True)
    if site.stylesheet:
        declaration, _, rest = data.partition(b"\n")
        pi = f'<?xml-stylesheet type="text/xsl" href="{site.stylesheet}"?>'.encode()
        data = declaration + b"\n" + pi + b"\n" + rest
    return data
