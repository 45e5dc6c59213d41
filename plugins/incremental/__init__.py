"""Incremental output: a rebuild makes again only the files whose inputs changed.

Why: a writer saving one document of two thousand should see it in about a second, and a
rebuild with nothing changed should not render thousands of pages to write the same bytes.
Every page written through Pelican's writer gets a key: the site-wide inputs (`site_inputs.py`:
code, theme, settings, navigation pages, terms, upcoming webinars) and the values its template
is given (`fingerprint.py`: each document by the key of its source, with its related
documents and neighbours). A page whose key is the one recorded for the file in the live
output is hard-linked from there into the staging folder (`reuse.py`) instead of rendered.
Generators that write files of their own (feeds, calendar, search index) ask the same state
through `content_model.output_files`. What must be made is queued and made on every core
(`parallel.py`). The output is byte-identical to a clean build; a test compares the two after
edits, renames, deletions and draft toggles.

Settings (prefix `INCREMENTAL_`): `INCREMENTAL_REUSE` (default True; False makes every file),
`INCREMENTAL_CACHE_DIR` (default `<project>/.cache/output`).
"""

from __future__ import annotations

import hashlib
import logging
import os

from pelican import signals

from content_model import output_files
from content_model.output_files import write_output
from content_model.parse_cache import settle
from content_model.settings import plugin_settings
from site_build.settings import PluginSettings, Setting, boolean, cache_dir, folder

from .fingerprint import Uncacheable, fingerprint
from .parallel import Forked, RenderQueue, forget_background
from .reuse import OutputReuse, manifest_path
from .site_inputs import code_key, links_key, site_key
from .writer import ReusingWriter

log = logging.getLogger(__name__)

#: [files made, files taken from the previous build] of this process's last build.
last_counts: list[int] = []

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


class Build:
    """One build's state: what can be reused (None when INCREMENTAL_REUSE is off), the
    site-wide key, and the queue of files to make (on every core, parallel.py)."""

    def __init__(self, reuse: OutputReuse | None, site: bytes, links: str, processes: int):
        self.reuse = reuse
        self.site = site
        self.links = links
        self.queue = RenderQueue(processes)

    def key(self, inputs, *extra: str) -> str | None:
        """The key of a file made from `inputs`, or None if it cannot be reused."""
        if self.reuse is None:
            return None
        try:
            values = fingerprint(inputs, self.links, self.reuse.memo)
        except Uncacheable:
            return None
        return hashlib.sha256(self.site + values + "\0".join(extra).encode()).hexdigest()

    def take(self, rel: str, key: str | None) -> bool:
        """Link `rel` from the previous build if it was made from `key`; else make ready to
        write it (never through a link into the live output)."""
        if self.reuse is None:
            return False
        if key is not None and self.reuse.reuse(rel, key):
            return True
        self.reuse.release(rel)
        return False

    def flush(self) -> None:
        self.queue.run(self.reuse)

    def folder_key(self, folder: str, sources, inputs) -> str | None:
        """The key of a folder made from the files `sources` (made in this build, keys known)
        and `inputs`; None if one of them has no key."""
        if self.reuse is None:
            return None
        digest = hashlib.sha256(self.site + folder.encode())
        for rel in sorted(sources):
            source_key = self.reuse.key_of(rel)
            if source_key is None:
                return None
            digest.update(f"{rel}\0{source_key}\n".encode())
        try:
            digest.update(fingerprint(inputs, self.links, self.reuse.memo))
        except Uncacheable:
            return None
        return digest.hexdigest()

    def record_folder(self, folder: str, key: str | None) -> None:
        if self.reuse is not None and key is not None:
            self.reuse.record_folder(folder, key)


def start_build(generators):
    """Once everything is read: the site-wide key, and the previous build's manifest."""
    settle()  # every document and listing lives until the end of the build
    forget_background()
    ReusingWriter.build = None
    output_files.reuse_hook = output_files.folder_reuse_hook = output_files.flush_hook = None
    if not generators:
        return
    settings = generators[0].settings
    options = incremental_settings(settings)
    processes = plugin_settings(settings)["CONTENT_JOBS"]
    context = generators[0].context
    reuse, site = None, b""
    if options["INCREMENTAL_REUSE"]:
        try:
            site = site_key(settings, context, code_key(settings))
        except Uncacheable as e:
            log.info("pages are all rendered this time: %s", e)
        else:
            live = settings["OUTPUT_PATH"]
            manifest = manifest_path(options["INCREMENTAL_CACHE_DIR"], live)
            reuse = OutputReuse(live, generators[0].output_path, manifest)
    ReusingWriter.build = Build(reuse, site, links_key(context), processes)
    output_files.reuse_hook = reuse_or_make
    output_files.folder_reuse_hook = reuse_folder_or_make
    output_files.flush_hook = flush_writes


def reuse_or_make(output_path: str, rel: str, inputs, make) -> bool:
    """`output_files.write_made` for generators writing files of their own: link `rel` from
    the previous build if it was made from the same inputs, else queue it."""
    build = ReusingWriter.build
    if build is None:
        return False
    key = build.key(inputs, rel)
    if not build.take(rel, key):
        build.queue.add(rel, key, lambda: write_output(output_path, rel, make()))
    return True


def reuse_folder_or_make(output_path: str, folder: str, sources, inputs, make, background):
    """`output_files.make_folder`: the folder is made from `sources`, files of this build whose
    keys are known, and `inputs`; take the previous build's folder when all are the same,
    else make it (in a process of its own with `background`, while the build goes on)."""
    build = ReusingWriter.build
    if build is None:
        return None
    build.flush()  # the sources must be written, and their keys known
    key = build.folder_key(folder, sources(), inputs)
    if key is not None and build.reuse.reuse_folder(folder, key):
        return output_files.Done()
    if background:
        return Forked(make, lambda: build.record_folder(folder, key))
    make()
    build.record_folder(folder, key)
    return output_files.Done()


def flush_writes(generator=None, writer=None):
    """The documents' pages are queued: make them now (the search index reads them)."""
    if ReusingWriter.build is not None:
        ReusingWriter.build.flush()


def finish_build(pelican):
    build = ReusingWriter.build
    if build is None:
        return
    try:
        build.flush()
    finally:
        ReusingWriter.build = None
        output_files.reuse_hook = output_files.folder_reuse_hook = output_files.flush_hook = None
    if build.reuse is not None:
        reuse = build.reuse
        last_counts[:] = [reuse.made, len(reuse.linked)]
        log.info("incremental: %d files made, %d taken from the previous build",
                 reuse.made, len(reuse.linked))  # fmt: skip
        reuse.save()


def get_writer(pelican):
    return ReusingWriter


def register():
    # At start-up: a wrong setting stops before anything is read.
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
