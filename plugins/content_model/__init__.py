"""The content model: our contract (docs/content.md) replaces Pelican's idea of content.

Why a plugin: Pelican reads `Key: value` metadata, guesses dates and categories from paths,
skips a file it cannot read with a log line and still exits 0. Our contributors need the
opposite: YAML front matter checked against the contract, every problem of the whole site
reported at once as `file:line: message`, and a build that stops before writing anything when
there is one. This package holds the contract as data (`schema`), the reader, the checks and
the HTML policy; this module connects them to Pelican.
"""

from __future__ import annotations

import logging
import sys

from pelican import signals
from pelican.generators import ArticlesGenerator, PagesGenerator

from site_build.plugins import Plugin, check_loaded, note_asked_plugins
from site_build.state import build_of, session_of

from . import uploads, validate
from .problems import ContentErrors, report
from .reader import ContractReader, shown_root, site_vocabularies
from .schema import CONTENT_TYPES, EXTRA_FOLDER, TAXONOMIES_BY_NAME, WELL_KNOWN_FOLDER
from .settings import plugin_settings

#: First in PLUGINS: every other plugin reads the documents it makes (checked at start-up).
PLUGIN = Plugin("content_model", first=True)

log = logging.getLogger(__name__)

#: Other readers Pelican would use for files in our content folders. We read only `.md`; any
#: other file there is reported by `validate.scan_tree` rather than read some other way.
DISABLED_FORMATS = ("markdown", "mkd", "mdown", "html", "htm", "rst")

_CONTENT_LISTS = {
    ArticlesGenerator: (
        "articles",
        "translations",
        "hidden_articles",
        "hidden_translations",
        "drafts",
        "drafts_translations",
    ),
    PagesGenerator: (
        "pages",
        "translations",
        "hidden_pages",
        "hidden_translations",
        "draft_pages",
        "draft_translations",
    ),
}


def check_settings(pelican):
    PLUGIN.check(pelican.settings)
    check_loaded(pelican)  # first in PLUGINS: it checks the others were loaded at all
    plugin_settings(pelican.settings)
    # Templates read the content types and the taxonomies (name -> Taxonomy) from the
    # contract rather than lists of their own.
    globals_ = pelican.settings.setdefault("JINJA_GLOBALS", {})
    globals_["CONTENT_TYPES"] = CONTENT_TYPES
    globals_["TAXONOMIES"] = TAXONOMIES_BY_NAME


def map_extra_folder(pelican):
    """Publish every file of content/extra/ at the same path under the site's root, and
    content/extra/.well-known/ at /.well-known/ (Pelican skips hidden folders in its walk, so
    that one is a static path of its own)."""
    content_path = pelican.settings["PATH"]
    mapping = pelican.settings.setdefault("EXTRA_PATH_METADATA", {})
    for rel in validate.extra_files(content_path):
        mapping.setdefault(f"{EXTRA_FOLDER}/{rel}", {"path": rel})
    static = pelican.settings.get("STATIC_PATHS") or []
    well_known = f"{EXTRA_FOLDER}/{WELL_KNOWN_FOLDER}"
    if EXTRA_FOLDER in static and well_known not in static:
        pelican.settings["STATIC_PATHS"] = [*static, well_known]


def begin_build(pelican):
    """A new run: its state (`site_build.state.Build`) replaces the last run's. Then, before
    Pelican looks for files (it follows linked folders, and a link can point anywhere on the
    machine), a symbolic link under content/ stops the build, with the problems of the files
    themselves (names, pictures, extra files); those of the documents come once the links are
    gone."""
    settings = pelican.settings
    session = session_of(settings)
    session.begin_build(settings)
    if uploads.links_under(settings["PATH"]):
        options = plugin_settings(settings)
        problems = uploads.tree_problems(
            settings["PATH"], shown_root(settings), options["CONTENT_EXTRA_ALLOW"],
            checked=session.caches.uploads,
        )  # fmt: skip
        report_and_stop(settings, [], problems)
    return ()  # no generators of our own


def install_reader(readers):
    readers.reader_classes["md"] = ContractReader
    for fmt in DISABLED_FORMATS:
        readers.reader_classes.pop(fmt, None)


def documents_of(generators) -> list:
    """Every document read in this build, drafts included, each once."""
    seen, docs = set(), []
    for generator in generators:
        for kind, names in _CONTENT_LISTS.items():
            if not isinstance(generator, kind):
                continue
            for name in names:
                for content in getattr(generator, name, []):
                    doc = getattr(content, "doc", None)
                    if doc is not None and id(doc) not in seen:
                        seen.add(id(doc))
                        docs.append(doc)
    return sorted(docs, key=lambda d: d.source)


def site_problems(settings, docs) -> list:
    """Every problem of the site: each document's own, then the checks across documents."""
    content_path = settings["PATH"]
    root = shown_root(settings)
    _, problems = site_vocabularies(settings)
    for doc in docs:
        problems += doc.problems
    problems += validate.scan_tree(content_path, root)
    allow = plugin_settings(settings)["CONTENT_EXTRA_ALLOW"]
    checked = session_of(settings).caches.uploads
    problems += uploads.tree_problems(content_path, root, allow, docs, checked)
    # Each language's edition has a copy of every navigation page (i18n read the languages
    # when the run began; a site built without it has the default language's alone).
    languages = build_of(settings).languages
    codes = languages.codes if languages is not None else ()
    editions = tuple(lang.prefix for lang in languages) if languages is not None else ()
    problems += validate.duplicate_urls(docs, editions)
    problems += validate.translation_problems(docs)
    from listings.settings import listing_settings  # its pages are the ones links may name

    per_page = listing_settings(settings)["LISTINGS_PER_PAGE"]
    problems += validate.broken_links(docs, content_path, per_page, codes, editions)
    problems += validate.extra_collisions(docs, content_path, root, editions)
    return problems


def report_and_stop(settings, docs, problems) -> None:
    """Print what the policy removed and every problem; stop the build if there is one."""
    options = plugin_settings(settings)
    for doc in docs:
        for removed in doc.removed:
            print(f"{removed.format()} (removed from the output)", file=sys.stderr)
    if problems:
        report(problems, style=options["CONTENT_ERROR_FORMAT"])
        raise ContentErrors(problems)
    if options["CONTENT_CHECK_ONLY"]:
        print(f"{len(docs)} documents checked: no problems.", file=sys.stderr)
        raise SystemExit(0)


def validate_all(generators):
    """Check the whole site once everything is read and before anything is written."""
    if not generators:
        return
    settings = generators[0].settings
    docs = documents_of(generators)
    report_and_stop(settings, docs, site_problems(settings, docs))


def skip_unpublished_groupings(generator):
    """Pelican computes each author's (category's, tag's) documents when it writes their
    pages, by scanning every document for each author, even when those pages are switched
    off (`AUTHOR_SAVE_AS = ""`): with thousands of authors, a step that grows with the
    square of the site for nothing. The contract has no such pages."""
    for name, setting in (("authors", "AUTHOR_SAVE_AS"), ("categories", "CATEGORY_SAVE_AS"),
                          ("tags", "TAG_SAVE_AS")):  # fmt: skip
        if not generator.settings.get(setting):
            setattr(generator, name, type(getattr(generator, name, []))())


def register():
    # PLUGINS as asked for: Pelican drops a plugin it cannot load before the first signal.
    note_asked_plugins()
    # At start-up: a wrong setting stops before any file is read.
    signals.initialized.connect(check_settings)
    # At start-up too: files in content/extra/ go to the site's root, subfolders kept.
    signals.initialized.connect(map_extra_folder)
    # The first signal of every run, before any file is looked for: the run's state begins
    # (this plugin is first in PLUGINS, so before any other plugin's), and no symbolic links.
    signals.get_generators.connect(begin_build)
    # Each time Pelican sets up its readers: ours takes `.md`, the others are switched off.
    signals.readers_init.connect(install_reader)
    # Once Pelican has read the articles: drop the groupings whose pages are not written.
    signals.article_generator_finalized.connect(skip_unpublished_groupings)
    # After every generator has read its files and before any writes: the whole-site checks.
    signals.all_generators_finalized.connect(validate_all)
