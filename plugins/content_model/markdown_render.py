"""Markdown to HTML, the same way for every document.

Python-Markdown with tables, footnotes, fenced code highlighted by Pygments *classes* (the theme's
stylesheet colours them), heading ids, definition lists, abbreviations and admonitions. Nothing
writes inline styles: table-cell alignment becomes a class (`align-center`), so a strict
Content-Security-Policy holds. `attr_list` stays off: it would let a text set any attribute.
"""

from __future__ import annotations

import threading

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.treeprocessors import Treeprocessor

EXTENSIONS = [
    "tables",
    "footnotes",
    "fenced_code",
    "codehilite",
    "toc",
    "sane_lists",
    "def_list",
    "abbr",
    "admonition",
]
EXTENSION_CONFIGS = {
    "codehilite": {"css_class": "highlight", "guess_lang": False, "noclasses": False},
    "toc": {"slugify": slugify_unicode},
    "footnotes": {"UNIQUE_IDS": False},
}


class _AlignClasses(Treeprocessor):
    """Turn `style="text-align: x;"` from the tables extension into `class="align-x"`."""

    def run(self, root):
        for el in root.iter():
            style = el.attrib.pop("style", None)
            if style and style.replace(" ", "").startswith("text-align:"):
                align = style.split(":", 1)[1].strip(" ;")
                classes = (el.get("class", "") + f" align-{align}").strip()
                el.set("class", classes)


class _NoInlineStyles(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_AlignClasses(md), "align_classes", 0)


_local = threading.local()


def _converter() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = markdown.Markdown(
            extensions=[*EXTENSIONS, _NoInlineStyles()],
            extension_configs=EXTENSION_CONFIGS,
            output_format="html",
        )
        _local.md = md
    return md


def render(text: str) -> str:
    """Render Markdown text to an HTML fragment."""
    md = _converter()
    try:
        return md.reset().convert(text)
    finally:
        md.reset()
