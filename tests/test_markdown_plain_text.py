"""The plain-text shortcut (content_model/markdown_plain_text.py) never changes the HTML.

Each text is rendered by two converters, with and without the shortcut, and the HTML must be
the same: generated Markdown made of every character an inline pattern starts with, the
benchmark corpus's documents, and every Markdown file of this repository.
"""

from __future__ import annotations

from itertools import islice

import markdown
import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from markdown.inlinepatterns import SimpleTagInlineProcessor

from content_model import markdown_render
from content_model.markdown_plain_text import PlainTextShortcut
from devkit import corpus

from conftest import ROOT

WITH = markdown_render.converter(plain_text_shortcut=True)
WITHOUT = markdown_render.converter(plain_text_shortcut=False)


def both(text: str) -> tuple[str, str]:
    return WITH.reset().convert(text), WITHOUT.reset().convert(text)


def test_the_shortcut_is_on_for_this_markdown():
    # Off means an inline pattern it does not know (a new Markdown, an added extension):
    # check that pattern's matches, add it to TRIGGERS.
    assert WITH.plain_text_shortcut is True
    assert "mark_plain" in WITH.treeprocessors and "mark_plain" not in WITHOUT.treeprocessors


def test_an_unknown_inline_pattern_turns_it_off():
    class Mark(markdown.extensions.Extension):
        def extendMarkdown(self, md):
            md.inlinePatterns.register(SimpleTagInlineProcessor(r"()==(.+?)==", "mark"), "mark", 65)

    md = markdown.Markdown(extensions=[Mark(), PlainTextShortcut()])
    assert md.plain_text_shortcut is False
    assert md.convert("a ==b== c") == "<p>a <mark>b</mark> c</p>"


TOKENS = [
    "word", "Wörter", "كلمة", " ", "  ", "\n", "\n\n", "  \n", "*", "**", "_", "__", "`", "``",
    "\\", "\\*", "[", "]", "(", ")", "![", "[x](/a/)", "[^1]", "\n\n[^1]: a note\n", "<", ">",
    "<b>", "</b>", "<https://example.org/>", "<a@b.org>", "&", "&amp;", "&#58;", "&copy",
    "- ", "1. ", "> ", "# ", "| a | b |\n|---|:-:|\n| c | d |\n", "\n    code\n", "```\nx\n```",
    "\n*[HTML]: Hyper Text\n", "HTML", "!!! note \"T\"\n    body\n", "Term\n:   Definition\n",
    "<!-- c -->", "x_y_z", "a*b*c", ":", "~", "^", "|", "\t",
]  # fmt: skip


#: Blocks of a few tokens each: a pattern's characters are often the only markup in a text.
blocks = st.lists(st.sampled_from(TOKENS), min_size=1, max_size=5).map("".join)


@settings(max_examples=400, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(st.lists(blocks, min_size=1, max_size=8).map("\n\n".join))
def test_same_html_for_any_markdown(text):
    with_shortcut, without = both(text)
    assert with_shortcut == without


#: For each inline pattern, a text that only it matches: what the shortcut must not skip.
ONLY = {
    "backtick": ("a `b` c", "<code>"),
    "escape": ("a \\# c", "a # c"),
    "footnote": ("a[^1] c\n\n[^1]: n", 'class="footnote-ref"'),
    "reference": ("a [b][r] c\n\n[r]: /x/", 'href="/x/"'),
    "link": ("a [b](/x/) c", 'href="/x/"'),
    "image_link": ("a ![b](/p.png) c", 'src="/p.png"'),
    "image_reference": ("a ![b][r] c\n\n[r]: /p.png", 'src="/p.png"'),
    "short_reference": ("a [b] c\n\n[b]: /x/", 'href="/x/"'),
    "short_image_ref": ("a ![b] c\n\n[b]: /p.png", 'src="/p.png"'),
    "autolink": ("a <https://example.org/> c", 'href="https://example.org/"'),
    "automail": ("a <b@example.org> c", "<a href="),
    "linebreak": ("a  \nc", "<br"),
    "html": ("a <b>x</b> c", "<b>x</b>"),
    "entity": ("a &copy; c", "&copy;"),
    "em_strong": ("a _b_ c", "<em>b</em>"),
}


def test_every_inline_pattern_has_an_example():
    from content_model.markdown_plain_text import TRIGGERS

    assert set(ONLY) == set(TRIGGERS)


@pytest.mark.parametrize("name", sorted(ONLY))
def test_a_text_with_only_one_pattern_is_not_skipped(name):
    text, expected = ONLY[name]
    with_shortcut, without = both(text)
    assert expected in without
    assert with_shortcut == without


def test_same_html_for_the_benchmark_corpus():
    texts = [body for _folder, _slug, _fields, body in islice(corpus.documents(120), 120)]
    assert all(with_shortcut == without for with_shortcut, without in map(both, texts))


SKIPPED_FOLDERS = {".venv", "node_modules", ".cache", "corpus", "output"}
MARKDOWN_FILES = sorted(
    p.relative_to(ROOT) for p in ROOT.glob("**/*.md") if not SKIPPED_FOLDERS & set(p.parts)
)


@pytest.mark.parametrize("path", MARKDOWN_FILES, ids=str)
def test_same_html_for_the_markdown_of_this_repository(path):
    with_shortcut, without = both((ROOT / path).read_text(encoding="utf-8", errors="replace"))
    assert with_shortcut == without
