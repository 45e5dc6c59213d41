"""Which files the search index is made from, and keeping the previous index as it is."""

from __future__ import annotations

import os
import shutil


def indexed_pages(site: str, url_prefixes) -> list[str]:
    """The document pages under `site` (`<prefix>/<slug>/index.html`), relative to it: what
    the index is made from."""
    pages = []
    for prefix in sorted(url_prefixes):
        top = os.path.join(site, prefix)
        if not os.path.isdir(top):
            continue
        for name in sorted(os.listdir(top)):
            if os.path.isfile(os.path.join(top, name, "index.html")):
                pages.append(f"{prefix}/{name}/index.html")
    return pages


def link_tree(source: str, target: str) -> None:
    """Hard-link (or copy) every file of `source` into `target`: the previous index, kept."""
    for root, _dirs, files in os.walk(source):
        folder = os.path.join(target, os.path.relpath(root, source))
        os.makedirs(folder, exist_ok=True)
        for name in files:
            try:
                os.link(os.path.join(root, name), os.path.join(folder, name))
            except OSError:
                shutil.copy2(os.path.join(root, name), os.path.join(folder, name))
