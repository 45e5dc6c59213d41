"""The theme on every page kind: valid HTML (Nu), accessible (axe-core), within its weight
budget, under a strict Content-Security-Policy, in real Chromium, with nothing fetched from a
third party before a reader asks."""

from __future__ import annotations

import gzip
import json
import re
import shutil
import subprocess
import xml.etree.ElementTree as ET
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import doc, new_site, picture, serve

ROOT = Path(__file__).resolve().parent.parent
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
AXE = ROOT / "node_modules" / "axe-core" / "axe.min.js"
BUDGET = 35 * 1024  # bytes, compressed: HTML + CSS + JS of a page, before images

PAGE_KINDS = {
    "home": "/",
    "post": "/blog/local-budgets/",
    "primer": "/primers/what-is-decentralization/",
    "webinar": "/webinars/knowledge-week-asia/",
    "member article": "/articles/property-tax-kenya/",
    "arabic document": "/articles/arabic-note/",
    "french document": "/blog/fiscalite-locale/",
    "page": "/about/",
    "type listing": "/blog/",
    "listing page 2": "/blog/page/2/",
    "webinars listing": "/webinars/",
    "topic index": "/topics/",
    "topic page": "/topics/health/",
    "region page": "/regions/asia/",
    "country index": "/countries/",
    "country page": "/countries/ke/",
    "search": "/search/",
    "feeds": "/feeds/",
    "not found": "/404.html",
    "markup in front matter": "/articles/markup-in-fields/",
}
LONG_BODY = (
    "\n\n".join(
        f"## Part {i}\n\n"
        + "Local governments plan, budget and deliver services to citizens. " * 12
        for i in range(8)
    )
    + "\n\n| Level | Share |\n|:--|--:|\n| Local | 20 % |\n\nA note.[^1]\n\n[^1]: The source.\n"
)


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("theme"))
    picture(site.content / "images" / "council.png", 1600, 900)
    site.write(
        "blog/local-budgets.md",
        doc(title='"Local budgets, explained"', authors=["Jamie Boex"], image="council.png",
            countries=["KE"], body="![A council meeting](/images/council.png)\n\n" + LONG_BODY),
    )  # fmt: skip
    for i in range(25):
        site.write(f"blog/post-{i:02d}.md", doc(title=f"Post {i}", date=f"2023-01-{i + 1:02d}"))
    site.write(
        "primers/what-is-decentralization.md",
        doc(title='"What is decentralization?"', level="introductory", body=LONG_BODY),
    )
    site.write(
        "webinars/knowledge-week-asia.md",
        doc(title='"Knowledge week: Asia"', event_date="2021-09-14T09:00:00+07:00",
            video="https://www.youtube.com/watch?v=dQw4w9WgXcQ", series="Global Webinar Series",
            registrants="250", attendees="120", speakers=["A Speaker", "B Speaker"],
            body="A recap of the week."),
    )  # fmt: skip
    site.write(
        "articles/property-tax-kenya.md",
        doc(title="Property tax in Kenya", authors=["A Member"], affiliation="A University",
            countries=["KE"], regions=["sub-saharan-africa"], body=LONG_BODY),
    )  # fmt: skip
    site.write(
        "articles/arabic-note.md",
        doc(title="اللامركزية المالية في المغرب", authors=["عضو"], lang="ar", countries=["MA"],
            regions=["middle-east-north-africa"], topics=["fiscal-decentralization"],
            body="تتولى الجماعات الترابية تقديم الخدمات.\n\n## الموارد\n\nنص عن الموارد المحلية."),
    )  # fmt: skip
    site.write(
        "blog/fiscalite-locale.md",
        doc(title="La fiscalité locale", lang="fr", countries=["SN", "MD"],
            body="Les communes lèvent des impôts."),
    )  # fmt: skip
    site.write(
        "articles/markup-in-fields.md",
        # Titles and names may not hold markup (refused); what they may hold, and a summary
        # (which may), must still be escaped everywhere.
        doc(title="'The \"last mile\" & <3 &lt;b&gt; in 2024'",
            authors=['"O\'Brien & <5"'], affiliation='"\\"Quotes\\" & <3"',
            summary='"<script>alert(1)</script> <img src=x onerror=alert(2)> '
                    '<iframe src=https://evil.example/> <b>2024</b> & ampersands"',
            body="Text."),
    )  # fmt: skip
    site.write("pages/about.md", "---\ntitle: About the Alliance\nnav_order: 1\n---\nWho we are.\n")
    site.write("pages/privacy.md", "---\ntitle: Privacy\n---\nNo tracking.\n")
    assert site.build() is None
    return site


@pytest.fixture(scope="module")
def base_url(site):
    with serve(site.output) as url:
        yield url


def file_of(site, url: str) -> Path:
    return (
        site.output / (url.strip("/") or "index.html")
        if url.endswith(".html")
        else (site.output / url.strip("/") / "index.html")
    )


def test_nu_validator_finds_no_error_on_any_page_kind(site):
    if not VNU.exists():
        pytest.fail(f"the Nu validator is missing at {VNU}: run `npm ci`")
    if shutil.which("java") is None:
        pytest.fail("java is missing: apt-get install default-jre-headless")
    files = [str(file_of(site, url)) for url in PAGE_KINDS.values()]
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu", *files],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert result.stderr.strip() + result.stdout.strip() == ""
    assert result.returncode == 0


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_axe_finds_no_violation(browser, base_url, kind):
    if not AXE.exists():
        pytest.fail(f"axe-core is missing at {AXE}: run `npm ci`")
    context = browser.new_context(bypass_csp=True)  # axe is injected as an inline script
    page = context.new_page()
    page.goto(base_url + PAGE_KINDS[kind])
    page.add_script_tag(path=str(AXE))
    report = page.evaluate("async () => await axe.run(document)")
    context.close()
    assert [(v["id"], [n["target"] for n in v["nodes"]]) for v in report["violations"]] == []


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_no_csp_violation_and_nothing_from_elsewhere(browser, base_url, kind):
    context = browser.new_context()
    page = context.new_page()
    problems, requests = [], []
    page.on(
        "console",
        lambda m: problems.append(m.text) if "Content Security Policy" in m.text else None,
    )
    page.on("pageerror", lambda error: problems.append(str(error)))
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + PAGE_KINDS[kind])
    page.wait_for_load_state("networkidle")
    if kind == "search":
        page.fill("#search-q", "budget")
        page.press("#search-q", "Enter")
        page.wait_for_function("() => document.getElementById('search-status').textContent"
                               " && !document.getElementById('search-status').textContent"
                               ".startsWith('Searching')")  # fmt: skip
        assert page.locator("#search-results li").count() > 0
    context.close()
    assert problems == []
    assert [url for url in requests if not url.startswith(base_url)] == []


@pytest.mark.parametrize("kind", sorted(PAGE_KINDS))
def test_weight_budget(site, kind):
    """HTML, stylesheet and scripts of the page, gzip-compressed, within the budget."""
    path = file_of(site, PAGE_KINDS[kind])
    page = BeautifulSoup(path.read_bytes(), "html.parser")
    parts = [path.read_bytes()]
    for link in page.find_all("link", rel="stylesheet"):
        parts.append((site.output / link["href"].lstrip("/")).read_bytes())
    for script in page.find_all("script", src=True):
        parts.append((site.output / script["src"].lstrip("/")).read_bytes())
    weight = sum(len(gzip.compress(part, mtime=0)) for part in parts)
    assert weight <= BUDGET, f"{kind}: {weight} bytes"


def test_one_h1_skip_link_and_landmarks_everywhere(site):
    for kind, url in PAGE_KINDS.items():
        page = BeautifulSoup(file_of(site, url).read_bytes(), "html.parser")
        assert len(page.find_all("h1")) == 1, kind
        assert page.find("a", class_="skip-link")["href"] == "#main"
        assert page.find("main", id="main") and page.find("header") and page.find("footer")
        assert page.find("nav", attrs={"aria-label": "Main"}), kind


def test_video_loads_only_when_asked(browser, base_url, site):
    html = BeautifulSoup(file_of(site, PAGE_KINDS["webinar"]).read_bytes(), "html.parser")
    figure = html.find("figure", class_="video")
    assert figure["data-video-id"] == "dQw4w9WgXcQ"
    assert figure.find("a")["href"] == "https://www.youtube.com/watch?v=dQw4w9WgXcQ"
    assert not html.find("iframe")
    context = browser.new_context()
    page = context.new_page()
    requests = []
    page.on("request", lambda request: requests.append(request.url))
    page.goto(base_url + PAGE_KINDS["webinar"])
    page.wait_for_load_state("networkidle")
    assert [url for url in requests if not url.startswith(base_url)] == []
    page.get_by_role("button", name=re.compile("Play the recording")).click()
    frame = page.locator("figure.video iframe")
    assert frame.get_attribute("src").startswith(
        "https://www.youtube-nocookie.com/embed/dQw4w9WgXcQ"
    )
    assert frame.get_attribute("title") == "Recording: Knowledge week: Asia"
    context.close()


def test_without_javascript_the_recording_is_a_link(browser, base_url):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(base_url + PAGE_KINDS["webinar"])
    assert page.get_by_role("link", name="Watch the recording on YouTube").is_visible()
    assert not page.locator(".video-play").is_visible()
    context.close()


def test_pictures_are_responsive(site):
    page = BeautifulSoup(file_of(site, PAGE_KINDS["post"]).read_bytes(), "html.parser")
    body = page.find(class_="document-body")
    picture_element = body.find("picture")
    source = picture_element.find("source", type="image/webp")
    img = picture_element.find("img")
    assert img["loading"] == "lazy" and img["alt"] == "A council meeting"
    assert (img["width"], img["height"]) == ("1440", "810")
    widths = [c.split()[-1] for c in source["srcset"].split(",")]
    assert widths == ["480w", "960w", "1440w"]
    for candidate in source["srcset"].split(",") + img["srcset"].split(","):
        assert (site.output / candidate.split()[0].lstrip("/")).is_file()
    lead = page.find("figure", class_="lead-picture").find("img")
    assert lead.get("fetchpriority") == "high" and "loading" not in lead.attrs


def test_languages_and_directions(site):
    arabic = BeautifulSoup(file_of(site, PAGE_KINDS["arabic document"]).read_bytes(), "html.parser")
    assert (arabic.html["lang"], arabic.html["dir"]) == ("ar", "rtl")
    assert arabic.find("header")["lang"] == "en"
    assert "المغرب" in arabic.find(class_="document-meta").get_text()
    french = BeautifulSoup(file_of(site, PAGE_KINDS["french document"]).read_bytes(), "html.parser")
    assert french.html["lang"] == "fr"
    assert "1 janvier 2024" in french.find(class_="byline").get_text()
    css = (site.output / "theme" / "css" / "site.css").read_text()
    assert not re.search(r"(margin|padding|border)-(left|right)\b", css)  # logical properties


def test_sharing_tags_and_structured_data(site):
    def head(url):
        return BeautifulSoup(file_of(site, url).read_bytes(), "html.parser")

    post = head(PAGE_KINDS["post"])
    assert post.find("link", rel="canonical")["href"] == "http://127.0.0.1:8000/blog/local-budgets/"
    assert post.find("meta", property="og:image")["content"].endswith("/images/council.png")
    assert post.find("meta", attrs={"name": "twitter:card"})["content"] == "summary_large_image"
    data = json.loads(post.find("script", type="application/ld+json").string)
    assert data["@type"] == "BlogPosting" and data["author"] == [
        {"@type": "Person", "name": "Jamie Boex"}
    ]
    event = json.loads(
        head(PAGE_KINDS["webinar"]).find("script", type="application/ld+json").string
    )
    assert event["@type"] == "Event"
    assert event["eventAttendanceMode"] == "https://schema.org/OnlineEventAttendanceMode"
    assert event["startDate"] == "2021-09-14T09:00:00+07:00"
    home = json.loads(head("/").find("script", type="application/ld+json").string)
    assert {node["@type"] for node in home["@graph"]} == {"Organization", "WebSite"}


def test_sitemap_robots_manifest_favicon(site):
    tree = ET.parse(site.output / "sitemap.xml")
    ns = {"s": "http://www.sitemaps.org/schemas/sitemap/0.9"}
    urls = {u.findtext("s:loc", namespaces=ns): u.findtext("s:lastmod", namespaces=ns)
            for u in tree.getroot().findall("s:url", ns)}  # fmt: skip
    assert urls["http://127.0.0.1:8000/blog/local-budgets/"] == "2024-01-01"
    assert "http://127.0.0.1:8000/about/" in urls and "http://127.0.0.1:8000/topics/health/" in urls
    robots = (site.output / "robots.txt").read_text()
    assert "Sitemap: http://127.0.0.1:8000/sitemap.xml" in robots
    manifest = json.loads((site.output / "theme" / "site.webmanifest").read_text())
    for icon in manifest["icons"]:
        assert (site.output / "theme" / icon["src"]).is_file()
    icon = BeautifulSoup(file_of(site, "/").read_bytes(), "html.parser").find("link", rel="icon")
    assert (site.output / icon["href"].lstrip("/")).is_file()
    assert (ROOT / "content" / "extra" / "favicon.ico").is_file()  # the project's, at /favicon.ico
    not_found = BeautifulSoup((site.output / "404.html").read_bytes(), "html.parser")
    assert not_found.find("form", role="search")["action"] == "/search/"


def test_usable_at_320_pixels_and_200_percent_zoom(browser, base_url):
    for width in (320, 640):  # 640 CSS px at 200 % zoom of a 1280 px window
        context = browser.new_context(viewport={"width": width, "height": 800})
        page = context.new_page()
        for url in (PAGE_KINDS["post"], PAGE_KINDS["home"], PAGE_KINDS["search"]):
            page.goto(base_url + url)
            overflow = page.evaluate(
                "() => document.documentElement.scrollWidth - document.documentElement.clientWidth"
            )
            assert overflow <= 0, (width, url, overflow)
        context.close()


def test_front_matter_text_is_escaped_everywhere(site):
    for path in site.output.rglob("*.html"):
        html = path.read_text("utf-8")
        assert "<script>alert(1)" not in html and "<img src=x onerror" not in html, path
        assert "<iframe src=https://evil" not in html and "<b>2024</b>" not in html, path
    page = BeautifulSoup(
        file_of(site, PAGE_KINDS["markup in front matter"]).read_bytes(), "html.parser"
    )
    assert page.find("h1").get_text() == 'The "last mile" & <3 &lt;b&gt; in 2024'
    assert page.find("meta", property="og:title")["content"].startswith('The "last mile" & <3')
    assert page.find("meta", attrs={"name": "description"})["content"].startswith(
        "<script>alert(1)</script>"
    )
    data = json.loads(page.find("script", type="application/ld+json").string)
    assert data["headline"].startswith('The "last mile"')
