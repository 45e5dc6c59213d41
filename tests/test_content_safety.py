"""What a stranger's pull request can put in a document, and the one line each attack gets.

Issue 16: invisible control characters, YAML aliases (recursive, or nested to amplify), the same
unsafe markup twice, encoded `javascript:` in raw HTML, pictures and players from other sites,
direction overrides in a title, a huge file, and values that try to forge another line of the
build's output. One site holds all of them and is built once, over a last good output: each
case asserts its file's exact `file:line: message` lines, and the output must be untouched.
"""

from __future__ import annotations

import json
import re
import time
from functools import partial
from urllib.parse import unquote

import lxml.html
import pytest

from content_model.problems import Problem

from conftest import doc, new_site, picture, serve

MEMBER = {"authors": ["A Member"]}

#: (file under content/, its text, the exact lines expected for that file)
CASES = {
    # Front matter: lines 1-6 (title, date, topics, regions), the body from line 7.
    "vertical-tab-in-body": (
        "blog/vertical-tab.md",
        doc(body="First line.\n\nPasted\x0bfrom a word processor."),
        [
            "content/blog/vertical-tab.md:9: control character U+000B on this line: delete it "
            "(text pasted from a word processor often carries one)"
        ],
    ),
    "nul-in-title": (
        "blog/nul-title.md",
        doc(title='"A title\x00with a NUL"'),
        [
            "content/blog/nul-title.md:2: control character U+0000 on this line: delete it "
            "(text pasted from a word processor often carries one)"
        ],
    ),
    "several-on-one-line": (
        "blog/several.md",
        doc(body="ok\n\x01a\x1fb\x01 and \x7f and \x85"),
        [
            "content/blog/several.md:8: control characters U+0001, U+001F, U+007F, U+0085 on "
            "this line: delete them (text pasted from a word processor often carries them)"
        ],
    ),
    "recursive-alias": (
        "blog/recursive.md",
        "---\ntitle: &a [*a]\ndate: 2024-01-01\ntopics: [health]\nregions: [asia]\n---\nx\n",
        [
            "content/blog/recursive.md:2: the front matter is not valid YAML: aliases (*a) are "
            "not allowed: write the value out in full"
        ],
    ),
    "alias-amplification": (
        "blog/laughs.md",
        "---\ntitle: x\ndate: 2024-01-01\ntopics: [health]\nregions: [asia]\n"
        'summary: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]\n'
        + "".join(
            f"{chr(98 + i)}: &{chr(98 + i)} [{', '.join([f'*{chr(97 + i)}'] * 9)}]\n"
            for i in range(9)
        )
        + "---\nx\n",
        [
            "content/blog/laughs.md:7: the front matter is not valid YAML: aliases (*a) are "
            "not allowed: write the value out in full"
        ],
    ),
    "same-attribute-twice": (
        "articles/twice.md",
        doc(
            body="One.\n\nTwo.\n\n"
            '<span onclick="a()">first</span>\n\nText.\n\n'
            '<span onclick="b()">second</span>\n',
            **MEMBER,
        ),
        [
            "content/articles/twice.md:12: attribute 'onclick' on <span> is not allowed in "
            "member articles",
            "content/articles/twice.md:16: attribute 'onclick' on <span> is not allowed in "
            "member articles",
        ],
    ),
    "same-element-twice": (
        "articles/two-scripts.md",
        doc(body="One.\n\n<script>a()</script>\n\nTwo.\n\n<script>b()</script>\n", **MEMBER),
        [
            "content/articles/two-scripts.md:10: <script> is not allowed in member articles",
            "content/articles/two-scripts.md:14: <script> is not allowed in member articles",
        ],
    ),
    "attribute-on-a-later-line-of-its-tag": (
        "articles/multiline-tag.md",
        doc(body='Text.\n\n<p class="x"\n   title="y"\n   onmouseover="z()">p</p>\n', **MEMBER),
        [
            "content/articles/multiline-tag.md:12: attribute 'onmouseover' on <p> is not "
            "allowed in member articles"
        ],
    ),
    "encoded-javascript-in-raw-html": (
        "articles/encoded.md",
        doc(body='One.\n\nTwo.\n\n<a href="jav&#x61;script:alert(1)">x</a>\n', **MEMBER),
        [
            "content/articles/encoded.md:12: the javascript: URL in <a href> is not allowed "
            "(only http, https, mailto, tel and site links)"
        ],
    ),
    "markdown-javascript-links-twice": (
        "blog/js-links.md",
        doc(body="[a](javascript:x)\n\ntext\n\n[b](javascript:x)\n"),
        [
            "content/blog/js-links.md:7: the javascript: URL in <a href> is not allowed "
            "(only http, https, mailto, tel and site links)",
            "content/blog/js-links.md:11: the javascript: URL in <a href> is not allowed "
            "(only http, https, mailto, tel and site links)",
        ],
    ),
    "picture-from-another-site": (
        "articles/tracker.md",
        doc(body="Text.\n\n![chart](https://tracker.example/pixel.png)\n", **MEMBER),
        [
            "content/articles/tracker.md:10: the picture 'https://tracker.example/pixel.png' "
            "is on another site: put the file in content/images/ and write "
            "![what it shows](/images/name.png) (a picture from elsewhere would load before "
            "the reader asks)"
        ],
    ),
    "protocol-relative-picture": (
        "blog/tracker.md",
        doc(body='<img src="//tracker.example/p.gif" alt="">\n'),
        [
            "content/blog/tracker.md:7: the picture '//tracker.example/p.gif' is on another "
            "site: put the file in content/images/ and write ![what it shows](/images/name.png) "
            "(a picture from elsewhere would load before the reader asks)"
        ],
    ),
    "raw-player-iframe": (
        "webinars/player.md",
        doc(
            body='Text.\n\n<iframe src="https://www.youtube.com/embed/abcdefgh"></iframe>\n',
            event_date="2024-01-01T10:00:00Z",
        ),
        [
            "content/webinars/player.md:10: <iframe> is not allowed in webinars: put a "
            "recording's address in a webinar's 'video:' field (a player that loads only when "
            "a reader clicks it), or link to it"
        ],
    ),
    "video-with-userinfo": (
        "webinars/userinfo.md",
        doc(
            video='"https://www.youtube.com@evil.example/watch?v=abcdefgh"',
            event_date="2024-01-01T10:00:00Z",
        ),
        [
            "content/webinars/userinfo.md:6: 'video' must be a plain http(s) address without a "
            "user name, '@' or '\\', not 'https://www.youtube.com@evil.example/watch?v=abcdefgh'"
        ],
    ),
    "video-with-backslash": (
        "webinars/backslash.md",
        doc(
            video='"https://evil.example\\\\@www.youtube.com/watch?v=abcdefgh"',
            event_date="2024-01-01T10:00:00Z",
        ),
        [
            "content/webinars/backslash.md:6: 'video' must be a plain http(s) address without a "
            "user name, '@' or '\\', not 'https://evil.example\\@www.youtube.com/watch?v=abcdefgh'"
        ],
    ),
    "direction-override-in-title": (
        "blog/bidi.md",
        doc(title='"Budget \u202etxet desrever"', authors=["Ana\u2066 Popescu"]),
        [
            "content/blog/bidi.md:2: 'title' holds the invisible direction control U+202E, "
            "which shows the text in another order than it is written: delete it (for "
            "right-to-left text, set 'lang:' instead)",
            "content/blog/bidi.md:6: 'authors' holds the invisible direction control U+2066, "
            "which shows the text in another order than it is written: delete it (for "
            "right-to-left text, set 'lang:' instead)",
        ],
    ),
    "forged-annotation": (
        "blog/forged.md",
        doc(topics=['"health\\n::warning file=x::forged"']),
        [
            "content/blog/forged.md:4: unknown topic 'health\\n::warning file=x::forged' "
            "(see content/taxonomies/topics.yml)"
        ],
    ),
    "escaped-control-in-title": (
        "blog/escaped.md",
        doc(
            title='"A title\\vwith a YAML escape"',
            authors=['"Ana\\x00"', '"\\ud800"'],
            summary='"\\u202e"',
        ),
        [
            "content/blog/escaped.md:2: 'title' holds U+000B, a character that cannot be "
            "published (written as an escape): delete it",
            "content/blog/escaped.md:6: 'authors' holds U+0000, a character that cannot be "
            "published (written as an escape): delete it",
            "content/blog/escaped.md:6: 'authors' holds U+D800, a character that cannot be "
            "published (written as an escape): delete it",
            "content/blog/escaped.md:7: 'summary' holds the invisible direction control U+202E, "
            "which shows the text in another order than it is written: delete it (for "
            "right-to-left text, set 'lang:' instead)",
        ],
    ),
    "control-by-character-reference": (
        "blog/reference.md",
        doc(body="Fine &#169;.\n\nA tab &#9; then &#11; and\n&#x1b;[2J.\n\n`&#11;` in code."),
        [
            "content/blog/reference.md:9: '&#11;' makes the control character U+000B: delete it",
            "content/blog/reference.md:10: '&#x1b;' makes the control character U+001B: delete it",
        ],
    ),
    "line-break-in-title": (
        "webinars/calendar-injection.md",
        doc(title='"A\\nEND:VEVENT\\nBEGIN:VEVENT"', event_date="2024-01-01T10:00:00Z"),
        [
            "content/webinars/calendar-injection.md:2: 'title' must be one line: take out the "
            "line breaks"
        ],
    ),
    "line-break-in-an-author": (
        "blog/author-lines.md",
        "---\ntitle: T\ndate: 2024-01-01\ntopics: [health]\nregions: [asia]\nauthors:\n"
        "  - |\n    Ana\n    Popescu\n---\nx\n",
        ["content/blog/author-lines.md:7: 'authors' must be one line: take out the line breaks"],
    ),
    "nested-too-deeply": (
        "blog/deep.md",
        doc(summary="[" * 5000 + "]" * 5000),
        [
            "content/blog/deep.md:6: the front matter is not valid YAML: lists and sets of "
            "fields are nested more than 20 levels deep"
        ],
    ),
    "nested-deep-enough-to-crash-libyaml": (
        "blog/deeper.md",
        doc(summary="[" * 400_000 + "]" * 400_000),
        [
            "content/blog/deeper.md:6: the front matter is not valid YAML: lists and sets of "
            "fields are nested more than 20 levels deep"
        ],
    ),
    "a-number-of-5000-digits": (
        "webinars/digits.md",
        doc(event_date="2024-01-01T10:00:00Z", duration="9" * 5000),
        [
            "content/webinars/digits.md:7: 'duration' must be a number of minutes from 1 to "
            "1440, not '9999999999999999999999999999999999999999…'"
        ],
    ),
    "script-after-a-fenced-code-block": (
        "articles/after-code.md",
        doc(body="```html\n<script>shown</script>\n```\n\n<script>real</script>\n", **MEMBER),
        ["content/articles/after-code.md:12: <script> is not allowed in member articles"],
    ),
    "script-after-a-comment-and-indented-code": (
        "articles/after-comment.md",
        doc(
            body="<!--\n<script>old</script>\n-->\n\nText:\n\n    <script>code</script>\n\n"
            "`<script>span</script>` and <script>real</script>\n",
            **MEMBER,
        ),
        ["content/articles/after-comment.md:16: <script> is not allowed in member articles"],
    ),
    "one-reference-used-twice": (
        "blog/reference-twice.md",
        doc(body="[x][a] and\n\n[y][a]\n\n[a]: javascript:alert(1)\n"),
        [
            "content/blog/reference-twice.md:11: the javascript: URL in <a href> is not allowed "
            "(only http, https, mailto, tel and site links)"
        ],
    ),
    "nested-after-an-escape-libyaml-refuses": (
        "blog/deep-after-escape.md",
        "---\ntitle: T\ndate: 2024-01-01\ntopics: [health]\nregions: [asia]\n"
        'series: "\\ud800"\nfoo: ' + "[" * 5000 + "]" * 5000 + "\n---\nx\n",
        [
            "content/blog/deep-after-escape.md:7: the front matter is not valid YAML: lists and "
            "sets of fields are nested more than 20 levels deep"
        ],
    ),
    "an-escape-beyond-unicode": (
        "blog/beyond.md",
        doc(title='"\\U00110000"'),
        [
            "content/blog/beyond.md:2: the front matter is not valid YAML: an escape names no "
            "character (U+10FFFF is the last one)"
        ],
    ),
    "markup-in-a-title": (
        "blog/bold-title.md",
        doc(title='"<b>Bold</b> news"', authors=['"<a href=x>Ana</a>"']),
        [
            "content/blog/bold-title.md:2: 'title' is plain text: '<b' would be taken for "
            "markup by some feed readers (write it without '<', or with a space after it)",
            "content/blog/bold-title.md:6: 'authors' is plain text: '<a' would be taken for "
            "markup by some feed readers (write it without '<', or with a space after it)",
        ],
    ),
    "script-after-a-longer-closing-fence": (
        "articles/fence-longer.md",
        doc(body="```\n<script>a</script>\n````\n```\n\n<script>real</script>\n", **MEMBER),
        ["content/articles/fence-longer.md:13: <script> is not allowed in member articles"],
    ),
    "script-after-an-indented-fence": (
        "articles/fence-indented.md",
        doc(
            body="Text.\n\n  ```\n  `<script>span</script>`\n  ```\n\n<script>real</script>\n",
            **MEMBER,
        ),
        ["content/articles/fence-indented.md:14: <script> is not allowed in member articles"],
    ),
    "script-after-a-code-span-over-two-lines": (
        "articles/span-lines.md",
        doc(
            body="A `code\nshown <script>x</script>` span.\n\n<script>real</script>\n",
            **MEMBER,
        ),
        ["content/articles/span-lines.md:11: <script> is not allowed in member articles"],
    ),
    "a-code-span-cut-by-raw-html": (
        "articles/span-cut.md",
        doc(body="A `code\n<script>a</script>` span.\n\n<script>b</script>\n", **MEMBER),
        [
            "content/articles/span-cut.md:9: <script> is not allowed in member articles",
            "content/articles/span-cut.md:11: <script> is not allowed in member articles",
        ],
    ),
    "escaped-backticks": (
        "articles/escaped-ticks.md",
        doc(body="\\`<b onclick=x>a</b>\\`\n\n<b onclick=y>b</b>\n", **MEMBER),
        [
            "content/articles/escaped-ticks.md:8: attribute 'onclick' on <b> is not allowed in "
            "member articles",
            "content/articles/escaped-ticks.md:10: attribute 'onclick' on <b> is not allowed in "
            "member articles",
        ],
    ),
    "unclosed-comment-after-code": (
        "articles/unclosed.md",
        doc(
            body="```\n<script>shown</script>\n```\n\n<!-- never closed\n\n<script>real</script>\n",
            **MEMBER,
        ),
        ["content/articles/unclosed.md:14: <script> is not allowed in member articles"],
    ),
    "raw-html-in-a-list-continuation": (
        "articles/list-continuation.md",
        doc(body="- item\n\n    <span onclick=a>x</span>\n\n<span onclick=a>x</span>\n", **MEMBER),
        [
            "content/articles/list-continuation.md:10: attribute 'onclick' on <span> is not "
            "allowed in member articles",
            "content/articles/list-continuation.md:12: attribute 'onclick' on <span> is not "
            "allowed in member articles",
        ],
    ),
    "too-large": (
        "blog/huge.md",
        doc(body="word " * 220_000),
        [
            "content/blog/huge.md:1: the file is 1.1 MB; a document may be at most 1 MB "
            "(CONTENT_MAX_FILE_BYTES): split it into several documents"
        ],
    ),
}


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("attacks"))
    site.write("blog/good.md", doc(body="A good post."))
    picture(site.content / "images" / "map.png", 40, 30)
    assert site.build() is None
    last_good = site.files()
    for relpath, text, _ in CASES.values():
        site.write(relpath, text)
    started = time.monotonic()
    lines = site.build()
    elapsed = time.monotonic() - started
    assert lines is not None, "the build passed with the attacks"
    assert site.files() == last_good
    return site, lines, elapsed


@pytest.mark.parametrize("case", sorted(CASES))
def test_each_attack_gets_its_exact_lines(built, case):
    _, lines, _ = built
    relpath, _, expected = CASES[case]
    assert [line for line in lines if line.startswith(f"content/{relpath}:")] == expected


def test_nothing_else_is_reported(built):
    _, lines, _ = built
    assert set(lines) == {line for _, _, expected in CASES.values() for line in expected}


def test_aliases_cannot_amplify(built):
    # Nine levels of nine aliases are 9**9 values once expanded: refused before anything
    # walks them. (Generous: the whole build of ~20 files, not a timing target.)
    assert built[2] < 60


def test_no_problem_line_can_forge_another(built):
    _, lines, _ = built
    for line in lines:
        assert "\n" not in line and "\r" not in line and "\x00" not in line, line


def test_problem_lines_escape_control_and_direction_characters():
    problem = Problem("content/blog/a\nb.md", 3, "bad 'x\r\n::error::y\u202e\x1b[2J'")
    assert problem.format() == ("content/blog/a\\nb.md:3: bad 'x\\r\\n::error::y\\u202e\\x1b[2J'")
    github = problem.format_github()
    assert "\n" not in github and "\r" not in github
    assert github.startswith("::error file=content/blog/a%0Ab.md,line=3::")


def test_github_annotation_properties_are_escaped():
    problem = Problem("content/blog/a,line=9::x.md", 3, "m")
    assert problem.format_github() == "::error file=content/blog/a%2Cline=9%3A%3Ax.md,line=3::m"


def test_a_recursive_alias_in_a_vocabulary_is_reported_at_its_line(tmp_path):
    site = new_site(tmp_path)
    with open(site.content / "taxonomies" / "topics.yml", "a", encoding="utf-8") as f:
        f.write("loop: &x\n  name: *x\n  description: d\n")
    site.write("blog/good.md", doc())
    lines = site.build()
    total = (site.content / "taxonomies" / "topics.yml").read_text().count("\n")
    assert (
        f"content/taxonomies/topics.yml:{total - 1}: not valid YAML: aliases (*x) are not "
        "allowed: write the value out in full"
    ) in lines
    # With its vocabulary unreadable, the post's topic is unknown too; nothing else.
    assert len(lines) == 2 and "unknown topic 'health'" in lines[0]


def test_the_size_limit_is_a_setting(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/big.md", doc(body="word " * 220_000))
    assert site.build(CONTENT_MAX_FILE_BYTES=2_000_000) is None
    assert site.page("/blog/big/").count("word") > 200_000


def test_a_wrong_size_limit_is_one_settings_line(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/a.md", doc())
    result = site.cli("-e", 'CONTENT_MAX_FILE_BYTES="lots"')
    assert result.returncode == 2
    assert result.stderr.strip().splitlines()[-1] == (
        "settings: CONTENT_MAX_FILE_BYTES must be a whole number of bytes ≥ 1, not 'lots'"
    )


def test_a_control_character_fails_the_command_line_build_without_a_traceback(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/a.md", doc(title='"T\x0bitle"', body="Body\x00."))
    result = site.cli()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert result.stderr.splitlines()[:2] == [
        "content/blog/a.md:2: control character U+000B on this line: delete it (text pasted "
        "from a word processor often carries one)",
        "content/blog/a.md:7: control character U+0000 on this line: delete it (text pasted "
        "from a word processor often carries one)",
    ]


# -- a property: whatever a stranger writes in a title, an author or a picture name -----------

from hypothesis import HealthCheck, given, settings  # noqa: E402
from hypothesis import strategies as st  # noqa: E402

#: Text a stranger might try: markup, quotes, entities, controls, direction marks, escapes.
nasty = st.lists(
    st.one_of(
        st.characters(codec="utf-8"),
        st.sampled_from(list("<>\"'&;:/\\\n\r\t\x00\x0b\x1b\u202e\u2066\u200f\ufffe")),
        st.sampled_from(["<script>", "</title>", "&lt;", "&#11;", "javascript:", '" onload="x']),
    ),
    min_size=1,
    max_size=12,
).map("".join)
SVG = '<svg xmlns="http://www.w3.org/2000/svg" width="4" height="4"><rect width="4"/></svg>'
PROBLEM_LINE = re.compile(r"^content/[^\n]+:\d+: \S[^\n]*$")


@settings(
    max_examples=40,
    deadline=None,
    derandomize=True,
    suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture],
)
@given(
    title=nasty,
    author=nasty,
    picture_name=st.sampled_from(["map.png", "logo.svg"]) | nasty,
    ascii_escapes=st.booleans(),
)
def test_any_title_author_or_picture_gives_a_clean_page_or_problem_lines(
    tmp_path_factory, title, author, picture_name, ascii_escapes
):
    site = new_site(tmp_path_factory.mktemp("property"))
    picture(site.content / "images" / "map.png", 40, 30)
    (site.content / "images" / "logo.svg").write_text(SVG)
    if picture_name not in ("map.png", "logo.svg"):
        # The attack of issue 16: a picture whose name is markup, and that file under images/.
        picture_name += ".svg"
        if "/" not in picture_name and "\x00" not in picture_name and len(picture_name) < 200:
            (site.content / "images" / picture_name).write_text(SVG)
    write = partial(json.dumps, ensure_ascii=ascii_escapes)
    fields = {"title": write(title), "authors": [write(author)], "image": write(picture_name)}
    site.write("articles/a.md", doc(body="Text.", **fields))
    lines = site.build()
    if lines is not None:
        assert lines and all(PROBLEM_LINE.match(line) for line in lines), lines
        return
    page = site.page("/articles/a/")
    tree = lxml.html.fromstring(page)
    # The only scripts are the theme's JSON-LD and its own files; no handler anywhere.
    for script in tree.iter("script"):
        assert script.get("type") == "application/ld+json" or (
            script.get("src", "").startswith("/theme/js/") and not script.text
        ), page
    for element in tree.iter():
        if isinstance(element.tag, str):
            assert not any(name.startswith("on") for name in element.attrib), page
    # What was written is shown as text, whole.
    assert tree.findtext(".//h1").strip() == " ".join(title.split())


def test_markup_in_a_title_and_an_author_is_shown_as_text(tmp_path):
    site = new_site(tmp_path)
    # (Markup itself is refused in titles and names: "markup-in-a-title" above.)
    title, author = "Revenue < 5% & \"quotes\" > <3 'x' &lt;b&gt;", "O'Brien & Ana <3"
    site.write("articles/a.md", doc(title=json.dumps(title), authors=[json.dumps(author)]))
    assert site.build() is None
    tree = lxml.html.fromstring(site.page("/articles/a/"))
    assert tree.findtext(".//h1").strip() == title
    assert author in tree.text_content()
    assert not tree.xpath("//b")


# -- in a real browser ------------------------------------------------------------------------


def test_markup_written_as_text_stays_text_in_search_results(tmp_path, browser):
    """Pagefind's excerpts are HTML; the search page keeps only their text and <mark>s."""
    site = new_site(tmp_path)
    site.write(
        "articles/markup.md",
        doc(
            title='"Gnu &lt;b&gt;"',
            body="The gnuwildebeest wrote &lt;img src=x onerror=\"document.title='pwned'\"&gt; "
            "and `<i onmouseover=x>code</i>` about gnuwildebeest &lt;b&gt;bold&lt;/b&gt;.",
            **MEMBER,
        ),
    )
    assert site.build() is None
    with serve(site.output) as url:
        page = browser.new_page()
        try:
            page.goto(f"{url}/search/?q=gnuwildebeest")
            page.wait_for_selector("#search-results li")
            excerpt = page.locator("#search-results li p").last
            assert "<img src=x" in excerpt.inner_text()
            assert excerpt.locator("img, i, b").count() == 0
            assert excerpt.locator("mark").count() >= 1
            assert page.title() != "pwned"
        finally:
            page.close()


def test_a_picture_named_like_markup_is_refused_and_runs_no_script(tmp_path, browser, monkeypatch):
    """Issue 16's first attack: `image:` naming a picture whose name is markup, that file (a
    name git allows) under content/images/, and the script it would load published too."""
    site = new_site(tmp_path)
    site.write("articles/a.md", doc(body="Text.", **MEMBER))
    site.write("extra/p.js", "document.title = 'pwned';\n")
    assert site.build(CONTENT_EXTRA_ALLOW=["p.js"]) is None
    last_good = site.files()
    name = 'd"><script src="/p.js"></script><x a=".svg'
    site.write(f"images/{name}", SVG)
    site.write("articles/a.md", doc(body="Text.", image=json.dumps(name), **MEMBER))
    shown = f"content/images/{name}"
    assert site.build(CONTENT_EXTRA_ALLOW=["p.js"]) == [
        f"content/articles/a.md:6: image '{name}': the path of a picture may hold only letters "
        "A-Z and a-z, digits, '-', '_', '.' and '/' (rename the picture, and write its new name "
        "here)",
        f"{shown}:1: names of files and folders may hold only letters A-Z and a-z, digits, '-', "
        "'_' and '.', and start with a letter or digit; this path has U+0020 SPACE, U+0022 "
        "QUOTATION MARK, U+003C LESS-THAN SIGN, U+003D EQUALS SIGN, U+003E GREATER-THAN SIGN: "
        "rename it content/images/d-script-src/p.js/script-x-a.svg",
    ]
    assert site.files() == last_good

    # The second line of defence: with the name rule switched off, the name reaches the page
    # only as an escaped attribute value, and the browser runs nothing.
    import re as re_module

    from content_model import uploads, values

    anything = re_module.compile(r"(?s).*")
    monkeypatch.setattr(uploads, "SAFE_NAME", anything)
    monkeypatch.setattr(values, "SAFE_NAME", anything)
    assert site.build(CONTENT_EXTRA_ALLOW=["p.js"], CONTENT_CACHE_DIR="") is None
    with serve(site.output) as url:
        page = browser.new_page()
        try:
            page.goto(f"{url}/articles/a/")
            page.wait_for_load_state("load")
            assert page.title() != "pwned"
            assert page.locator("script[src='/p.js']").count() == 0
            src = page.locator(".lead-picture img").get_attribute("src")
            assert unquote(src) == f"/images/{name}"
        finally:
            page.close()


def test_a_summary_is_text_in_every_feed(tmp_path):
    # RSS's <description> holds HTML: a text summary goes there escaped.
    import feedparser

    site = new_site(tmp_path)
    summary = "</script><script>alert(1)</script> & <b>bold</b>"
    site.write("blog/a.md", doc(summary=json.dumps(summary)))
    assert site.build() is None
    for name in ("feed.xml", "atom.xml"):
        entry = feedparser.parse((site.output / "blog" / name).read_bytes(), sanitize_html=False)
        summary_html = entry.entries[0].summary
        if entry.entries[0].summary_detail.type == "text/html":
            summary_html = lxml.html.fromstring(f"<div>{summary_html}</div>").text_content()
        assert summary_html == summary, name


def test_a_taxonomy_name_with_a_direction_control_is_reported(tmp_path):
    site = new_site(tmp_path)
    with open(site.content / "taxonomies" / "topics.yml", "a", encoding="utf-8") as f:
        f.write('tricky:\n  name: "Budget \u202etxet"\n  description: d\n')
    site.write("blog/good.md", doc())
    total = (site.content / "taxonomies" / "topics.yml").read_text().count("\n")
    assert site.build() == [
        f"content/taxonomies/topics.yml:{total - 2}: the name of 'tricky' holds the invisible "
        "direction control U+202E, which shows the text in another order than it is written: "
        "delete it"
    ]


def test_without_code_blanks_code_and_comments_in_place():
    from content_model.document import without_code

    body = (
        "Text `<b>` and ``a ` b``.\n\n```\n<i>\n```\n\n    <u>\n\n"
        "<!-- <s>\n-->\n- item\n\n  <q>kept</q>"
    )
    masked = without_code(body)
    assert len(masked) == len(body) and masked.count("\n") == body.count("\n")
    for hidden in ("<b>", "a ` b", "<i>", "<u>", "<s>"):
        assert hidden not in masked, hidden
    assert masked.startswith("Text ") and "<q>kept</q>" in masked and "- item" in masked


def test_a_decompression_bomb_named_in_image_is_one_line_at_its_file(tmp_path):
    from PIL import Image

    site = new_site(tmp_path)
    Image.new("1", (11000, 11000)).save(site.content / "images" / "bomb.png")  # 121 Mpx
    site.write("articles/a.md", doc(image="bomb.png", **MEMBER))
    result = site.cli()
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "content/images/bomb.png:1: the picture is too large to publish (more than 89,478,485 "
        "pixels)",
        "1 problem in 1 file; nothing was written and the last good output is unchanged.",
    ]


@pytest.mark.parametrize(
    "text", ["plain\ttab\u00a0nbsp", "a\x0bb", "x\n\x85", "\ufffe", "ok\nok", "\ud800", ""]
)
def test_the_quick_control_character_check_agrees_with_the_expression(text):
    from content_model.frontmatter import CONTROL_CHARACTERS, has_control_characters

    assert has_control_characters(text) == bool(CONTROL_CHARACTERS.search(text))


def test_a_nested_vocabulary_that_libyaml_refuses_is_one_line(tmp_path):
    site = new_site(tmp_path)
    topics = site.content / "taxonomies" / "topics.yml"
    topics.write_text('zz: "\\ud800"\nyy: ' + "[" * 5000 + "]" * 5000 + "\n" + topics.read_text())
    site.write("blog/good.md", doc())
    result = site.cli()
    assert result.returncode == 1 and "Traceback" not in result.stderr
    assert (
        "content/taxonomies/topics.yml:2: not valid YAML: lists and sets of fields are nested "
        "more than 20 levels deep"
    ) in result.stderr.splitlines()
