"""Markdown to HTML, the same way for every document.

Python-Markdown with tables, footnotes, fenced code highlighted by Pygments *classes* (the theme's
stylesheet colours them), heading ids, definition lists, abbreviations and admonitions. Nothing
writes inline styles: table-cell alignment becomes a class (`align-center`), so a strict
Content-Security-Policy holds. `attr_list` stays off: it would let a text set any attribute.

`render_with_tree` also gives the element tree the HTML was written from, when the HTML is
exactly that tree written out (no raw HTML, no code highlighted by Pygments, nothing but the
footnotes' two placeholders changed after serializing): then `html_policy.inspect_tree` reads
the tree instead of parsing the HTML again, with `as_parsed` giving each text and attribute
value as an HTML parser reads it back from the HTML.
"""

from __future__ import annotations

import html
import threading
import xml.etree.ElementTree as etree

import markdown
from markdown.extensions import Extension
from markdown.extensions.toc import slugify_unicode
from markdown.postprocessors import Postprocessor
from markdown.serializers import RE_AMP
from markdown.treeprocessors import Treeprocessor
from markdown.util import STX

from .markdown_plain_text import PlainTextShortcut

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


class _KeepTree(Treeprocessor):
    """Last of the tree processors: keeps the tree that is about to be written out."""

    def run(self, root):
        self.md.kept_tree = root


class _KeepSerialized(Postprocessor):
    """First of the postprocessors: keeps the HTML as the serializer wrote it."""

    def run(self, text):
        self.md.kept_serialized = text
        return text


class _KeepForInspection(Extension):
    def extendMarkdown(self, md):
        md.treeprocessors.register(_KeepTree(md), "keep_tree", -100)
        md.postprocessors.register(_KeepSerialized(md), "keep_serialized", 100)


_local = threading.local()


def converter(plain_text_shortcut: bool = True) -> markdown.Markdown:
    """A new Markdown converter as documents are rendered with (`plain_text_shortcut=False`:
    without markdown_plain_text.py, which must not change the HTML)."""
    shortcut = [PlainTextShortcut()] if plain_text_shortcut else []
    return markdown.Markdown(
        extensions=[*EXTENSIONS, _NoInlineStyles(), _KeepForInspection(), *shortcut],
        extension_configs=EXTENSION_CONFIGS,
        output_format="html",
    )


def _converter() -> markdown.Markdown:
    md = getattr(_local, "md", None)
    if md is None:
        md = _local.md = converter()
    return md


def render(text: str) -> str:
    """Render Markdown text to an HTML fragment."""
    return render_with_tree(text)[0]


def render_with_tree(text: str) -> tuple[str, etree.Element | None]:
    """The HTML fragment, and the element tree it is written from when it is exactly that tree
    written out (else None: the HTML holds something the tree does not, such as raw HTML)."""
    md = _converter()
    md.kept_tree = md.kept_serialized = None
    try:
        output = md.reset().convert(text)
        tree, serialized = md.kept_tree, md.kept_serialized
        if tree is None or serialized is None:
            return output, None
        serialized = _footnote_references(md, serialized)
        return output, (tree if serialized.strip() == output else None)
    finally:
        md.reset()
        md.kept_tree = md.kept_serialized = None


def _footnote_references(md: markdown.Markdown, text: str) -> str:
    """`text` with the footnotes' placeholders replaced as their own postprocessor does."""
    return md.postprocessors["footnote"].run(text)


def as_parsed(value: str) -> str:
    """A text or attribute value of a tree from `render_with_tree` as an HTML parser reads it
    back from the HTML: the serializer escapes `&` unless it starts a character reference,
    the footnotes' placeholders become references, and the parser decodes them all (`<`, `>`
    and `"` are escaped and decoded back as they were). ValueError for any other placeholder."""
    if "&" in value:
        value = RE_AMP.sub("&amp;", value)
    if STX in value:
        value = _footnote_references(_converter(), value)
        if STX in value:
            raise ValueError("a placeholder the HTML does not hold")
    return html.unescape(value) if "&" in value else value
