"""The newsletter: web page, e-mail HTML and plain text of an issue, from a small site."""

from __future__ import annotations

import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from bs4 import BeautifulSoup

from conftest import ROOT, doc, new_site, picture, project_copy

NOW = "2026-11-20T00:00:00+00:00"
SITE = "http://127.0.0.1:8000"
VNU = ROOT / "node_modules" / "vnu-jar" / "build" / "dist" / "vnu.jar"
IN_PERIOD = {
    "blog/september-post.md": ("September post", {"date": "2026-09-03"}),
    "blog/october-post.md": ("October post", {"date": "2026-10-30T23:00:00-05:00"}),
    "primers/new-primer.md": ("New primer", {"date": "2026-10-01", "level": "introductory"}),
    "primers/updated-primer.md": ("Updated primer", {"date": "2024-01-01", "updated": "2026-09-15",
                                                     "level": "advanced"}),
    "articles/member-view.md": ("Member view", {"date": "2026-09-20", "authors": ["A Member"],
                                                "image": "chart.png"}),
    "webinars/september-recap.md": ("September recap", {"date": "2026-09-25",
                                                        "event_date": "2026-09-22T10:00:00+03:00"}),
}  # fmt: skip
OUTSIDE = {
    "blog/august-post.md": ("August post", {"date": "2026-08-31"}),
    "blog/november-post.md": ("November post", {"date": "2026-11-01"}),
    "blog/draft-in-period.md": ("Draft in period", {"date": "2026-09-10", "status": "draft"}),
    "primers/old-primer.md": ("Old primer", {"date": "2020-01-01", "level": "intermediate"}),
}
UPCOMING = (
    "webinars/coming.md",
    "Coming webinar",
    {"date": "2026-08-01", "event_date": "2027-02-10T14:00:00+01:00"},
)


def write(site):
    picture(site.content / "images" / "chart.png", 800, 400)
    for path, (title, fields) in {**IN_PERIOD, **OUTSIDE}.items():
        site.write(path, doc(title=f'"{title}"', **fields))
    site.write(UPCOMING[0], doc(title=f'"{UPCOMING[1]}"', **UPCOMING[2]))
    site.write(
        "newsletters/2026-09.md",
        '---\ntitle: "Autumn news"\ndate: 2026-11-02\nperiod: 2026-09/2026-10\n---\n'
        "Dear members, an [editor's note](/blog/september-post/).\n",
    )


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("newsletter"))
    write(site)
    assert site.build(LISTINGS_NOW=NOW) is None
    return site


def issue_file(site, name):
    return site.output / "newsletter" / "2026-09" / name


def titles(text):
    return {title for title, _ in IN_PERIOD.values() if title in text}


def test_web_page_lists_the_period_and_what_comes(site):
    page = BeautifulSoup(issue_file(site, "index.html").read_bytes(), "html.parser")
    text = page.get_text(" ")
    assert titles(text) == {t for t, _ in IN_PERIOD.values()}
    for title, _ in OUTSIDE.values():
        assert title not in text
    assert "Coming webinar" in text and "10 February 2027, 13:00 UTC" in text
    assert page.find("a", href="/webinars/coming/event.ics").get_text() == "Add to calendar"
    assert "editor's note" in text


def test_archive_and_its_feed(site):
    archive = BeautifulSoup(site.page("/newsletter/"), "html.parser")
    assert "/newsletter/2026-09/" in [a["href"] for a in archive.select("article.card h3 a")]
    assert "Autumn news" in (site.output / "newsletter" / "feed.xml").read_text()


def test_web_page_is_valid_html(site):
    if not VNU.exists():
        pytest.fail(f"the Nu validator is missing at {VNU}: run `npm ci`")
    result = subprocess.run(
        ["java", "-jar", str(VNU), "--errors-only", "--format", "gnu",
         str(issue_file(site, "index.html"))],
        capture_output=True, text=True, check=False,
    )  # fmt: skip
    assert (result.returncode, result.stdout + result.stderr) == (0, "")


def test_email_is_inlined_absolute_and_script_free(site):
    html = issue_file(site, "email.html").read_text()
    page = BeautifulSoup(html, "html.parser")
    assert not page.find("style") and not page.find("script") and "<link" not in html
    assert "max-width: 600px" in page.find("table", class_="inner")["style"]
    for element in (page.body, page.find("h1"), page.find("h2"), page.find("a")):
        assert element.get("style"), element.name  # CSS inlined by css-inline
    hrefs = [a["href"] for a in page.find_all("a")]
    assert all(h.startswith(SITE + "/") for h in hrefs), hrefs
    assert page.find("a", string="View this newsletter in your browser")["href"] == (
        f"{SITE}/newsletter/2026-09/"
    )
    assert titles(page.get_text(" ")) == {t for t, _ in IN_PERIOD.values()}
    assert "Draft in period" not in html and "November post" not in html
    for img in page.find_all("img"):
        assert img["src"].startswith(SITE + "/") and img.get("width") and img.get("alt")
    assert page.find_all("img")


def test_plain_text_has_every_title_and_link(site):
    text = issue_file(site, "newsletter.txt").read_text()
    for path, (title, _) in IN_PERIOD.items():
        assert f"* {title}" in text
        url = f"{SITE}/{path.split('/')[0].replace('blog', 'blog')}/{Path(path).stem}/"
        assert url in text, url
    assert "Draft in period" not in text and "August post" not in text
    assert f"Add to calendar: {SITE}/webinars/coming/event.ics" in text
    assert "<" not in re.sub(r"<https?://[^>]+>", "", text)  # no HTML left


def test_a_period_with_nothing_published_is_an_error(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/old.md", doc(title="Old", date="2020-01-01"))
    site.write(
        "newsletters/2026-03.md",
        "---\ntitle: Empty\ndate: 2026-05-01\nperiod: 2026-03/2026-04\n---\n",
    )
    assert site.build(LISTINGS_NOW=NOW) == [
        "content/newsletters/2026-03.md:4: nothing was published in March–April 2026: "
        "there is nothing to send for this period"
    ]


def test_a_future_dated_document_waits(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/now.md", doc(title="Published now", date="2026-10-01"))
    site.write("blog/later.md", doc(title="Dated later", date="2026-10-25"))
    site.write(
        "newsletters/2026-10.md",
        "---\ntitle: October\ndate: 2026-10-20\nperiod: 2026-10/2026-10\n---\n",
    )
    assert site.build(LISTINGS_NOW="2026-10-20T00:00:00+00:00") is None
    text = (site.output / "newsletter" / "2026-10" / "newsletter.txt").read_text()
    assert "Published now" in text and "Dated later" not in text


def test_invoke_newsletter_makes_an_issue_or_says_why_not(tmp_path):
    site = project_copy(tmp_path)
    site.write("blog/october.md", doc(title="October news", date="2026-10-05"))
    invoke = Path(sys.executable).parent / "invoke"

    def run(period):
        return subprocess.run([str(invoke), "newsletter", "--period", period], cwd=site.root,
                              capture_output=True, text=True, check=False)  # fmt: skip

    empty = run("2026-03/2026-04")
    assert empty.returncode == 1
    assert "nothing was published in March–April 2026" in empty.stderr
    assert not (site.content / "newsletters" / "2026-03.md").exists()
    made = run("2026-10/2026-10")
    assert made.returncode == 0, made.stderr
    assert "output/newsletter/2026-10/email.html" in made.stdout
    assert "October news" in (site.root / "output/newsletter/2026-10/newsletter.txt").read_text()
    shutil.rmtree(site.root / "output")
