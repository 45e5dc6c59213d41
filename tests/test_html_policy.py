"""Unsafe HTML never publishes: known attack vectors through member articles (and team content).

Three layers are tested: the cleaned HTML of every vector is inert; whatever the cleaning
removes is also reported to the contributor (nothing is dropped silently); and end to end, a
site built with the vectors either fails with `file:line` lines (the default) or, with
CONTENT_UNSAFE_HTML="clean", publishes pages in which nothing of them survives.
"""

from __future__ import annotations

import json
from collections import Counter

import feedparser
import pytest
from bs4 import BeautifulSoup

from content_model import html_policy, markdown_render

from conftest import doc, new_site, picture

VECTORS = [
    "<script>alert(1)</script>",
    "<SCRIPT SRC=//xss.example/x.js></SCRIPT>",
    "<img src=x onerror=alert(1)>",
    '<img src="https://tracker.example/pixel.gif">',
    "![x](//tracker.example/pixel.gif)",
    "<IMG SRC=\"javascript:alert('XSS');\">",
    "<IMG SRC=JaVaScRiPt:alert('XSS')>",
    '<img src="jav&#x09;ascript:alert(1)">',
    '<img src="&#106;&#97;&#118;&#97;&#115;&#99;&#114;&#105;&#112;&#116;&#58;alert(1)">',
    "<img src=x:alert(alt) onerror=eval(src) alt=0>",
    '<a href="javascript:alert(1)">x</a>',
    '<a href=" javascript:alert(1)">x</a>',
    '<a href="JAVASCRIPT:alert(1)">x</a>',
    '<a href="java&#0000115;cript:alert(1)">x</a>',
    '<a href="&#x6A;avascript:alert(1)">x</a>',
    '<a href="&#14;javascript:alert(1)">x</a>',
    '<a href="java\tscript:alert(1)">x</a>',
    '<a href="data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==">x</a>',
    '<a href="vbscript:msgbox(1)">x</a>',
    '<a href="#" onclick="alert(1)">x</a>',
    '<a href="https://example.org/" target="_blank">x</a>',
    "[x](javascript:alert(1))",
    "[x](JaVaScRiPt:alert(1))",
    "[x](data:text/html,<script>alert(1)</script>)",
    "![x](javascript:alert(1))",
    "[link][r]\n\n[r]: javascript:alert(1)",
    "<javascript:alert(1)>",
    "<svg onload=alert(1)>",
    "<svg><script>alert(1)</script></svg>",
    "<math><mtext><table><mglyph><style><img src=x onerror=alert(1)>",
    "<body onload=alert(1)>",
    '<iframe src="javascript:alert(1)"></iframe>',
    '<iframe srcdoc="<script>alert(1)</script>"></iframe>',
    '<iframe src="https://evil.example/"></iframe>',
    '<object data="javascript:alert(1)"></object>',
    '<embed src="javascript:alert(1)">',
    '<form action="javascript:alert(1)"><button>x</button></form>',
    '<button formaction="javascript:alert(1)">x</button>',
    "<input autofocus onfocus=alert(1)>",
    "<details open ontoggle=alert(1)>",
    '<div style="background:url(javascript:alert(1))">x</div>',
    "<style>@import 'https://evil.example/x.css';</style>",
    '<link rel=stylesheet href="https://evil.example/x.css">',
    '<meta http-equiv="refresh" content="0;url=javascript:alert(1)">',
    '<base href="javascript:alert(1)//">',
    '<p onmouseover="alert(1)">x</p>',
    "<scr<script>ipt>alert(1)</script>",
    "<<script>alert(1)//<</script>",
    '<img """><script>alert(1)</script>">',
    '<video><source onerror="alert(1)"></video>',
    "<audio src=x onerror=alert(1)>",
    "<marquee onstart=alert(1)>x</marquee>",
    '<table background="javascript:alert(1)"><tr><td>x</td></tr></table>',
    "<!--[if gte IE 4]><script>alert(1)</script><![endif]-->",
    '<noscript><p title="</noscript><img src=x onerror=alert(1)>"></noscript>',
    "<template><script>alert(1)</script></template>",
    '<a href="https://example.org/" xlink:href="javascript:alert(1)">x</a>',
    '<svg><a xlink:href="javascript:alert(1)"><text>x</text></a></svg>',
    "<img src=x onerror=alert(1)//",
    '<div id="x" class="y" data-x="javascript:alert(1)">x</div>',
    "`<script>alert(1)</script>` in code is text",
    "```html\n<script>alert(1)</script>\n```",
]

DANGEROUS_TAGS = {
    "script", "style", "object", "embed", "form", "input", "button", "textarea", "select",
    "svg", "math", "base", "link", "meta", "frame", "frameset", "applet", "noscript",
    "template", "xmp", "marquee", "video", "audio", "body", "html",
}  # fmt: skip
DANGEROUS_ATTRIBUTES = {"style", "srcdoc", "formaction", "action", "background", "target"}
URL_ATTRIBUTES = {"href", "src", "cite", "data", "poster", "xlink:href"}


def assert_inert(html: str) -> None:
    """No active content: no dangerous element, frame, handler, style, non-web URL scheme,
    nor a picture from another site (what the Content-Security-Policy would block)."""
    soup = BeautifulSoup(html, "html.parser")
    for tag in soup.find_all(True):
        assert tag.name not in DANGEROUS_TAGS | {"iframe", "frame"}, html
        if tag.name == "source":  # only the build's own <picture> sources, with no src
            assert tag.parent.name == "picture" and "src" not in tag.attrs, html
        if tag.name == "img" and "src" in tag.attrs and tag.parent.name != "picture":
            assert not html_policy.is_external(tag["src"]), html
        for attr, value in tag.attrs.items():
            assert not attr.startswith("on"), html
            assert attr not in DANGEROUS_ATTRIBUTES, html
            assert not attr.startswith("data-"), html
            if attr in URL_ATTRIBUTES:
                value = value if isinstance(value, str) else " ".join(value)
                scheme = html_policy.url_scheme(value)
                assert scheme in (None, "http", "https", "mailto", "tel"), html


def features(html: str) -> Counter:
    """What an HTML fragment holds, as a multiset of tags and (tag, attribute) pairs."""
    soup = BeautifulSoup(html, "html.parser")
    found = Counter()
    for tag in soup.find_all(True):
        found[tag.name] += 1
        for attr in tag.attrs:
            found[(tag.name, attr)] += 1
    return found


@pytest.mark.parametrize("policy", ["member", "team"])
@pytest.mark.parametrize("vector", VECTORS)
def test_cleaned_html_is_inert(vector, policy):
    cleaned = html_policy.clean(markdown_render.render(vector), policy)
    assert_inert(cleaned)


@pytest.mark.parametrize("policy", ["member", "team"])
@pytest.mark.parametrize("vector", VECTORS)
def test_whatever_cleaning_removes_is_reported(vector, policy):
    html = markdown_render.render(vector)
    removed = features(html) - features(html_policy.clean(html, policy))
    findings = html_policy.inspect(html, policy, "document").unsafe
    if removed:
        assert findings, f"removed silently: {dict(removed)}"


@pytest.mark.parametrize("policy", ["member", "team"])
def test_no_content_embeds_a_player_or_a_picture_from_elsewhere(policy):
    # The CSP lets a player load only after a click (the `video:` field), and pictures only
    # from the site: the policy lets through nothing the CSP would block.
    html = (
        '<iframe src="https://www.youtube-nocookie.com/embed/abc" title="Talk"></iframe>'
        '<p><img src="https://tracker.example/p.gif" alt="">'
        '<img src="//tracker.example/p.gif" alt=""><img src="/\\tracker.example/p.gif" alt="">'
        '<img src="/images/map.png" alt="Map"></p>'
    )
    found = [
        f.message.split(" site: ")[0] for f in html_policy.inspect(html, policy, "post").unsafe
    ]
    assert found[0].startswith("<iframe> is not allowed in posts: ")
    assert found[1:] == [
        "the picture 'https://tracker.example/p.gif' is on another",
        "the picture '//tracker.example/p.gif' is on another",
        "the picture '/\\tracker.example/p.gif' is on another",
    ]
    cleaned = html_policy.clean(html, policy)
    assert "<iframe" not in cleaned and "tracker" not in cleaned
    assert '<img src="/images/map.png" alt="Map">' in cleaned


def test_ordinary_markup_survives_cleaning():
    text = (
        "A [link](https://example.org/) and a [site link](/blog/x/), "
        '[a file]({filename}/blog/x.md), ![a picture](/images/map.png "Map"), '
        '<abbr title="Local Public Sector Alliance">LPSA</abbr>, H<sub>2</sub>O, '
        "[mail](mailto:info@example.org).\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
    )
    html = markdown_render.render(text)
    assert html_policy.inspect(html, "member", "member article").unsafe == []
    assert features(html) == features(html_policy.clean(html, "member"))
    cleaned = html_policy.clean(html, "member")
    assert 'href="{filename}/blog/x.md"' in cleaned
    assert 'src="/images/map.png"' in cleaned


@pytest.fixture
def attack_site(tmp_path):
    site = new_site(tmp_path)
    picture(site.content / "images" / "x.png", 40, 30)
    for i, vector in enumerate(VECTORS):
        # A picture that exists, so that only the attack (not a broken link) is in question.
        vector = vector.replace("src=x ", "src=/images/x.png ")
        site.write(
            f"articles/vector-{i:02d}.md",
            doc(title=f"Vector {i}", authors=["A Member"], body=f"Text before.\n\n{vector}\n"),
        )
    return site


def test_by_default_unsafe_html_fails_the_build_with_its_line(attack_site):
    lines = attack_site.build()
    assert lines is not None
    reported = {line.split(":", 1)[0] for line in lines}
    for i, vector in enumerate(VECTORS):
        html = markdown_render.render(vector)
        if features(html) - features(html_policy.clean(html, "member")):
            assert f"content/articles/vector-{i:02d}.md" in reported, vector
    assert "content/articles/vector-00.md:10: <script> is not allowed in member articles" in lines


def test_in_clean_mode_nothing_of_the_vectors_reaches_a_page(attack_site):
    lines = attack_site.build(CONTENT_UNSAFE_HTML="clean")
    # A vector that is only a broken relative link (`java   script:` is no scheme for a
    # browser) still fails as a broken link: set it aside and build the rest.
    assert all("points at no page of the site" in line for line in lines or []), lines
    broken = {line.split(":", 1)[0] for line in lines or []}
    for path in broken:
        (attack_site.root / path).unlink()
    assert len(broken) <= 2
    assert attack_site.build(CONTENT_UNSAFE_HTML="clean") is None
    for i in range(len(VECTORS)):
        if f"content/articles/vector-{i:02d}.md" in broken:
            continue
        page = attack_site.page(f"/articles/vector-{i:02d}/")
        body = BeautifulSoup(page, "html.parser").find(class_="document-body")
        assert "Text before." in body.get_text()
        assert_inert(body.decode_contents())
    for name, data in attack_site.files().items():
        if name.endswith(".html") and not name.startswith("pagefind/"):
            for script in BeautifulSoup(data, "html.parser").find_all("script"):
                # Only the theme's own: JSON-LD data, and scripts from /theme/js/.
                if script.get("type") == "application/ld+json":
                    json.loads(script.string)
                else:
                    assert script["src"].startswith("/theme/js/") and not script.string, name
        if name.endswith(("feed.xml", "atom.xml")):
            for entry in feedparser.parse(data, sanitize_html=False).entries:
                assert_inert(entry.content[0].value)


# The same inspection from the element tree (`inspect_tree`), for documents with no raw HTML.

#: Markdown that reaches `inspect_tree`: links of every scheme, odd characters, footnotes
#: (their placeholders), code spans with `<&>`, a first paragraph only in a footnote.
TREE_TEXTS = [
    "[a](javascript:alert(1)) [b](JaVaScRiPt:x) [c](data:text/html,x) [d](vbscript:x)",
    "[a](java\tscript:x) [b]( javascript:x) [c](https://ex ample.com/) [d](//evil.example/)",
    "![p](javascript:x) ![q](/images/map.png) [r](mailto:a@b.org) [s](tel:+1) [t](#x)",
    "A & B, `a < b && c > d`, 5 > 3 < 4, \"quotes\" and 'single', &amp; &copy &#58; &#x3a;",
    '[x](/a/?b=1&c=2 "A & B") [y](&#106;avascript:x) [z](java&#115;cript:x)',
    "Text[^1] and more[^n].\n\n[^1]: A note with [a link](/blog/x/).\n[^n]: Another.",
    "[^1]\n\n[^1]: Only the note has a paragraph.",
    "# Title\n\n> quote *em* **strong**\n\n- a\n- b\n\n1. x\n2. y\n\n---\n\nTerm\n:   Def",
    '| a | b |\n|:-:|--:|\n| [l](/x/) | `c` |\n\n!!! note "T"\n    body [l](ftp://x)\n',
    "*[LPSA]: Local Public Sector Alliance\n\nThe LPSA met.  \nA line break.",
    "<https://example.org/a?b&c> and <mail@example.org>",
    "a\u2028b \u00a0 \u200b zero-width, عربي, 中文, emoji 🎉",
]


@pytest.mark.parametrize("policy", ["member", "team"])
@pytest.mark.parametrize("text", TREE_TEXTS + VECTORS)
def test_the_tree_gives_what_the_html_gives(text, policy):
    html, tree = markdown_render.render_with_tree(text)
    if tree is None:  # raw HTML (the vectors), an e-mail link: only the HTML can tell
        return
    from_tree = html_policy.inspect_tree(tree, policy, "document", markdown_render.as_parsed)
    if from_tree is not None:
        assert from_tree == html_policy.inspect(html, policy, "document")


def test_the_tree_is_used_for_markdown_without_html():
    used = 0
    for text in TREE_TEXTS:
        _html, tree = markdown_render.render_with_tree(text)
        if tree is not None and html_policy.inspect_tree(
            tree, "member", "document", markdown_render.as_parsed
        ):
            used += 1
    assert used >= len(TREE_TEXTS) - 2  # the e-mail link and the `&copy` reference fall back
    _html, tree = markdown_render.render_with_tree("Text <b>raw</b>.")
    assert tree is None
    unsafe = html_policy.inspect(markdown_render.render("[a](javascript:x)"), "member", "x")
    assert unsafe.unsafe, "a javascript: link is reported whichever way it is inspected"
