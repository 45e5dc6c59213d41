"""Incremental output: a rebuild makes again only the files whose inputs changed.

Why: a writer saving one document of two thousand should see it in about a second, and a
rebuild with nothing changed should not render thousands of pages to write the same bytes.
Every page written through Pelican's writer gets a key: the site-wide inputs (`site_inputs.py`:
code, theme, settings, navigation pages, terms, upcoming webinars) and the values its template
is given (`fingerprint.py`: each document by the key of its source, with its related
documents and neighbours). A page whose key is the one recorded for the file in the live
output is hard-linked from there into the staging folder (`reuse.py`) instead of rendered.
Generators that write files of their own (feeds, calendar, search index) ask the same state
through `reuse_or_make`. The output is byte-identical to a clean build; a test compares the two
after edits, renames, deletions and draft toggles.

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

from .fingerprint import Uncacheable, fingerprint
from .reuse import OutputReuse, manifest_path
from .site_inputs import code_key, links_key, site_key
from .writer import ReusingWriter

log = logging.getLogger(__name__)

DEFAULTS = {"INCREMENTAL_REUSE": True, "INCREMENTAL_CACHE_DIR": None}


class SettingsError(SystemExit):
    def __init__(self, message: str):
        import sys

        print(f"settings: {message}", file=sys.stderr)
        super().__init__(2)


def incremental_settings(settings) -> dict:
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    if isinstance(values["INCREMENTAL_REUSE"], str):
        values["INCREMENTAL_REUSE"] = values["INCREMENTAL_REUSE"].lower() in ("true", "1", "yes")
    if not isinstance(values["INCREMENTAL_REUSE"], bool):
        raise SettingsError(f"INCREMENTAL_REUSE must be true or false, not {values!r}")
    if values["INCREMENTAL_CACHE_DIR"] is None:
        project = os.path.dirname(os.path.abspath(settings["PATH"]))
        values["INCREMENTAL_CACHE_DIR"] = os.path.join(project, ".cache", "output")
    return values


def check_settings(pelican):
    incremental_settings(pelican.settings)


def cache_templates(pelican):
    """Compiled templates are kept between builds (Jinja checks each template's source)."""
    from jinja2 import FileSystemBytecodeCache

    environment = pelican.settings.setdefault("JINJA_ENVIRONMENT", {})
    if environment.get("bytecode_cache") is None:
        project = os.path.dirname(os.path.abspath(pelican.settings["PATH"]))
        folder = os.path.join(project, ".cache", "jinja")
        try:
            os.makedirs(folder, exist_ok=True)
        except OSError:
            return
        environment["bytecode_cache"] = FileSystemBytecodeCache(folder)


def start_build(generators):
    """Once everything is read: the site-wide key, and the previous build's manifest."""
    ReusingWriter.state = None
    output_files.reuse_hook = output_files.folder_reuse_hook = None
    if not generators:
        return
    settings = generators[0].settings
    options = incremental_settings(settings)
    if not options["INCREMENTAL_REUSE"]:
        return
    context = generators[0].context
    try:
        site = site_key(settings, context, code_key(settings))
    except Uncacheable as e:
        log.info("pages are all rendered this time: %s", e)
        return
    live = settings["OUTPUT_PATH"]
    staging = generators[0].output_path
    reuse = OutputReuse(live, staging, manifest_path(options["INCREMENTAL_CACHE_DIR"], live))
    ReusingWriter.state = (reuse, site, links_key(context))
    output_files.reuse_hook = reuse_or_make
    output_files.folder_reuse_hook = reuse_folder_or_make


def reuse_or_make(output_path: str, rel: str, inputs, make) -> bool:
    """`output_files.write_made` for generators writing files of their own: link `rel` from
    the previous build if it was made from the same inputs, else write `make()` and record."""
    state = ReusingWriter.state
    if state is None:
        return False
    reuse, site, links = state
    try:
        values = fingerprint(inputs, links, reuse.memo)
    except Uncacheable:
        return False
    key = hashlib.sha256(site + values + rel.encode()).hexdigest()
    if reuse.reuse(rel, key):
        return True
    reuse.release(rel)
    write_output(output_path, rel, make())
    reuse.record(rel, key)
    return True


def reuse_folder_or_make(output_path: str, folder: str, sources, inputs, make) -> bool:
    """`output_files.make_folder`: the folder is made from `sources`, files of this build whose
    keys are known, and `inputs`; take the previous build's folder when all are the same."""
    state = ReusingWriter.state
    if state is None:
        return False
    reuse, site, links = state
    digest = hashlib.sha256(site + folder.encode())
    for rel in sorted(sources):
        source_key = reuse.key_of(rel)
        if source_key is None:
            return False
        digest.update(f"{rel}\0{source_key}\n".encode())
    try:
        digest.update(fingerprint(inputs, links, reuse.memo))
    except Uncacheable:
        return False
    key = digest.hexdigest()
    if reuse.reuse_folder(folder, key):
        return True
    make()
    reuse.record_folder(folder, key)
    return True


def finish_build(pelican):
    state, ReusingWriter.state = ReusingWriter.state, None
    output_files.reuse_hook = output_files.folder_reuse_hook = None
    if state is None:
        return
    reuse = state[0]
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
    # Everything is written: remember what each file was made from, for the next build.
    signals.finalized.connect(finish_build)
