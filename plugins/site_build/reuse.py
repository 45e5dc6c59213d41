"""The previous build's files, and which of them this build can take as they are.

After each build a manifest (`<project>/.cache/output/<hash of the output path>.json`) records,
for every file made from a key, the key and the file's identity on disk (inode, size,
modification time). The next build asks `reuse(path, key)`: when the key is the same and the
file in the live output is still that very file, it is hard-linked into the staging folder
(copied where links are not possible) instead of being made again. A file changed or replaced
by hand no longer matches its identity and is made again; a file that was never recorded is
always made. Reuse can only make a build faster: the manifest never decides what a file holds.
"""

from __future__ import annotations

import errno
import hashlib
import json
import os
import shutil

from .fingerprint import Uncacheable, fingerprint
from .output import Done, OutputFiles, write_output
from .parallel import Forked, Processes, RenderQueue

MANIFEST_VERSION = 1


def manifest_path(cache_dir: str, live_output: str) -> str:
    name = hashlib.sha256(os.path.realpath(live_output).encode()).hexdigest()[:16]
    return os.path.join(cache_dir, f"{name}.json")


class OutputReuse:
    def __init__(self, live: str, staging: str, manifest: str):
        self.live = os.path.realpath(live)
        self.staging = staging
        self.manifest = manifest
        self.previous = self._load()
        self.current: dict[str, list] = {}
        self.linked: set[str] = set()
        self.made = 0
        #: content object id -> its fingerprint part, for this build (fingerprint.py)
        self.memo: dict = {}
        self._folders: set[str] = set()

    def _load(self) -> dict:
        try:
            with open(self.manifest, encoding="utf-8") as f:
                data = json.load(f)
        except (OSError, ValueError):
            return {}
        if not isinstance(data, dict) or data.get("version") != MANIFEST_VERSION:
            return {}
        if data.get("output") != self.live or not isinstance(data.get("files"), dict):
            return {}
        return data["files"]

    def reuse(self, rel: str, key: str) -> bool:
        """Link the live output's `rel` into staging if it was made from `key`; say whether."""
        entry = self.previous.get(rel)
        if not entry or entry[0] != key:
            return False
        source = os.path.join(self.live, rel)
        try:
            st = os.stat(source)
        except OSError:
            return False
        if [st.st_ino, st.st_size, st.st_mtime_ns] != entry[1:]:
            return False
        target = os.path.join(self.staging, rel)
        folder = os.path.dirname(target)
        if folder not in self._folders:
            os.makedirs(folder, exist_ok=True)
            self._folders.add(folder)
        try:
            os.link(source, target)
        except OSError as e:
            if e.errno not in (errno.EXDEV, errno.EPERM, errno.EMLINK, errno.ENOTSUP):
                raise
            shutil.copy2(source, target)
            st = os.stat(target)
        self.current[rel] = [key, st.st_ino, st.st_size, st.st_mtime_ns]
        self.linked.add(rel)
        return True

    def record(self, rel: str, key: str) -> None:
        """`rel` was just made in staging from `key`."""
        st = os.stat(os.path.join(self.staging, rel))
        self.current[rel] = [key, st.st_ino, st.st_size, st.st_mtime_ns]
        self.made += 1

    def release(self, rel: str) -> None:
        """About to write `rel` again: never write through a link into the live output."""
        if rel in self.linked:
            os.unlink(os.path.join(self.staging, rel))
            self.linked.discard(rel)
        self.current.pop(rel, None)

    def key_of(self, rel: str) -> str | None:
        """The key `rel` was made from in this build (made or reused), if any."""
        entry = self.current.get(rel)
        return entry[0] if entry else None

    def reuse_folder(self, folder: str, key: str) -> bool:
        """Like `reuse`, for a whole folder made at once (the search index)."""
        entry = self.previous.get(folder + "/")
        if not entry or entry[0] != key:
            return False
        files = entry[1]
        for rel, identity in files.items():
            try:
                st = os.stat(os.path.join(self.live, folder, rel))
            except OSError:
                return False
            if [st.st_ino, st.st_size, st.st_mtime_ns] != identity:
                return False
        for rel in files:
            target = os.path.join(self.staging, folder, rel)
            os.makedirs(os.path.dirname(target), exist_ok=True)
            os.link(os.path.join(self.live, folder, rel), target)
        self.current[folder + "/"] = entry
        return True

    def record_folder(self, folder: str, key: str) -> None:
        top = os.path.join(self.staging, folder)
        files = {}
        for root, _dirs, names in os.walk(top):
            for name in names:
                st = os.stat(os.path.join(root, name))
                rel = os.path.relpath(os.path.join(root, name), top).replace(os.sep, "/")
                files[rel] = [st.st_ino, st.st_size, st.st_mtime_ns]
        self.current[folder + "/"] = [key, files]
        self.made += 1

    def save(self) -> None:
        os.makedirs(os.path.dirname(self.manifest), exist_ok=True)
        partial = f"{self.manifest}.{os.getpid()}.partial"
        data = {"version": MANIFEST_VERSION, "output": self.live, "files": self.current}
        with open(partial, "w", encoding="utf-8") as f:
            json.dump(data, f, separators=(",", ":"), sort_keys=True)
        os.replace(partial, self.manifest)


class ReusingFiles(OutputFiles):
    """A build's writes when the `incremental` plugin is on: every file gets a key (the
    site-wide inputs and what it is made from); a file whose key is the one recorded for it in
    the live output is hard-linked from there (`reuse`, None when INCREMENTAL_REUSE is off),
    the others are queued and made on every core (`parallel.py`)."""

    def __init__(self, reuse: OutputReuse | None, site: bytes, links: str, processes: int,
                 children: Processes):  # fmt: skip
        self.reuse = reuse
        self.site = site
        self.links = links
        self.children = children
        self.queue = RenderQueue(processes, children)

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

    def write_made(self, output_path: str, relpath: str, inputs, make) -> None:
        """Link `relpath` from the previous build if it was made from the same inputs, else
        queue it."""
        key = self.key(inputs, relpath)
        if not self.take(relpath, key):
            self.queue.add(relpath, key, lambda: write_output(output_path, relpath, make()))

    def make_folder(self, output_path: str, folder: str, sources, inputs, make,
                    background: bool = False):  # fmt: skip
        """The folder is made from `sources`, files of this build whose keys are known, and
        `inputs`: take the previous build's folder when all are the same, else make it (in a
        process of its own with `background`, while the build goes on)."""
        self.flush()  # the sources must be written, and their keys known
        key = self.folder_key(folder, sources(), inputs)
        if key is not None and self.reuse.reuse_folder(folder, key):
            return Done()
        if background:
            return Forked(make, lambda: self.record_folder(folder, key), self.children)
        make()
        self.record_folder(folder, key)
        return Done()

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

    def finish(self) -> tuple[int, int] | None:
        """Make what is queued; record what each file was made from. (files made, files
        taken from the previous build), or None without reuse."""
        self.flush()
        if self.reuse is None:
            return None
        self.reuse.save()
        return self.reuse.made, len(self.reuse.linked)
