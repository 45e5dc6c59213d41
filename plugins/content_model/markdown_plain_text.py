"""Python-Markdown's inline patterns skip the texts none of them can match.

Why: the inline processor tries each of its inline patterns (links, emphasis, code, escapes…)
on every text of the tree, one regular-expression search each, whether or not the text holds
any markup: for prose that is a third of the time Markdown takes, the largest single cost of
a cold build. Every match of every pattern contains one of a few characters (`[`, `*`, `<`…,
listed per pattern in `TRIGGERS`); a text with none of them comes out of the inline
processor exactly as it went in.

So, just before the inline processor, such texts are marked `AtomicString` (Python-Markdown's
own "do not process further" string, which the inline processor leaves alone), and just
after it they are plain strings again, so that the tree every later step sees is the one it
would have seen: the HTML is identical (tests/test_markdown_plain_text.py compares both on
generated text and on every document of the test corpus).

The marks are made only when every registered inline pattern is one of `TRIGGERS` with the
same regular expression; a Markdown version or an extension with any other pattern turns the
shortcut off (correct, only slower), and a test says so.
"""

from __future__ import annotations

import re

from markdown.extensions import Extension
from markdown.treeprocessors import Treeprocessor
from markdown.util import AtomicString

#: Python-Markdown 3.11's inline patterns (with footnotes'): name -> (its regular expression,
#: a regular expression that finds what every match of it contains).
TRIGGERS = {
    "backtick": (r"(?:(?<!\\)((?:\\{2})+)(?=`+)|(?<!\\)`)", "`"),
    "escape": (r"\\(.)", r"\\"),
    "footnote": (r"\[\^([^\]]*)\]", r"\["),
    "reference": (r"(?<!\!)\[", r"\["),
    "link": (r"(?<!\!)\[", r"\["),
    "image_link": (r"\!\[", r"\["),
    "image_reference": (r"\!\[", r"\["),
    "short_reference": (r"(?<!\!)\[", r"\["),
    "short_image_ref": (r"\!\[", r"\["),
    "autolink": (r"<([A-Za-z][A-Za-z0-9+.-]*://[^<>]*)>", "<"),
    "automail": (r"<([^<> !]+@[^@<> ]+)>", "<"),
    "linebreak": (r"  \n", r"  \n"),
    "html": (
        r"""(<(\/?+[a-zA-Z][^\s"'<>@]*+(?:\s+[^\s"'=<>]++(?:\s*+=\s*+(?:"[^"]*+"|'[^']*+'"""
        r"""|[^\s"'=<>]++))?+)*+\s*+/?|!--(?:(?!<!--|-->).)*--|[?](?:(?!<[?]|[?]>).)*[?]"""
        r"""|!\[CDATA\[(?:(?!<!\[CDATA\[|\]\]>).)*\]\])>)""",
        "<",
    ),
    "entity": (r"(&(?:\#[0-9]+|\#x[0-9a-fA-F]+|[a-zA-Z0-9]+);)", "&"),
    "em_strong": (r"\*|_", r"[*_]"),
}


def markup_finder(md) -> re.Pattern | None:
    """A regular expression that finds a place where some inline pattern of `md` could match;
    None when one of them is not known here (then nothing is marked)."""
    found = []
    for item in md.inlinePatterns._priority:
        pattern = md.inlinePatterns[item.name]
        known = TRIGGERS.get(item.name)
        regex = getattr(pattern, "compiled_re", None)
        if known is None or regex is None or regex.pattern != known[0]:
            return None
        found.append(known[1])
    return re.compile("|".join(sorted(set(found))))


class _MarkPlainTexts(Treeprocessor):
    def __init__(self, md, finder: re.Pattern, marked: list):
        super().__init__(md)
        self.finder = finder
        self.marked = marked

    def run(self, root):
        search, marked = self.finder.search, self.marked
        marked.clear()  # (left over only by a conversion that failed)
        for element in root.iter():
            text, tail = element.text, element.tail
            if text and element is not root and type(text) is str and not search(text):
                element.text = AtomicString(text)
                marked.append((element, "text"))
            if tail and type(tail) is str and not search(tail):
                element.tail = AtomicString(tail)
                marked.append((element, "tail"))


class _UnmarkPlainTexts(Treeprocessor):
    def __init__(self, md, marked: list):
        super().__init__(md)
        self.marked = marked

    def run(self, root):
        for element, attribute in self.marked:
            value = getattr(element, attribute)
            if isinstance(value, AtomicString):
                setattr(element, attribute, str(value))
        self.marked.clear()


class PlainTextShortcut(Extension):
    """Register after every other extension: it checks the inline patterns they added."""

    def extendMarkdown(self, md):
        finder = markup_finder(md)
        md.plain_text_shortcut = finder is not None
        if finder is None:
            return
        marked: list = []
        # Just before the inline processor (20), after the footnotes (50) and code (30) ones;
        # just after it, before any other.
        md.treeprocessors.register(_MarkPlainTexts(md, finder, marked), "mark_plain", 20.5)
        md.treeprocessors.register(_UnmarkPlainTexts(md, marked), "unmark_plain", 19.5)
