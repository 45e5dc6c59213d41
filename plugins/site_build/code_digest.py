"""A digest of code: files of some folders and the versions of some libraries.

Caches keyed on what made their entries (the parse cache, the pages' keys) include the code
that made them, so that a changed parser, plugin or template never serves an old result.
"""

from __future__ import annotations

import hashlib
import os
import sys
from importlib import metadata

SKIPPED_FOLDERS = ("__pycache__", "node_modules")


def code_digest(folders, libraries) -> bytes:
    """SHA-256 of Python's version, every file (relative path and bytes) of each
    `(folder, suffixes)` (suffixes None: every file), and each library's installed version."""
    digest = hashlib.sha256(sys.version.encode())
    for top, suffixes in folders:
        for root, dirs, files in os.walk(top):
            dirs[:] = sorted(d for d in dirs if d not in SKIPPED_FOLDERS)
            for name in sorted(files):
                if suffixes and not name.endswith(suffixes):
                    continue
                path = os.path.join(root, name)
                with open(path, "rb") as f:
                    digest.update(os.path.relpath(path, top).encode() + b"\0" + f.read())
    for name in libraries:
        try:
            version = metadata.version(name)
        except metadata.PackageNotFoundError:
            version = "-"
        digest.update(f"{name}={version}".encode())
    return digest.digest()
