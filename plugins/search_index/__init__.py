"""Full-text search: the /search/ page, and a Pagefind index of the document pages.

Why a plugin: readers search the library in four languages on slow phones, and the index must
be part of the build (contract §4, §5): Pagefind (from PyPI) indexes the staged output before
`atomic_output` swaps it into place, so a failed index is a failed build, and post-steps
make the word index small (compact.py) and the bundle byte-identical between builds
(canonical.py). Only document pages carry `data-pagefind-body` (theme/templates/article.html):
listings, the home page and pages are not indexed; drafts are never written, so never indexed.
One index holds the documents of every language, so one query finds them all; the Arabic
documents also get a bundle of their own, with Arabic stemming, for queries written in Arabic
script (index.py, search.js, docs/search.md).
"""

from __future__ import annotations

import logging
import os

from pelican import signals
from pelican.generators import Generator

from content_model.schema import DOCUMENT_TYPES, TAXONOMIES
from listings.cldr import language_name
from site_build.model import SiteModel, site_model
from site_build.plugins import Plugin
from site_build.settings import PluginSettings, Setting, SettingsError, boolean
from site_build.state import build_of

from .index import build_index
from .pages import indexed_pages, link_tree

log = logging.getLogger(__name__)

#: The search page's filters come from the site model's terms (checked at start-up).
PLUGIN = Plugin("search_index", needs={"listings": "the site model's documents and terms"})


def folder_name(name, value) -> str:
    """One folder under the output, not hidden."""
    if not isinstance(value, str) or not value or "/" in value.strip("/") or value.startswith("."):
        raise SettingsError(f"{name} must be a folder name, not {value!r}")
    return value


SETTINGS = PluginSettings(
    plugin="search_index",
    prefix="SEARCH_",
    settings=(
        Setting("SEARCH_INDEX", True, boolean,
                "Build the search index (a build without it has a search page that says so)."),
        Setting("SEARCH_BUNDLE_DIR", "pagefind", folder_name,
                "Where the Pagefind bundle goes, under the output."),
        Setting("SEARCH_INDEX_LATER", False, boolean,
                "Take the previous build's index as it is, to write pages sooner; the "
                "live-reload server sets it (site_build/session.py) and makes the index "
                "right after (a moment later)."),
    ),
)  # fmt: skip


def search_settings(settings) -> dict:
    return SETTINGS.read(settings)


def search_filters(
    model: SiteModel, lang=None
) -> list[tuple[str, str, list[tuple[str, str, str]]]]:
    """(filter, label, [(URL value, indexed name, shown name)]) for the search page of the
    edition of `lang` (an `i18n.Language`; None: the default language's): the values are
    slugs (what URLs carry, `?topic=health`), the indexed names what Pagefind filters on (the
    document pages' English names, the same in every edition), the shown names what people
    read, in the edition's language."""
    lang = lang or model.site_languages.default
    terms = model.terms_by_slug
    local = model.editions[lang.code].terms if model.editions else model.terms
    shown_terms = {t: {e.slug: e.name for e in entries} for t, entries in local.items()}
    docs = model.documents
    types = {d.type for d in docs}
    filters = [
        (
            "type",
            lang.gettext("Type"),
            [(t.name, t.label, lang.gettext(t.label)) for t in DOCUMENT_TYPES if t.name in types],
        ),
    ]
    for taxonomy in TAXONOMIES:
        entries = [e for e in terms.get(taxonomy.name, {}).values() if e.documents]
        names = shown_terms.get(taxonomy.name, {})
        options = sorted(
            ((e.slug.lower(), e.name, names.get(e.slug, e.name)) for e in entries),
            key=lambda o: (o[2].casefold(), o[0]),
        )
        filters.append((taxonomy.search_filter, lang.gettext(taxonomy.title), options))
    filters.append(
        (
            "language",
            lang.gettext("Language"),
            [(tag, language_name(tag), language_name(tag)) for tag in model.languages],
        )
    )
    return [f for f in filters if f[2]]


class SearchPageGenerator(Generator):
    """Writes /search/, then indexes the document pages already written to the staging folder
    (Pelican's article generator writes before the plugins' generators)."""

    def generate_context(self):
        self.options = search_settings(self.settings)

    def generate_output(self, writer):
        options = search_settings(self.settings)
        build, model = build_of(self.settings), site_model(self.settings)
        pending = build.pending.pop(INDEX, None)
        if pending is None and not options["SEARCH_INDEX_LATER"]:
            pending = start_index(self)
        if pending is not None:
            build.files.flush()  # the listings and feeds queued so far are made meanwhile
            pending.wait()
        elif options["SEARCH_INDEX"] and model.documents:
            bundle = options["SEARCH_BUNDLE_DIR"]
            previous = os.path.join(os.path.realpath(self.settings["OUTPUT_PATH"]), bundle)
            if os.path.isdir(previous):  # SEARCH_INDEX_LATER: the previous index, for now
                link_tree(previous, os.path.join(self.output_path, bundle))
        for lang in model.site_languages:
            # The search page of every edition: one index of every language behind each.
            writer.write_file(
                f"{lang.prefix}search/index.html",
                self.get_template("search"),
                self.context,
                search_filters=search_filters(model, lang),
                search_bundle=self.options["SEARCH_BUNDLE_DIR"],
                edition=lang,
                page_url=f"{lang.prefix}search/",
                nav_path="search/",
            )


#: The name of the index among the folders a build makes in the background (`Build.pending`).
INDEX = "search index"


def start_index(generator, writer=None):
    """Index the document pages as soon as they are written (`article_writer_finalized`),
    in a process of its own while the build writes listings and feeds; the search page's
    generator waits for it. Returns what to wait for, or None when there is nothing to do."""
    options = search_settings(generator.settings)
    # A site with no document yet has nothing to index (and Pagefind refuses to try).
    if not options["SEARCH_INDEX"] or options["SEARCH_INDEX_LATER"]:
        return None
    build = build_of(generator.settings)
    if not site_model(generator.settings).documents:
        return None
    site = generator.output_path
    prefixes = [t.url_prefix for t in DOCUMENT_TYPES]
    bundle = options["SEARCH_BUNDLE_DIR"]
    pending = build.files.make_folder(
        site,
        bundle,
        lambda: indexed_pages(site, prefixes),  # once the queued pages are written
        ("pagefind", prefixes, bundle),
        lambda: build_index(site, prefixes, bundle),
        background=True,
    )
    build.pending[INDEX] = pending
    return pending


def check_settings(pelican):
    PLUGIN.check(pelican.settings)
    search_settings(pelican.settings)


def get_generators(pelican):
    return SearchPageGenerator


def register():
    # At start-up: a wrong setting stops the build with one line.
    signals.initialized.connect(check_settings)
    # A Generator writes the /search/ page and indexes the documents; its output is staged,
    # so atomic_output swaps it in with the rest, or not at all.
    signals.get_generators.connect(get_generators)
    # The documents' pages are written: index them while the other pages are made.
    signals.article_writer_finalized.connect(start_index)
