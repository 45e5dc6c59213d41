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
