"""What a pull request may publish from content/: names, pictures, SVGs, extra files, paths.

Issue 16, items 1 (file names), 2 and 3. Each attack is a real build: a good site is built
once, then each test copies it (output included), adds its attack, builds again and asserts the
exact `file:line: message` lines and that the last good output is byte for byte unchanged.
"""

from __future__ import annotations

import os
import shutil
import time
from pathlib import Path

import pytest
from PIL import Image

from content_model import uploads
from media.images import Picture, Pictures, image_source
from site_build.errors import BuildError

from conftest import ROOT, Site, doc, new_site, picture, serve, snapshot

MEMBER = {"authors": ["A Member"]}

GOOD_SVG = """<?xml version="1.0" encoding="UTF-8"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="120" height="60" viewBox="0 0 120 60">
  <title>A chart</title>
  <defs>
    <linearGradient id="g">
      <stop offset="0" stop-color="#036"/><stop offset="1" stop-color="#9cf"/>
    </linearGradient>
    <rect id="bar" width="10" height="40"/>
  </defs>
  <style>.axis { stroke: #333; fill: url(#g) }</style>
  <use href="#bar" x="10"/><use xlink:href="#bar" x="30" style="fill: url('#g')"/>
  <image width="4" height="4" href="data:image/png;base64,iVBORw0KGgo="/>
  <a href="https://decentralization.net/"><text x="60" y="50">Source</text></a>
</svg>
"""


@pytest.fixture(scope="module")
def good(tmp_path_factory):
    """A site with every kind of file content/images/ and content/extra/ may publish, built."""
    site = new_site(tmp_path_factory.mktemp("good") / "site")
    site.write("blog/post.md", doc(body="A map: ![a map](/images/map.png)", image="map.png"))
    picture(site.content / "images" / "map.png", 600, 400)
    site.write("images/chart.svg", GOOD_SVG)
    shutil.copy(ROOT / "content" / "extra" / "favicon.ico", site.content / "extra" / "favicon.ico")
    site.write("extra/CNAME", "decentralization.net")
    site.write("extra/docs/annex.pdf", b"%PDF-1.4\n%%EOF\n")
    site.write("extra/docs/figures.csv", "a,b\n1,2\n")
    site.write("extra/.well-known/security.txt", "Contact: mailto:security@example.org\n")
    assert site.build() is None
    return site


def attack(good, tmp_path, change, **settings):
    """Copy the good site with its output, make `change(site)`, build: the problem lines.
    The last good output must be untouched."""
    site = Site(tmp_path / "site")
    shutil.copytree(good.root, site.root, symlinks=True)
    before = snapshot(site.output)
    change(site)
    lines = site.build(**settings)
    assert lines is not None, "the attack built"
    assert snapshot(site.output) == before
    return lines


# -- what the good site publishes -------------------------------------------------------------


def test_allowed_kinds_are_published_as_they_are(good):
    out = good.output
    assert (out / "images" / "chart.svg").read_text() == GOOD_SVG
    assert (out / "favicon.ico").is_file()
    assert (out / "CNAME").read_text() == "decentralization.net"
    assert (out / "docs" / "annex.pdf").is_file()
    assert (out / "docs" / "figures.csv").is_file()


def test_well_known_is_published_at_its_address(good):
    text = (good.output / ".well-known" / "security.txt").read_text()
    assert text.startswith("Contact:")


def test_a_setting_names_an_extra_file_the_allow_list_refuses(good, tmp_path):
    site = Site(tmp_path / "site")
    shutil.copytree(good.root, site.root, symlinks=True)
    site.write("extra/google0123abcd.html", "google-site-verification: google0123abcd.html")
    assert site.build() == [
        "content/extra/google0123abcd.html:1: '.html' files are not published from "
        "content/extra/ (a page, script or stylesheet there would run on the site's own "
        "address); it publishes pictures (.jpg .jpeg .png .webp .avif .gif .svg .ico), "
        "documents (.pdf .docx .xlsx .pptx .odt .ods .odp), text (.txt .csv), CNAME and files "
        "in .well-known/. If the team wants this file, the CONTENT_EXTRA_ALLOW setting names "
        "it (docs/settings.md)"
    ]
    assert site.build(CONTENT_EXTRA_ALLOW=["google*.html"]) is None
    assert (site.output / "google0123abcd.html").is_file()


# -- script through uploaded files --------------------------------------------------------------


def test_svg_with_a_script_is_refused_at_its_line(good, tmp_path):
    svg = (
        '<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">\n'
        '  <rect width="10" height="10"/>\n'
        "  <script>alert(document.domain)</script>\n"
        "</svg>\n"
    )
    lines = attack(good, tmp_path, lambda s: s.write("images/logo.svg", svg))
    assert lines == [
        "content/images/logo.svg:3: <script> is not allowed in an SVG picture: it runs script"
    ]


HOSTILE_SVG = """<?xml version="1.0"?>
<!DOCTYPE svg [<!ENTITY big "lol">]>
<?xml-stylesheet type="text/xsl" href="https://evil.example/page.xsl"?>
<svg xmlns="http://www.w3.org/2000/svg" xmlns:xlink="http://www.w3.org/1999/xlink"
     width="10" height="10"
     onload="alert(1)">
  <rect width="10" height="10"
        onclick="alert(2)"/>
  <rect width="5" height="5" onclick="alert(3)"/>
  <foreignObject width="10" height="10"><div xmlns="http://www.w3.org/1999/xhtml"
    onclick="alert(4)">x</div></foreignObject>
  <h:script xmlns:h="http://www.w3.org/1999/xhtml">alert(5)</h:script>
  <use xlink:href="https://evil.example/sprite.svg#a"/>
  <image href="https://tracker.example/pixel.png" width="1" height="1"/>
  <a href="javascript:alert(6)"><text>click</text></a>
  <set attributeName="href" to="javascript:alert(7)"/>
  <style>
    @import url(https://evil.example/x.css);
    rect { fill: url(#ok) }
    text { background: url("https://tracker.example/bg.png") }
  </style>
  <circle r="2" style="fill: url(https://tracker.example/c.png)"/>
</svg>
"""


def test_every_problem_of_an_svg_is_at_its_own_line(good, tmp_path):
    lines = attack(good, tmp_path, lambda s: s.write("extra/badge.svg", HOSTILE_SVG))
    shown = "content/extra/badge.svg"
    why = "an SVG picture may refer only to its own parts ('#id')"
    assert lines == [
        f"{shown}:2: a DOCTYPE is not allowed in an SVG picture (its entities could make "
        "the file huge or read other files): delete it",
        f"{shown}:3: the processing instruction <?xml-stylesheet …?> is not allowed in an "
        "SVG picture (a stylesheet there can turn the picture into a page with script): "
        "delete it",
        f"{shown}:6: the event handler 'onload' is not allowed in an SVG picture: it runs script",
        f"{shown}:8: the event handler 'onclick' is not allowed in an SVG picture: it runs script",
        f"{shown}:9: the event handler 'onclick' is not allowed in an SVG picture: it runs script",
        f"{shown}:10: <foreignObject> is not allowed in an SVG picture: it embeds HTML, "
        "which can run script",
        f"{shown}:12: <script> is an HTML element: HTML is not allowed in an SVG picture "
        "(it can run script)",
        f'{shown}:13: <use href="https://evil.example/sprite.svg#a"> is not allowed: {why}',
        f'{shown}:14: <image href="https://tracker.example/pixel.png"> is not allowed: {why}',
        f'{shown}:15: <a href="javascript:alert(6)"> is not allowed: {why}',
        f"{shown}:16: <set> may not change 'href' (an animation can set it to a script)",
        f"{shown}:18: @import is not allowed in an SVG picture: {why}",
        f"{shown}:18: url(https://evil.example/x.css) is not allowed: {why}",
        f"{shown}:20: url(https://tracker.example/bg.png) is not allowed: {why}",
        f"{shown}:22: url(https://tracker.example/c.png) is not allowed: {why}",
    ]


def test_a_picture_must_be_what_its_ending_says(good, tmp_path):
    def change(site):
        Image.new("RGB", (8, 8)).save(site.content / "images" / "photo.png", "GIF")
        site.write("images/page.png", "<html><script>alert(1)</script></html>")
        site.write("images/p.js", "alert(1)")
        site.write("images/broken.svg", "<html><body>not xml")
        site.write("images/frame.svg", '<html xmlns="http://www.w3.org/1999/xhtml"/>')

    lines = attack(good, tmp_path, change)
    assert lines == [
        "content/images/broken.svg:1: is not a well-formed SVG picture (Premature end of data "
        "in tag body line 1, line 1, column 20)",
        "content/images/frame.svg:1: is not an SVG picture: its first element is <html>, not "
        '<svg xmlns="http://www.w3.org/2000/svg">',
        "content/images/p.js:1: content/images/ holds only pictures (.jpg .jpeg .png .webp "
        ".avif .gif .svg); a file ending in '.js' is not published from there (documents such "
        "as PDFs go in content/extra/)",
        "content/images/page.png:1: is not a PNG picture: its content is not a picture at all "
        "(a file that ends in .png must be a PNG picture)",
        "content/images/photo.png:1: is a GIF picture, not PNG as its ending .png says: "
        "rename it photo.gif",
    ]


def test_extra_refuses_pages_and_scripts(good, tmp_path):
    def change(site):
        site.write("extra/index2.html", "<script>alert(1)</script>")
        site.write("extra/app.js", "alert(1)")
        site.write("extra/.well-known/index.html", "<script>alert(1)</script>")
        site.write("extra/LICENSE", "MIT")

    lines = attack(good, tmp_path, change)
    tail = (
        "not published from content/extra/ (a page, script or stylesheet there would run on "
        "the site's own address); it publishes pictures (.jpg .jpeg .png .webp .avif .gif "
        ".svg .ico), documents (.pdf .docx .xlsx .pptx .odt .ods .odp), text (.txt .csv), "
        "CNAME and files in .well-known/. If the team wants this file, the CONTENT_EXTRA_ALLOW "
        "setting names it (docs/settings.md)"
    )
    assert lines == [
        f"content/extra/.well-known/index.html:1: '.html' files are {tail}",
        f"content/extra/LICENSE:1: files without an ending are {tail}",
        f"content/extra/app.js:1: '.js' files are {tail}",
        f"content/extra/index2.html:1: '.html' files are {tail}",
    ]


# -- names -------------------------------------------------------------------------------------

RULE = (
    "names of files and folders may hold only letters A-Z and a-z, digits, '-', '_' and '.', "
    "and start with a letter or digit; this path"
)


def test_script_through_a_picture_name_is_refused(good, tmp_path):
    name = 'd"><script src="/images/p.js"></script><x a=".svg'

    def change(site):
        site.write(f"images/{name}", GOOD_SVG)
        site.write("articles/lead.md", doc(image=f"'{name}'", **MEMBER))

    lines = attack(good, tmp_path, change)
    assert lines == [
        'content/articles/lead.md:6: image \'d"><script src="/images/p.js"></script><x '
        "a=\".svg': the path of a picture may hold only letters A-Z and a-z, digits, '-', '_', "
        "'.' and '/' (rename the picture, and write its new name here)",
        f"content/images/{name}:1: {RULE} has U+0020 SPACE, U+0022 QUOTATION MARK, U+003C "
        "LESS-THAN SIGN, U+003D EQUALS SIGN, U+003E GREATER-THAN SIGN: rename it "
        "content/images/d-script-src/images/p.js/script-x-a.svg",
    ]


def test_unsafe_names_are_refused_once_with_a_new_name(good, tmp_path):
    def change(site):
        picture(site.content / "images" / "Carte du Moldova.png", 40, 30)
        site.write("extra/-rf.txt", "x")
        site.write("extra/a\nb.txt", "a line break in a name")
        site.write("blog/Über uns.md", doc(slug="ueber-uns"))
        site.write("blog/Notes 2024.md", doc())  # its own problem already says how to rename

    lines = attack(good, tmp_path, change)
    assert lines[:3] == [
        "content/blog/Notes 2024.md:1: the file name 'Notes 2024' is not a valid slug "
        "(lower-case a-z, 0-9, hyphens): rename the file to notes-2024.md or add "
        "'slug: notes-2024'",
        f"content/blog/Über uns.md:1: {RULE} has U+0020 SPACE, 'Ü': rename it "
        "content/blog/uber-uns.md",
        f"content/extra/-rf.txt:1: {RULE} starts with '-': rename it content/extra/rf.txt",
    ]
    # The line break is in the path (problems.py shows it escaped): one line all the same.
    assert len(lines) == 5
    assert lines[3].endswith(f"{RULE} has U+000A: rename it content/extra/a-b.txt")
    assert lines[4] == (
        f"content/images/Carte du Moldova.png:1: {RULE} has U+0020 SPACE: rename it "
        "content/images/Carte-du-Moldova.png"
    )


# -- nothing outside content/ is read, nothing outside the output written -------------------


def test_a_picture_link_cannot_leave_the_site(good, tmp_path):
    secret = tmp_path / "secret.png"  # two folders above content/: outside the project

    def change(site):
        picture(secret, 600, 400)
        shutil.copy(secret, site.content / "extra" / "secret.png")  # so that /secret.png exists
        site.write("blog/evil.md", doc(body="![a](/images/x/../../../../secret.png)"))

    lines = attack(good, tmp_path, change)
    assert lines == [
        "content/blog/evil.md:7: link to /images/x/../../../../secret.png goes above the "
        "site's root with '..': write the path from the root without '..', e.g. "
        "/images/map.png"
    ]
    assert sorted(p.name for p in tmp_path.rglob("secret*")) == ["secret.png", "secret.png"]


def test_an_image_field_cannot_leave_content_images(good, tmp_path):
    def change(site):
        picture(site.content / "secret.png", 40, 30)
        site.write("blog/evil.md", doc(image="images/../../secret.png"))

    lines = attack(good, tmp_path, change)
    assert "content/blog/evil.md:6: image 'images/../../secret.png': '.' and '..' are not " \
        "allowed in the path of a picture; write it from content/images/, e.g. " \
        "moldova-map.jpg" in lines  # fmt: skip


def test_a_static_link_cannot_leave_content(good, tmp_path):
    def change(site):
        (site.root.parent / "secret.txt").write_text("a key")
        site.write("blog/evil.md", doc(body="[key]({static}../../../secret.txt)"))

    lines = attack(good, tmp_path, change)
    assert lines == [
        "content/blog/evil.md:7: link to {static}../../../secret.txt leaves content/ ('..' "
        "goes above it): link only to files under content/"
    ]


LINK = (
    "links under content/ are neither followed nor published; put the file itself here, or "
    "remove the link"
)


def test_a_symlink_to_the_environment_is_refused_without_being_read(good, tmp_path):
    lines = attack(
        good, tmp_path, lambda s: os.symlink("/proc/self/environ", s.content / "extra" / "env.txt")
    )
    assert lines == [f"content/extra/env.txt:1: is a symbolic link (to /proc/self/environ): {LINK}"]


def test_linked_folders_and_documents_are_refused_before_anything_is_read(good, tmp_path):
    outside = tmp_path / "outside"
    outside.mkdir()
    (outside / "leak.md").write_text(doc(title="SECRET-TEXT"))

    def change(site):
        os.symlink("/", site.content / "extra" / "disk")  # Pelican would walk the whole disk
        os.symlink(outside, site.content / "blog" / "more")
        os.symlink(outside / "leak.md", site.content / "primers" / "leak.md")

    started = time.monotonic()
    lines = attack(good, tmp_path, change)
    assert time.monotonic() - started < 30
    assert lines == [
        f"content/blog/more:1: is a symbolic link (to {outside}): {LINK}",
        f"content/extra/disk:1: is a symbolic link (to /): {LINK}",
        f"content/primers/leak.md:1: is a symbolic link (to {outside}/leak.md): {LINK}",
    ]


def test_a_linked_images_folder_is_refused(good, tmp_path):
    def change(site):
        moved = tmp_path / "pictures"
        shutil.move(site.content / "images", moved)
        os.symlink(moved, site.content / "images")

    lines = attack(good, tmp_path, change)
    assert lines == [f"content/images:1: is a symbolic link (to {tmp_path}/pictures): {LINK}"]


def test_the_command_line_prints_one_line_per_link_and_no_traceback(good, tmp_path):
    site = Site(tmp_path / "site")
    shutil.copytree(good.root, site.root, symlinks=True)
    before = snapshot(site.output)
    os.symlink("/proc/self/environ", site.content / "extra" / "env.txt")
    result = site.cli()
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"content/extra/env.txt:1: is a symbolic link (to /proc/self/environ): {LINK}" in (
        result.stderr.splitlines()
    )
    assert snapshot(site.output) == before


# -- the resizer: a second line of defence ---------------------------------------------------


def test_the_resizer_reads_only_files_under_content_images(tmp_path):
    content = tmp_path / "content"
    picture(content / "images" / "map.png", 600, 400)
    picture(tmp_path / "secret.png", 600, 400)
    os.symlink(tmp_path / "secret.png", content / "images" / "linked.png")
    pictures = Pictures(str(content), str(tmp_path / "cache"))
    assert pictures.get("images/map.png") is not None
    for source in ("images/../../secret.png", "../secret.png", "images/linked.png",
                   "images/./map.png", "extra/../images/map.png"):  # fmt: skip
        assert pictures.get(source) is None, source
    assert image_source("/images/x/../../../../secret.png", "") is None
    assert image_source("/images/a/../map.png", "") == "images/map.png"


def test_the_resizer_writes_nothing_outside_the_variants(tmp_path):
    content = tmp_path / "content"
    picture(content / "images" / "map.png", 600, 400)
    pictures = Pictures(str(content), str(tmp_path / "cache"))
    pictures.known["images/../../x.png"] = Picture("images/../../x.png", 600, 400, "PNG")
    output = tmp_path / "out"
    with pytest.raises(BuildError, match="is no longer a file under content/images/"):
        pictures.write_variants(str(output))
    assert not list(tmp_path.rglob("x-*"))


# -- pure helpers ------------------------------------------------------------------------------


def test_a_good_svg_has_no_problem():
    assert uploads.svg_problems(GOOD_SVG.encode()) == []


def test_entities_are_never_expanded():
    laughs = (
        b'<?xml version="1.0"?><!DOCTYPE svg [<!ENTITY a "aaaaaaaaaa">'
        b'<!ENTITY b "&a;&a;&a;&a;&a;&a;&a;&a;&a;&a;">]>\n'
        b'<svg xmlns="http://www.w3.org/2000/svg">&b;</svg>'
    )
    assert [line for line, _ in uploads.svg_problems(laughs)] == [1, 2]


def test_css_that_could_load_or_hide_is_found():
    found = [m for _, m in uploads.css_problems("a{b:\\75rl(x)} c{d:image-set('x.png' 1x)}")]
    assert found == [
        "CSS escapes ('\\') are not allowed in an SVG picture's styles",
        "image-set() is not allowed in an SVG picture: an SVG picture may refer only to its "
        "own parts ('#id')",
    ]
    assert uploads.css_problems("a { fill: url( '#g' ) }") == []


@pytest.mark.parametrize(
    ("name", "document", "safe"),
    [
        ("Carte du Moldova.png", False, "Carte-du-Moldova.png"),
        ("Über uns.md", True, "uber-uns.md"),
        ("-rf", False, "rf"),
        ("a\nb.txt", False, "a-b.txt"),
        ('x.p"ng', False, "x.png"),
        ("„“.pdf", False, "file.pdf"),
    ],
)
def test_safe_segment(name, document, safe):
    assert uploads.safe_segment(name, document) == safe
    assert uploads.SAFE_NAME.match(safe)


def test_printable_shows_control_and_direction_characters_as_code_points():
    assert uploads.printable("a\nb\u202ec\x00 d") == "a<U+000A>b<U+202E>c<U+0000> d"


def test_a_wrong_extra_allow_setting_is_one_settings_line(tmp_path, capsys):
    from content_model.settings import plugin_settings
    from site_build.settings import SettingsError

    with pytest.raises(SettingsError):
        plugin_settings({"PATH": str(tmp_path), "CONTENT_EXTRA_ALLOW": ["../x.html"]})
    assert capsys.readouterr().err == (
        "settings: CONTENT_EXTRA_ALLOW: each item must be a path under content/extra/ such as "
        "'google0123.html' (no '/' first, no '..'), not '../x.html'\n"
    )


def test_a_hidden_file_is_still_ignored(good, tmp_path):
    site = Site(tmp_path / "site")
    shutil.copytree(good.root, site.root, symlinks=True)
    site.write("images/.DS_Store", b"\0\0\0\1Bud1")
    site.write("extra/.htaccess", "Options +Indexes")
    assert site.build() is None
    assert not (site.output / ".htaccess").exists()
    assert not Path(site.output / "images" / ".DS_Store").exists()


# -- the review of issue 16: holes found after the first fixes --------------------------------

WHY = "an SVG picture may refer only to its own parts ('#id')"

ANIMATED_LINKS_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="100" height="100"
     xmlns:xlink="http://www.w3.org/1999/xlink" xmlns:q="http://www.w3.org/1999/xlink">
  <a><set attributeName="xlink:href" to="javascript:alert(1)"/><text y="10">a</text></a>
  <a><set attributeName="q:href" to="javascript:alert(2)"/><text y="20">b</text></a>
  <a href="#x"><animate attributeName=" xlink:href " from="javascript:alert(3)"
       to="javascript:alert(3)" dur="10s"/><text y="30">c</text></a>
  <a><animate attributeName="xlink:href" values="javascript:alert(4)" fill="freeze"/></a>
  <a href="#x"><set attributeName="xlink:onclick" to="alert(5)"/></a>
  <rect width="5" height="5"><set attributeName="q:style" to="fill:red"/></rect>
  <rect width="5" height="5"><discard attributeName="q:href"/></rect>
  <rect width="5" height="5">
    <animateTransform attributeName="transform" type="rotate" from="0" to="90" dur="1s"/>
    <animate attributeName="fill" values="red;blue" dur="1s"/>
  </rect>
</svg>
"""


def test_an_animation_of_a_link_is_refused_whatever_the_prefix(good, tmp_path):
    """`_local()` took `{namespace}` off `attributeName`, not a prefix: `xlink:href` (or any
    prefix bound to xlink) went through, and Chromium ran the link's script on a click."""
    lines = attack(good, tmp_path, lambda s: s.write("images/anim.svg", ANIMATED_LINKS_SVG))
    shown = "content/images/anim.svg"
    why = "(an animation can set it to a script)"
    assert lines == [
        f"{shown}:3: <set> may not change 'xlink:href' {why}",
        f"{shown}:4: <set> may not change 'q:href' {why}",
        f"{shown}:5: <animate> may not change 'xlink:href' {why}",
        f"{shown}:7: <animate> may not change 'xlink:href' {why}",
        f"{shown}:8: <set> may not change 'xlink:onclick' {why}",
        f"{shown}:9: <set> may not change 'q:style' {why}",
        f"{shown}:10: <discard> may not change 'q:href' {why}",
    ]


LIVE_LINK_SVG = (
    '<svg xmlns="http://www.w3.org/2000/svg" xmlns:q="http://www.w3.org/1999/xlink" '
    'width="200" height="100"><a><set attributeName="q:href" to="javascript:alert(1)"/>'
    '<text x="10" y="60" font-size="50">click</text></a></svg>'
)


def _dialogs_on_click(browser, url: str) -> tuple[int, list[str]]:
    page = browser.new_page()
    dialogs: list[str] = []
    page.on("dialog", lambda d: (dialogs.append(d.message), d.dismiss()))
    try:
        response = page.goto(url)
        if response.status == 200:
            page.wait_for_timeout(300)
            page.click("text", timeout=3000)
            page.wait_for_timeout(500)
        return response.status, dialogs
    finally:
        page.close()


def test_an_animated_link_that_runs_script_in_chromium_is_refused(good, tmp_path, browser):
    # The attack is real: the SVG served as it is runs its script when the link is clicked.
    raw = tmp_path / "raw"
    raw.mkdir()
    (raw / "p.svg").write_text(LIVE_LINK_SVG)
    with serve(raw) as url:
        assert _dialogs_on_click(browser, f"{url}/p.svg") == (200, ["1"])
    # Through the build: refused at its line, and the site as it was has no such picture.
    lines = attack(good, tmp_path, lambda s: s.write("images/p.svg", LIVE_LINK_SVG))
    assert lines == [
        "content/images/p.svg:1: <set> may not change 'q:href' (an animation can set it to a "
        "script)"
    ]
    with serve(tmp_path / "site" / "output") as url:
        assert _dialogs_on_click(browser, f"{url}/images/p.svg") == (404, [])


STYLE_SVG = """<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10">
  <style><!--c-->@import url(https://evil.example/a.css);</style>
  <style>a{}<!-- c -->rect{fill:url(https://evil.example/b.svg#a)}</style>
  <style><x:y xmlns:x="urn:a"/>rect{fill:url(https://evil.example/c.svg#a)}</style>
  <style><![CDATA[a{}]]><!--x--><![CDATA[@import "https://evil.example/d.css";]]></style>
  <style>a{}
    <!-- a comment
    on two lines -->
    @im<!---->port "https://evil.example/e.css";
  </style>
  <style>.ok { fill: url(#g) } /* a CSS comment */</style>
</svg>
"""


def test_the_whole_text_of_a_style_is_checked(good, tmp_path):
    """A browser takes a style from all of its text; only the text before the first comment
    or element was checked."""
    lines = attack(good, tmp_path, lambda s: s.write("images/styled.svg", STYLE_SVG))
    shown = "content/images/styled.svg"
    comment = (
        "a comment inside <style> is not allowed in an SVG picture (it would hide part of the "
        "style from this check): use a CSS comment /* … */"
    )
    imports = f"@import is not allowed in an SVG picture: {WHY}"
    assert lines == [
        f"{shown}:2: {imports}",
        f"{shown}:2: {comment}",
        f"{shown}:2: url(https://evil.example/a.css) is not allowed: {WHY}",
        f"{shown}:3: {comment}",
        f"{shown}:3: url(https://evil.example/b.svg#a) is not allowed: {WHY}",
        f"{shown}:4: <y> inside <style> is not allowed in an SVG picture: a style holds only text",
        f"{shown}:4: url(https://evil.example/c.svg#a) is not allowed: {WHY}",
        f"{shown}:5: {imports}",
        f"{shown}:5: {comment}",
        f"{shown}:7: {comment}",
        f"{shown}:9: {imports}",
        f"{shown}:9: {comment}",
    ]


def test_a_very_wide_or_very_flat_picture_gets_its_variants(site):
    """2000 by 1: 0.24 pixels high at 480 wide was a height of 0 and a Pillow traceback."""
    picture(site.content / "images" / "wide.png", 2000, 1)
    picture(site.content / "images" / "tall.png", 1, 900)
    body = "![a](/images/wide.png) ![b](/images/tall.png)"
    site.write("blog/post.md", doc(body=body, image="wide.png"))
    assert site.build() is None
    variants = site.output / "images" / "_variants"
    assert sorted(p.name for p in variants.iterdir()) == [
        "tall-1.png", "tall-1.webp",
        "wide-1440.png", "wide-1440.webp", "wide-480.png", "wide-480.webp",
        "wide-960.png", "wide-960.webp",
    ]  # fmt: skip
    with Image.open(variants / "wide-480.webp") as image:
        assert image.size == (480, 1)
    page = site.page("blog/post/")
    assert 'src="/images/_variants/wide-1440.png" ' in page
    assert 'width="1440" height="1"' in page
    assert Picture("images/w.png", 2000, 1, "PNG").height_at(480) == 1


TOO_LARGE = f"the picture is too large to publish (more than {Image.MAX_IMAGE_PIXELS:,} pixels)"


def test_a_decompression_bomb_is_one_line(good, tmp_path):
    """A 1-bit PNG of 30,000 by 30,000 pixels: 110 KB on disk, 900 million pixels decoded. The
    resizer measured it before the uploads check, and Pillow's error ended the build."""

    def change(site):
        bomb = site.content / "images" / "bomb.png"
        Image.new("1", (30000, 30000)).save(bomb)
        assert bomb.stat().st_size < 200_000
        site.write("blog/bomb.md", doc(body="![a](/images/bomb.png)"))

    lines = attack(good, tmp_path, change)
    assert lines == [f"content/images/bomb.png:1: {TOO_LARGE}"]


def test_a_picture_past_pillows_warning_is_one_line_and_no_warning(good, tmp_path):
    """11,000 by 11,000 (121 million pixels) is past the limit where Pillow warns and short of
    the one where it refuses: its warning was printed, `warnings.warn(` and all."""
    site = Site(tmp_path / "site")
    shutil.copytree(good.root, site.root, symlinks=True)
    before = snapshot(site.output)
    Image.new("1", (11000, 11000)).save(site.content / "images" / "big.png")
    site.write("blog/big.md", doc(body="![a](/images/big.png)"))
    result = site.cli()
    assert result.stderr.splitlines() == [
        f"content/images/big.png:1: {TOO_LARGE}",
        "1 problem in 1 file; nothing was written and the last good output is unchanged.",
    ]
    assert result.returncode == 1
    assert snapshot(site.output) == before


def test_a_name_too_long_for_its_variants_is_refused_with_a_shorter_one(good, tmp_path):
    """248 characters is a safe name, but its variant `…-480.webp` is past the 255 bytes that
    file systems allow: the build ended with `output: could not write …: File name too long`."""
    name = "a" * 244 + ".png"

    def change(site):
        picture(site.content / "images" / name, 600, 400)
        site.write("blog/long.md", doc(body=f"![a](/images/{name})"))
        site.write(f"extra/{'b' * 101}/x.pdf", b"%PDF-1.4\n%%EOF\n")

    lines = attack(good, tmp_path, change)
    rule = (
        "names of files and folders may be at most 100 characters long (the build adds to them, "
        "and file systems allow 255); this path has a name of"
    )
    assert lines == [
        f"content/extra/{'b' * 101}/x.pdf:1: {rule} 101: rename it content/extra/{'b' * 100}/x.pdf",
        f"content/images/{name}:1: {rule} 248: rename it content/images/{'a' * 96}.png",
    ]
    assert uploads.shorter_segment("Ab-" * 40 + ".svg") == "Ab-" * 31 + "Ab.svg"


def test_a_tall_picture_gets_variants_webp_can_hold(tmp_path):
    from PIL import Image

    site = new_site(tmp_path)
    Image.new("RGB", (500, 20000), (10, 120, 200)).save(site.content / "images" / "tall.png")
    site.write("blog/a.md", doc(body="![An infographic](/images/tall.png)", image="tall.png"))
    assert site.build() is None
    variants = sorted(p.name for p in (site.output / "images" / "_variants").iterdir())
    assert variants == ["tall-409.png", "tall-409.webp"]
    with Image.open(site.output / "images" / "_variants" / "tall-409.webp") as webp:
        assert webp.size == (409, 16360)


def test_a_picture_too_tall_for_any_width_is_one_line(tmp_path):
    from PIL import Image

    site = new_site(tmp_path)
    Image.new("L", (1, 20000)).save(site.content / "images" / "thread.png")
    site.write("blog/a.md", doc(body="![A thread](/images/thread.png)"))
    assert site.build() == [
        "content/images/thread.png:1: the picture is too tall for its width to publish (20000 "
        "pixels high for 1 wide: at most 16383 times its width)"
    ]


@pytest.mark.parametrize(
    "attribute",
    [
        'fill="\\75rl(https://evil.example/f.svg#a)"',
        'filter="\\75 rl(https://evil.example/f.svg#a)"',
        "cursor=\"image-set('https://evil.example/c.png' 1x), auto\"",
    ],
)
def test_css_in_any_svg_attribute_is_checked(attribute):
    svg = f'<svg xmlns="{uploads.SVG_NS}"><rect width="4" height="4" {attribute}/></svg>'
    assert uploads.svg_problems(svg.encode()), attribute


def test_an_animation_to_a_css_value_is_checked():
    svg = (
        f'<svg xmlns="{uploads.SVG_NS}"><rect width="4" height="4">'
        '<set attributeName="cursor" to="-webkit-image-set(\'https://evil.example/c.png\' 1x)"/>'
        '</rect><path d="M0 0L4 4" transform="rotate(45 2 2)" fill="url(#g)"/></svg>'
    )
    assert [line for line, _ in uploads.svg_problems(svg.encode())] == [1]
