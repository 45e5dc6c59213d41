"""The content contract (docs/content.md, sections 1-3) as data.

Everything that knows about content types, their folders, URLs and fields reads this module:
the reader, the validator, `invoke check`, `invoke new`, the templates and the docs. Adding a
field or a type is a change here (and in docs/content.md), nowhere else.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field

SLUG_PATTERN = re.compile(r"^[a-z0-9]+(?:-[a-z0-9]+)*$")

#: Content folders that hold data rather than documents.
TAXONOMY_FOLDER = "taxonomies"
IMAGE_FOLDER = "images"
EXTRA_FOLDER = "extra"
DATA_FOLDERS = (TAXONOMY_FOLDER, IMAGE_FOLDER, EXTRA_FOLDER)

#: The file ending of every content document.
CONTENT_SUFFIX = ".md"

#: Status values (contract §2). Drafts are never published, listed, fed or indexed.
PUBLISHED = "published"
DRAFT = "draft"
STATUSES = (PUBLISHED, DRAFT)

#: Every file and folder name under content/ (docs/content.md §6.3): ASCII letters, digits, `-`,
#: `_` and `.`, starting with a letter or a digit. Such a name can hold no space, quote, `<`,
#: line break or `..`, whatever page, URL, shell or problem line it ends up in.
SAFE_NAME = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._-]*$")

#: Raster pictures (content/images/, and pictures in content/extra/): each file ending and the
#: formats Pillow must find in the file (MPO: a JPEG from some cameras).
PICTURE_FORMATS = {
    ".jpg": ("JPEG", "MPO"),
    ".jpeg": ("JPEG", "MPO"),
    ".png": ("PNG",),
    ".webp": ("WEBP",),
    ".avif": ("AVIF",),
    ".gif": ("GIF",),
}
#: SVG pictures: published only when they pass the SVG check (content_model/uploads.py).
SVG_SUFFIX = ".svg"
#: WebP's largest side: variants of a tall picture are made narrower to fit in it, and a
#: picture taller than this many times its width is refused.
WEBP_MAX_SIDE = 16383

#: Picture formats accepted for the `image` field, and the only files content/images/ holds.
IMAGE_SUFFIXES = (*PICTURE_FORMATS, SVG_SUFFIX)
#: The ending of each picture format, to suggest a rename (`x.png` that is a GIF: `x.gif`).
SUFFIX_OF_FORMAT = {"JPEG": ".jpg", "MPO": ".jpg", "PNG": ".png", "WEBP": ".webp",
                    "AVIF": ".avif", "GIF": ".gif", "ICO": ".ico"}  # fmt: skip

#: What content/extra/ may publish at the site's root, by kind (docs/content.md §6.3). Pictures
#: are checked like those of content/images/ (an icon must be an ICO file). Anything else
#: (`.html`, `.js`, `.xml`…) only where the `CONTENT_EXTRA_ALLOW` setting names it.
EXTRA_KINDS = {
    "pictures": (*IMAGE_SUFFIXES, ".ico"),
    "documents": (".pdf", ".docx", ".xlsx", ".pptx", ".odt", ".ods", ".odp"),
    "text": (".txt", ".csv"),
}
ICON_FORMATS = {".ico": ("ICO",)}
#: Files of content/extra/ allowed by their exact name, whatever their ending.
EXTRA_NAMES = ("CNAME",)
#: content/extra/.well-known/ is published at /.well-known/ (security.txt, assetlinks.json…):
#: the one hidden folder that is; its files may end in these (or have no ending).
WELL_KNOWN_FOLDER = ".well-known"
WELL_KNOWN_SUFFIXES = ("", ".txt", ".json")

PRIMER_LEVELS = ("introductory", "intermediate", "advanced")


@dataclass(frozen=True)
class Field:
    """One front-matter field.

    `kind` names the parser in `values.py` that turns the YAML node into a value; `vocabulary`
    names the taxonomy (`topics`, `regions`) that a `terms` field draws from. A text is one
    line unless `multiline` (a title is a calendar's SUMMARY line, a feed's title, a name).
    """

    name: str
    kind: str
    required: bool = False
    help: str = ""
    vocabulary: str | None = None
    choices: tuple[str, ...] = ()
    multiline: bool = False


@dataclass(frozen=True)
class ContentType:
    """A kind of document: where its files live, where it publishes, which fields it has."""

    name: str
    folder: str
    url_prefix: str
    label: str
    plural: str
    fields: tuple[Field, ...]
    #: `team` or `member`: which HTML policy (html_policy.py) its text is cleaned with.
    html_policy: str = "team"
    is_page: bool = False
    #: The theme template a document of this type is rendered with.
    template: str = "article"
    #: What readers call a few of them, in running text: "posts", "webinar recaps".
    items: str = ""
    field_map: dict[str, Field] = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "field_map", {f.name: f for f in self.fields})

    def __reduce__(self):
        # A content type is part of the contract, not of a document: pickled by name (the
        # parse cache, worker processes), it comes back as the same object.
        return (content_type, (self.name,))

    def url_for(self, slug: str) -> str:
        """Site-relative URL of a document of this type (no leading slash), e.g. `blog/x/`."""
        return f"{self.url_prefix}/{slug}/" if self.url_prefix else f"{slug}/"

    def save_as_for(self, slug: str) -> str:
        return self.url_for(slug) + "index.html"

    @property
    def listing_url(self) -> str | None:
        return None if self.is_page else f"{self.url_prefix}/"


# -- fields ---------------------------------------------------------------------------------

TITLE = Field("title", "text", required=True, help="the document's title")
DATE = Field(
    "date",
    "date",
    required=True,
    help="YYYY-MM-DD, or a date-time with offset such as 2022-11-17T14:00:00+02:00",
)
TOPICS = Field(
    "topics",
    "terms",
    required=True,
    vocabulary="topics",
    help="1 or more topic slugs from content/taxonomies/topics.yml",
)
REGIONS = Field(
    "regions",
    "terms",
    required=True,
    vocabulary="regions",
    help="1 or more region slugs from content/taxonomies/regions.yml",
)
COUNTRIES = Field("countries", "countries", help="ISO 3166-1 alpha-2 codes, e.g. [MD, KE]")
AUTHORS = Field("authors", "names", help="list of names")
SUMMARY = Field(
    "summary",
    "text",
    multiline=True,
    help="plain text; without it, the first paragraph, shortened",
)
UPDATED = Field("updated", "date", help="date of the last substantial update")
SLUG = Field("slug", "slug", help="overrides the file name in the URL")
STATUS = Field("status", "choice", choices=STATUSES, help="published (default) or draft")
LANG = Field("lang", "lang", help="BCP 47 language tag of the text, default en")
IMAGE = Field("image", "image", help="a picture under content/images/, e.g. moldova-map.jpg")
TRANSLATION_KEY = Field(
    "translation_key",
    "slug",
    help="the same slug on every language version of one text (e.g. the English file's slug)",
)

COMMON_FIELDS = (
    TITLE,
    DATE,
    AUTHORS,
    SUMMARY,
    TOPICS,
    REGIONS,
    COUNTRIES,
    UPDATED,
    SLUG,
    STATUS,
    LANG,
    IMAGE,
    TRANSLATION_KEY,
)


def _with(*extra: Field, replace: dict[str, Field] | None = None) -> tuple[Field, ...]:
    replace = replace or {}
    return tuple(replace.get(f.name, f) for f in COMMON_FIELDS) + extra


POST = ContentType(
    "post", "blog", "blog", "Blog post", "Blog", _with(), template="post", items="posts"
)
PRIMER = ContentType(
    "primer",
    "primers",
    "primers",
    "Primer",
    "Primers",
    _with(
        Field(
            "level",
            "choice",
            choices=PRIMER_LEVELS,
            help="introductory, intermediate or advanced",
        )
    ),
    template="primer",
    items="primers",
)
WEBINAR = ContentType(
    "webinar",
    "webinars",
    "webinars",
    "Webinar",
    "Webinars",
    _with(
        Field(
            "event_date",
            "datetime",
            required=True,
            help="when it took (or will take) place, e.g. 2022-11-17T14:00:00+02:00",
        ),
        Field(
            "event_date_precision",
            "choice",
            choices=("month",),
            help="month: only the month is known; event_date is then its first day, 2021-09-01",
        ),
        Field("video", "url", help="URL of the recording (YouTube or Vimeo links are embedded)"),
        Field("series", "text", help="e.g. Global Webinar Series 2021/22"),
        Field("speakers", "names", help="list of names"),
        Field("duration", "minutes", help="length in minutes (default: 90)"),
        Field("registrants", "count", help="whole number"),
        Field("attendees", "count", help="whole number"),
    ),
    template="webinar",
    items="webinars",
)
MEMBER_ARTICLE = ContentType(
    "member-article",
    "articles",
    "articles",
    "Member article",
    "Member articles",
    _with(
        Field("affiliation", "text", help="the member's organisation"),
        replace={"authors": Field("authors", "names", required=True, help="list of names")},
    ),
    html_policy="member",
    template="member-article",
    items="member articles",
)
NEWSLETTER = ContentType(
    "newsletter",
    "newsletters",
    "newsletter",
    "Newsletter",
    "Newsletter",
    (
        TITLE,
        DATE,
        Field(
            "period",
            "period",
            required=True,
            help="the months it covers, first/last: 2026-09/2026-10",
        ),
        SUMMARY,
        STATUS,
    ),
    template="newsletter",
    items="newsletters",
)
PAGE = ContentType(
    "page",
    "pages",
    "",
    "Page",
    "Pages",
    (
        TITLE,
        SUMMARY,
        SLUG,
        STATUS,
        LANG,
        UPDATED,
        IMAGE,
        TRANSLATION_KEY,
        Field("nav_order", "count", help="position in the main navigation; absent: not listed"),
    ),
    is_page=True,
    template="page",
)

CONTENT_TYPES: tuple[ContentType, ...] = (POST, PRIMER, WEBINAR, MEMBER_ARTICLE, NEWSLETTER, PAGE)
TYPES_BY_FOLDER = {t.folder: t for t in CONTENT_TYPES}
TYPES_BY_NAME = {t.name: t for t in CONTENT_TYPES}


def content_type(name: str) -> ContentType:
    return TYPES_BY_NAME[name]


DOCUMENT_TYPES = tuple(t for t in CONTENT_TYPES if not t.is_page)


def article_folders() -> list[str]:
    """The folders Pelican reads as articles (its ARTICLE_PATHS): the document types'."""
    return [t.folder for t in DOCUMENT_TYPES]


def page_folders() -> list[str]:
    """The folders Pelican reads as pages (its PAGE_PATHS)."""
    return [t.folder for t in CONTENT_TYPES if t.is_page]


def static_folders() -> list[str]:
    """The folders Pelican copies as they are (its STATIC_PATHS); content_model checks them."""
    return [IMAGE_FOLDER, EXTRA_FOLDER]


@dataclass(frozen=True)
class Taxonomy:
    """A way of grouping documents (contract §3, §4): a front-matter field of terms, an index
    at `/<name>/`, and a listing with feeds for each term used. Listings, feeds, search, the
    sitemap and the templates read what they say of a taxonomy here."""

    #: The front-matter field, and the URL of its index and listings: `topics`.
    name: str
    #: The index's heading and title, and the heading of its terms on a document: "Topics".
    title: str
    #: One term of it, in running text and problem lines: "unknown topic 'helth'".
    singular: str
    #: True: the terms are the slugs of content/taxonomies/<name>.yml, which names and
    #: describes them. False: the terms are ISO 3166-1 codes, named from CLDR in each language.
    vocabulary_file: bool
    #: What one shared term adds to two documents' relatedness (listings/related.py).
    related_weight: int
    #: Said after a term feed's title: "Decentralization.Net: Health (topic)".
    feed_label: str
    #: The heading of its term feeds on /feeds/ and in the OPML file.
    feeds_group: str
    #: Whether feed items carry its terms as categories.
    in_feed_categories: bool
    #: The search page's filter: `data-pagefind-filter` on documents, `?topic=health` in URLs.
    search_filter: str
    #: Whether the home page lists its terms.
    on_home: bool
    #: Without a vocabulary file: a term listing's description, `{name}` the term's name.
    term_description: str = ""

    def __reduce__(self):
        # Part of the contract: pickled by name, it comes back as the same object.
        return (taxonomy, (self.name,))

    @property
    def url(self) -> str:
        """Site-relative URL of its index: `topics/`."""
        return f"{self.name}/"

    def term_url(self, term: str) -> str:
        """Site-relative URL of a term's listing: `topics/health/`, `countries/ke/` (§4)."""
        return f"{self.name}/{term.lower()}/"


TOPICS_TAXONOMY = Taxonomy(
    name="topics",
    title="Topics",
    singular="topic",
    vocabulary_file=True,
    related_weight=2,
    feed_label="topic",
    feeds_group="By topic",
    in_feed_categories=True,
    search_filter="topic",
    on_home=True,
)
REGIONS_TAXONOMY = Taxonomy(
    name="regions",
    title="Regions",
    singular="region",
    vocabulary_file=True,
    related_weight=1,
    feed_label="region",
    feeds_group="By region",
    in_feed_categories=True,
    search_filter="region",
    on_home=True,
)
COUNTRIES_TAXONOMY = Taxonomy(
    name="countries",
    title="Countries",
    singular="country",
    vocabulary_file=False,
    related_weight=3,
    feed_label="country",
    feeds_group="By country",
    in_feed_categories=False,
    search_filter="country",
    on_home=False,
    term_description="Documents about %(name)s.",
)

#: The taxonomies, in the order pages show them (contract §4).
TAXONOMIES: tuple[Taxonomy, ...] = (TOPICS_TAXONOMY, REGIONS_TAXONOMY, COUNTRIES_TAXONOMY)
TAXONOMIES_BY_NAME = {t.name: t for t in TAXONOMIES}
#: The taxonomies read from content/taxonomies/<name>.yml.
VOCABULARY_FILES = tuple(t.name for t in TAXONOMIES if t.vocabulary_file)


def taxonomy(name: str) -> Taxonomy:
    return TAXONOMIES_BY_NAME[name]


def term_url(taxonomy: str, term: str) -> str:
    """Site-relative URL of a term's listing, by the taxonomy's name (templates call it)."""
    return TAXONOMIES_BY_NAME[taxonomy].term_url(term)


#: Where a language's own listing is, in its edition: `languages/fr/` (docs/content.md §4).
LANGUAGE_LISTING = "languages/{code}/"


def reserved_routes(editions: tuple[str, ...] = ()) -> dict[str, str]:
    """Top-level URLs the build itself publishes (contract §4), mapped to what they are.
    `editions`: the prefixes of the language editions ("fr/", "es/"), each a folder of its own.

    A page whose slug would land on one of these is an error, and internal links to them are
    valid.
    """
    routes = {"": "the home page", "languages/": "the language listings"}
    for prefix in (p for p in editions if p):
        routes[prefix] = f"the {prefix.rstrip('/')} edition of the site"
    for t in DOCUMENT_TYPES:
        routes[t.listing_url] = f"the {t.plural.lower()} listing"
    for t in TAXONOMIES:
        routes[t.url] = f"the {t.name} index"
    routes.update(
        {
            "search/": "the search page",
            "feeds/": "the feeds page",
            "sitemap.xml": "the sitemap",
            "robots.txt": "robots.txt",
            "404.html": "the not-found page",
            "feed.xml": "the site's RSS feed",
            "atom.xml": "the site's Atom feed",
            "webinars/calendar.ics": "the webinar calendar",
            "feeds/feeds.opml": "the list of all feeds",
            "feeds/feed.xsl": "the feeds' stylesheet",
            "theme/": "the theme's files",
        }
    )
    return routes
