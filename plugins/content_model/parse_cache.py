"""Each content file is parsed once per version of its bytes, on every core.

Why: parsing (YAML front matter, Python-Markdown, the HTML policy) is most of a build's time, and
a writer's rebuild changes one file of thousands. A parsed `Document` is a pure function of

- the file's bytes and its path (type from the folder, slug from the name, the path problems
  name);
- the site it is checked against (the vocabularies; the pictures under content/images/ with
  their sizes and times, because a document naming a picture opens it);
- the code that parses (this package's source, the versions of Markdown, PyYAML, nh3,
  Pygments and Python) and the `CONTENT_UNSAFE_HTML` setting.

A SHA-256 of all of that is the document's key. Keys found in the store
(`<project>/.cache/content/documents-v2.sqlite`, one row per document, pickled and compressed) are
not parsed again; the others are parsed by a pool of worker processes, one per core, and
stored. The store keeps exactly the documents of the last build of each folder group, so it
never grows beyond the site. A store that cannot be opened or read is set aside with a warning
and the build parses everything: the cache can make a build faster, never different.

`CONTENT_CACHE_DIR` moves the store (`""` turns it off), `CONTENT_JOBS` sets the number of
worker processes (default: the number of cores; 1 parses in the build's own process).
"""

from __future__ import annotations

import contextlib
import dataclasses
import functools
import gc
import hashlib
import logging
import multiprocessing
import os
import pickle
import sqlite3
import zlib
from concurrent.futures import ProcessPoolExecutor

from site_build.code_digest import code_digest
from site_build.memory import freeze_build_objects

from .document import Document, parse_document
from .problems import Problem
from .schema import CONTENT_SUFFIX, TYPES_BY_FOLDER
from .values import Site

log = logging.getLogger(__name__)

#: The store's layout; a new layout is a new file (the old one is simply no longer read).
SCHEMA = 2
#: Below this many files to parse, starting worker processes costs more than it saves.
PARALLEL_FROM = 16
_LIBRARIES = ("markdown", "pyyaml", "nh3", "pygments", "babel", "langcodes", "pycountry")


@functools.cache
def code_key() -> bytes:
    """What the parse depends on besides the input: this package's code and its libraries
    (read once per process: the code of a running process does not change)."""
    here = os.path.dirname(os.path.abspath(__file__))
    return code_digest([(here, (".py",))], _LIBRARIES)


def site_key(site: Site, unsafe_html: str) -> bytes:
    """What a document is checked against: vocabularies and pictures (name, size, time)."""
    digest = hashlib.sha256(code_key())
    digest.update(f"{unsafe_html}\0{site.max_bytes}".encode())
    for name in sorted(site.vocabularies):
        for slug, term in sorted(site.vocabularies[name].items()):
            digest.update(repr((name, slug, term)).encode())
    images_root = os.path.join(site.content_path, "images")
    for rel in sorted(site.images):
        try:
            st = os.stat(os.path.join(images_root, rel))
            stamp = f"{st.st_size}:{st.st_mtime_ns}"
        except OSError:
            stamp = "missing"
        digest.update(f"\0{rel}\0{stamp}".encode())
    return digest.digest()


def read_document(raw: bytes, shown: str, rel: str, site: Site, unsafe_html: str) -> Document:
    """Parse one file; a defect of ours (an exception) becomes a problem, never a lost file."""
    ctype = TYPES_BY_FOLDER[rel.split("/", 1)[0]]
    try:
        return parse_document(
            raw, shown, ctype, site, unsafe_html=unsafe_html, content_relative=rel
        )
    except Exception as e:  # reported with the file, the build goes on
        doc = Document(source=shown, ctype=ctype, content_relative=rel, slug="unreadable")
        doc.problems.append(
            Problem(shown, 1, f"could not be read ({type(e).__name__}: {e}); please report this")
        )
        return doc


def _pack(doc: Document) -> bytes:
    return zlib.compress(pickle.dumps(doc, protocol=pickle.HIGHEST_PROTOCOL), 1)


def _pack_both(doc: Document) -> tuple[bytes, bytes]:
    """The document, and the document without its HTML (what `invoke check` needs)."""
    return _pack(doc), _pack(dataclasses.replace(doc, html=""))


def _unpack(blob: bytes) -> Document:
    return pickle.loads(zlib.decompress(blob))


# A worker process's view of the build: (site, unsafe_html), set in each worker when it starts.
_worker_job: tuple | None = None


def _start_worker(site, unsafe_html) -> None:
    global _worker_job
    _worker_job = (site, unsafe_html)


def _parse_in_worker(item: tuple[str, str, bytes]) -> tuple[bytes, bytes]:
    shown, rel, raw = item
    site, unsafe_html = _worker_job
    return _pack_both(read_document(raw, shown, rel, site, unsafe_html))


class Store:
    """The on-disk half: a SQLite file of packed documents by key."""

    def __init__(self, directory: str):
        self.path = os.path.join(directory, f"documents-v{SCHEMA}.sqlite")
        self.db = None
        try:
            os.makedirs(directory, exist_ok=True)
            for name in os.listdir(directory):  # stores of older layouts
                if name.startswith("documents") and not name.startswith(f"documents-v{SCHEMA}."):
                    os.remove(os.path.join(directory, name))
            self.db = self._open()
        except (OSError, sqlite3.Error) as e:
            self._give_up(e)

    def _open(self):
        db = sqlite3.connect(self.path, timeout=30, isolation_level=None)
        db.execute("PRAGMA journal_mode=WAL")
        db.execute("PRAGMA synchronous=NORMAL")
        db.execute(
            "CREATE TABLE IF NOT EXISTS documents"
            " (key BLOB PRIMARY KEY, grp TEXT NOT NULL, blob BLOB NOT NULL, light BLOB NOT NULL)"
        )
        return db

    def _give_up(self, error):
        log.warning("content cache %s not used (%s); parsing every file", self.path, error)
        if self.db is not None:
            self.db.close()
        self.db = None

    def load(self, keys: list[bytes], light: bool = False) -> dict[bytes, bytes]:
        """Packed documents by key; `light`: without their HTML (enough to check them)."""
        found: dict[bytes, bytes] = {}
        if self.db is None:
            return found
        column = "light" if light else "blob"
        try:
            for start in range(0, len(keys), 500):
                chunk = keys[start : start + 500]
                marks = ",".join("?" * len(chunk))
                rows = self.db.execute(
                    f"SELECT key, {column} FROM documents WHERE key IN ({marks})", chunk
                )
                found.update(rows)
        except sqlite3.Error as e:
            self._give_up(e)
            self._discard()
            return {}
        return found

    def save(self, group: str, new: dict[bytes, tuple[bytes, bytes]], keep: list[bytes]) -> None:
        """Add the new documents; forget this group's documents no longer in the site."""
        if self.db is None:
            return
        try:
            self.db.execute("BEGIN IMMEDIATE")
            self.db.executemany(
                "INSERT OR REPLACE INTO documents (key, grp, blob, light) VALUES (?, ?, ?, ?)",
                [(key, group, blob, light) for key, (blob, light) in new.items()],
            )
            self.db.execute("CREATE TEMP TABLE IF NOT EXISTS keep (key BLOB PRIMARY KEY)")
            self.db.execute("DELETE FROM keep")
            self.db.executemany("INSERT OR IGNORE INTO keep VALUES (?)", [(k,) for k in keep])
            self.db.execute(
                "DELETE FROM documents WHERE grp = ? AND key NOT IN (SELECT key FROM keep)",
                (group,),
            )
            self.db.execute("COMMIT")
        except sqlite3.Error as e:
            with contextlib.suppress(sqlite3.Error):
                self.db.execute("ROLLBACK")
            self._give_up(e)

    def _discard(self):
        for suffix in ("", "-wal", "-shm"):
            with contextlib.suppress(OSError):
                os.remove(self.path + suffix)

    def close(self):
        if self.db is not None:
            self.db.close()
            self.db = None


def relative(path: str, start: str) -> str:
    """`path` relative to `start`, with forward slashes (a prefix cut when it is one: this runs
    for every file of every build)."""
    prefix = start.rstrip(os.sep) + os.sep
    if os.path.isabs(path) and path.startswith(prefix) and os.sep + "." not in path:
        return path[len(prefix) :].replace(os.sep, "/")
    return os.path.relpath(path, start).replace(os.sep, "/")


def content_files(content_path: str, folders) -> list[str]:
    """The `.md` files of the given type folders, sorted (hidden files and folders skipped).
    Symbolic links are neither listed nor followed: they are problems of their own
    (uploads.link_problems), and what they point at is never read."""
    found = []
    for folder in sorted(folders):
        top = os.path.join(content_path, folder)
        if os.path.islink(top):
            continue
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(
                d
                for d in dirs
                if not d.startswith(".") and not os.path.islink(os.path.join(root, d))
            )
            for name in sorted(files):
                if name.endswith(CONTENT_SUFFIX) and not name.startswith("."):
                    path = os.path.join(root, name)
                    if not os.path.islink(path):
                        found.append(path)
    return found


def parse_files(
    paths: list[str],
    *,
    content_path: str,
    shown_root: str,
    site: Site,
    unsafe_html: str,
    cache_dir: str | None,
    jobs: int,
    group: str,
    memory: dict | None = None,
    light: bool = False,
) -> dict[str, Document]:
    """Every file of `paths` (absolute) parsed, from the store where it can be. With `memory`
    (a long-lived process, the live-reload server: its session's `Caches.documents`), the
    documents of the last call also stay in memory, so a rebuild neither reads the store nor
    unpickles them again. With `light`, documents come without their HTML: all that checking
    them needs, and quicker to load."""
    if light:
        memory = None
    key_of_site = site_key(site, unsafe_html)
    items: list[tuple[str, bytes, str, str, bytes]] = []  # path, key, shown, rel, raw
    for path in paths:
        try:
            with open(path, "rb") as f:
                raw = f.read()
        except OSError:
            continue  # gone since it was listed; Pelican reports what it cannot open
        rel = relative(path, content_path)
        shown = relative(path, shown_root)
        key = hashlib.sha256(key_of_site + f"\0{shown}\0{rel}\0".encode() + raw).digest()
        items.append((path, key, shown, rel, raw))

    remembered = memory.get((content_path, group), {}) if memory is not None else {}
    if memory is not None and all(item[1] in remembered for item in items):
        memory[(content_path, group)] = {item[1]: remembered[item[1]] for item in items}
        return {path: _fresh(remembered[key]) for path, key, *_ in items}
    store = Store(cache_dir) if cache_dir else None
    wanted = [item[1] for item in items if item[1] not in remembered]
    stored = store.load(wanted, light=light) if store else {}
    stored.update({key: None for key in remembered})
    missing = [item for item in items if item[1] not in stored]
    fresh = _parse_all([(shown, rel, raw) for _p, _k, shown, rel, raw in missing], site,
                       unsafe_html, jobs)  # fmt: skip
    new = {item[1]: packed for item, packed in zip(missing, fresh, strict=True)}
    if store:
        store.save(group, new, [item[1] for item in items])
        store.close()
    blobs = {**stored, **{key: packed[1 if light else 0] for key, packed in new.items()}}
    parsed, kept = {}, {}
    collecting = gc.isenabled()
    gc.disable()  # thousands of new objects, all kept: no collection passes meanwhile
    try:
        for path, key, *_ in items:
            doc = remembered.get(key)
            if doc is None:
                doc = _unpack(blobs[key])
                doc.key = key.hex()
            kept[key] = doc
            parsed[path] = _fresh(doc) if memory is not None else doc
    finally:
        if collecting:
            gc.enable()
    if memory is not None:
        memory[(content_path, group)] = kept
    freeze_build_objects()
    return parsed


def _fresh(doc: Document) -> Document:
    """A copy whose problem lists a build may extend without changing the remembered one."""
    return dataclasses.replace(doc, problems=list(doc.problems), removed=list(doc.removed))


def _parse_all(work: list[tuple[str, str, bytes]], site, unsafe_html, jobs) -> list:
    can_fork = "fork" in multiprocessing.get_all_start_methods()
    if jobs <= 1 or len(work) < PARALLEL_FROM or not can_fork:
        return [_pack_both(read_document(raw, s, rel, site, unsafe_html)) for s, rel, raw in work]
    # fork: the workers start with everything already imported and the site in memory.
    context = multiprocessing.get_context("fork")
    chunk = max(1, min(32, len(work) // (jobs * 8)))
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context, initializer=_start_worker,
                             initargs=(site, unsafe_html)) as pool:  # fmt: skip
        return list(pool.map(_parse_in_worker, work, chunksize=chunk))
