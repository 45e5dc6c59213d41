"""Incremental output: a rebuild makes again only the files whose inputs changed.

Why: a writer saving one document of two thousand should see it in about a second, and a
rebuild with nothing changed should not render thousands of pages to write the same bytes.
Every page written through Pelican's writer gets a key: the site-wide inputs
(`site_build/site_inputs.py`: code, theme, settings, navigation pages, terms, upcoming
webinars) and the values its template is given (`site_build/fingerprint.py`: each document by
the key of its source, with its related documents and neighbours). A page whose key is the one
recorded for the file in the live output is hard-linked from there into the staging folder
(`site_build/reuse.py`) instead of rendered. Generators that write files of their own (feeds,
calendar, search index) go through the same object, the build's `files`
(`site_build.reuse.ReusingFiles`, which this plugin sets up once everything is read). What
must be made is queued and made on every core (`site_build/parallel.py`). The output is
byte-identical to a clean build; a test compares the two after edits, renames, deletions and
draft toggles.

Settings (prefix `INCREMENTAL_`): `INCREMENTAL_REUSE` (default True; False makes every file),
`INCREMENTAL_CACHE_DIR` (default `<project>/.cache/output`).
"""

from __future__ import annotations

import logging
import os

from pelican import signals

from content_model.settings import plugin_settings
from site_build.fingerprint import Uncacheable
from site_build.memory import freeze_build_objects
from site_build.model import site_model
from site_build.plugins import Plugin
from site_build.reuse import OutputReuse, ReusingFiles, manifest_path
from site_build.settings import PluginSettings, Setting, boolean, cache_dir, folder
from site_build.site_inputs import code_key, links_key, site_key
from site_build.state import build_of, session_of
from site_build.writer import ReusingWriter

log = logging.getLogger(__name__)

#: What this plugin needs before it in PLUGINS (checked at start-up): the site model's terms
#: and "now" are part of every page's key.
PLUGIN = Plugin(
    "incremental",
    needs={"content_model": "the documents' keys", "listings": "the site model's terms"},
    requires={"atomic_output": "it links unchanged files from the output atomic_output swaps in"},
)

SETTINGS = PluginSettings(
    plugin="incremental",
    prefix="INCREMENTAL_",
    settings=(
        Setting("INCREMENTAL_REUSE", True, boolean,
                "Take unchanged files from the previous build; False: make every file."),
        Setting("INCREMENTAL_CACHE_DIR", None, folder(),
                "Where the record of what each output file was made from is kept; None: "
                "<project>/.cache/output."),
    ),
)  # fmt: skip


def incremental_settings(settings) -> dict:
    values = SETTINGS.read(settings)
    if values["INCREMENTAL_CACHE_DIR"] is None:
        values["INCREMENTAL_CACHE_DIR"] = cache_dir(settings, "output")
    return values


def check_settings(pelican):
    PLUGIN.check(pelican.settings)
    incremental_settings(pelican.settings)


def cache_templates(pelican):
    """Compiled templates are kept between builds (Jinja checks each template's source)."""
    from jinja2 import FileSystemBytecodeCache

    environment = pelican.settings.setdefault("JINJA_ENVIRONMENT", {})
    if environment.get("bytecode_cache") is None:
        templates = cache_dir(pelican.settings, "jinja")
        try:
            os.makedirs(templates, exist_ok=True)
        except OSError:
            return
        environment["bytecode_cache"] = FileSystemBytecodeCache(templates)


def start_build(generators):
    """Once everything is read: the site-wide key, the previous build's manifest, and the
    build's files become reusing ones."""
    freeze_build_objects()  # every document and listing lives until the end of the build
    if not generators:
        return
    settings = generators[0].settings
    build = build_of(settings)
    options = incremental_settings(settings)
    processes = plugin_settings(settings)["CONTENT_JOBS"]
    context = generators[0].context
    reuse, site = None, b""
    if options["INCREMENTAL_REUSE"]:
        try:
            site = site_key(settings, site_model(settings), code_key(settings))
        except Uncacheable as e:
            log.info("pages are all rendered this time: %s", e)
        else:
            live = settings["OUTPUT_PATH"]
            manifest = manifest_path(options["INCREMENTAL_CACHE_DIR"], live)
            reuse = OutputReuse(live, generators[0].output_path, manifest)
    build.files = ReusingFiles(reuse, site, links_key(context), processes, build.processes)


def flush_writes(generator=None, writer=None):
    """The documents' pages are queued: make them now (the search index reads them)."""
    build_of(generator.settings).files.flush()


def finish_build(pelican):
    session = session_of(pelican.settings)
    if session.build is None:
        return
    counts = session.build.files.finish()
    if counts is not None:
        session.last_counts = counts
        log.info("incremental: %d files made, %d taken from the previous build", *counts)


def get_writer(pelican):
    return ReusingWriter


def register():
    # At start-up: a wrong setting or a wrong PLUGINS order stops before anything is read.
    signals.initialized.connect(check_settings)
    # At start-up too, before generators make their template environments.
    signals.initialized.connect(cache_templates)
    # Everything is read and checked: the keys every page shares can be computed.
    signals.all_generators_finalized.connect(start_build)
    # Pelican asks for its writer after that: ours reuses what did not change.
    signals.get_writer.connect(get_writer)
    # The documents' pages are queued: make them before anything reads them.
    signals.article_writer_finalized.connect(flush_writes)
    signals.page_writer_finalized.connect(flush_writes)
    # Every generator has queued its files: make the rest, remember what each was made from.
    signals.finalized.connect(finish_build)
