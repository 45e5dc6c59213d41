"""A good site builds: every type at its contract URL, Markdown as specified, drafts unpublished."""

from __future__ import annotations

import re
import time

import pytest
from bs4 import BeautifulSoup

from conftest import doc, new_site

WEBINAR = doc(
    title='"Knowledge week: Asia"',
    date="2021-10-01",
    event_date="2021-09-14T09:00:00+07:00",
    topics=["fiscal-decentralization", "local-governance"],
    regions=["asia"],
    countries=["ID", "NO"],
    series="Global Webinar Series 2021/22",
    registrants="250",
    attendees="120",
)
POST = (
    "---\n"
    'title: "Territorial-administrative reform in Moldova"\n'
    "date: 2022-11-17T14:00:00+02:00\n"
    "authors: [Jamie Boex, Ana Popescu]\n"
    "topics: [territorial-reform, local-governance]\n"
    "regions: [europe-central-asia]\n"
    "countries: [MD]\n"
    "---\n"
    "What the 2022 debate in Moldova teaches about *amalgamation*, with a note[^1].\n\n"
    "## A heading\n\n"
    "| Level | Share |\n|:------|------:|\n| Local | 20 % |\n\n"
    "```python\nprint('budget')\n```\n\n"
    "See [the primer]({filename}/primers/what-is-decentralization.md) and "
    "[the webinar](/webinars/knowledge-week-asia/).\n\n"
    "[^1]: The footnote.\n"
)


@pytest.fixture(scope="module")
def built(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("good"))
    site.write("blog/moldova-reform.md", POST)
    site.write(
        "primers/what-is-decentralization.md",
        doc(title="What is decentralization?", level="introductory", summary="A short primer."),
    )
    site.write("webinars/knowledge-week-asia.md", WEBINAR)
    site.write(
        "articles/property-tax.md",
        doc(title="Property tax in Kenya", authors=["A Member"], affiliation="A University"),
    )
    site.write("pages/about.md", "---\ntitle: About the Alliance\nnav_order: 1\n---\nWho we are.\n")
    site.write("blog/renamed.md", doc(title="Slug from the field", slug="a-better-slug"))
    site.write("blog/secret-plan.md", doc(title="Secret plan", status="draft"))
    site.write("pages/draft-page.md", "---\ntitle: Unfinished\nstatus: draft\n---\nNot yet.\n")
    crlf = doc(title="Windows line endings", body="Line one.\r\n\r\nLine two.").replace(
        "\n", "\r\n"
    )
    site.write("blog/crlf.md", ("\ufeff" + crlf).encode("utf-8"))
    site.write(
        "blog/arabic.md",
        doc(title="اللامركزية المالية", lang="ar", body="نص عربي عن اللامركزية."),
    )
    assert site.build() is None
    return site


def soup(site, url):
    return BeautifulSoup(site.page(url), "html.parser")


@pytest.mark.parametrize(
    ("url", "title"),
    [
        ("/blog/moldova-reform/", "Territorial-administrative reform in Moldova"),
        ("/primers/what-is-decentralization/", "What is decentralization?"),
        ("/webinars/knowledge-week-asia/", "Knowledge week: Asia"),
        ("/articles/property-tax/", "Property tax in Kenya"),
        ("/about/", "About the Alliance"),
        ("/blog/a-better-slug/", "Slug from the field"),
        ("/blog/crlf/", "Windows line endings"),
    ],
)
def test_every_type_publishes_at_its_contract_url_with_its_title_in_h1(built, url, title):
    page = soup(built, url)
    assert [h.get_text() for h in page.find_all("h1")] == [title]


def test_slug_field_replaces_the_file_name(built):
    assert not (built.output / "blog" / "renamed").exists()


def test_drafts_are_never_written_or_linked(built):
    files = built.files()
    assert not [name for name in files if "secret-plan" in name or "draft-page" in name]
    for name, data in files.items():
        assert b"secret-plan" not in data and b"Secret plan" not in data, name
        assert b"Unfinished" not in data, name


def test_draft_preview_flag_writes_drafts_but_never_lists_them(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/secret-plan.md", doc(title="Secret plan", status="draft"))
    site.write("blog/public.md", doc(title="Public"))
    assert site.build(CONTENT_DRAFTS_PREVIEW=True) is None
    page = soup(site, "/blog/secret-plan/")
    assert "Draft preview" in page.get_text()
    assert b"secret-plan" not in (site.output / "index.html").read_bytes()


def test_dates_keep_their_offset_and_bare_dates_are_midnight_utc(built):
    post = soup(built, "/blog/moldova-reform/")
    assert post.find("time")["datetime"] == "2022-11-17T14:00:00+02:00"
    primer = soup(built, "/primers/what-is-decentralization/")
    assert primer.find("time")["datetime"] == "2024-01-01T00:00:00+00:00"
    webinar = soup(built, "/webinars/knowledge-week-asia/")
    assert "2021-09-14T09:00:00+07:00" in [t["datetime"] for t in webinar.find_all("time")]


def test_markdown_tables_footnotes_code_and_heading_ids(built):
    body = soup(built, "/blog/moldova-reform/").find(class_="document-body")
    assert body.find("table").find("th", class_="align-left")
    assert body.find("td", class_="align-right")
    assert body.find("div", class_="footnote")
    assert body.find("sup", id="fnref:1")
    assert body.find("div", class_="highlight").find("span", class_="nb")
    assert body.find("h2", id="a-heading")
    assert body.find("em").get_text() == "amalgamation"


def test_no_inline_styles_anywhere(built):
    for name, data in built.files().items():
        if name.endswith(".html"):
            assert b"style=" not in data, name
            assert b"<style" not in data, name


def test_filename_links_become_urls(built):
    links = [a["href"] for a in soup(built, "/blog/moldova-reform/").find_all("a")]
    assert "/primers/what-is-decentralization/" in links
    assert "/webinars/knowledge-week-asia/" in links


def test_authors_all_shown(built):
    text = soup(built, "/blog/moldova-reform/").get_text()
    assert "Jamie Boex, Ana Popescu" in text


def test_norway_stays_a_country_code(built):
    links = [a["href"] for a in soup(built, "/webinars/knowledge-week-asia/").find_all("a")]
    assert "/countries/id/" in links
    assert "/countries/no/" in links


def test_summary_is_given_or_the_first_paragraph(built):
    primer = soup(built, "/primers/what-is-decentralization/")
    assert primer.find("meta", attrs={"name": "description"})["content"] == "A short primer."
    post = soup(built, "/blog/moldova-reform/")
    description = post.find("meta", attrs={"name": "description"})["content"]
    assert description == (
        "What the 2022 debate in Moldova teaches about amalgamation, with a note."
    )


def test_bom_and_crlf_files_read_like_any_other(built):
    body = soup(built, "/blog/crlf/").find(class_="document-body")
    assert [p.get_text() for p in body.find_all("p")] == ["Line one.", "Line two."]


def test_arabic_document_is_marked_right_to_left(built):
    page = soup(built, "/blog/arabic/")
    assert (page.html["lang"], page.html["dir"]) == ("ar", "rtl")
    # The site's own navigation stays English, left to right.
    header = page.find("header")
    assert (header["lang"], header["dir"]) == ("en", "ltr")
    assert page.find("aside")["lang"] == "en"


def test_home_lists_published_documents_of_each_type(built):
    home = (built.output / "index.html").read_text("utf-8")
    for url in (
        "/blog/moldova-reform/",
        "/primers/what-is-decentralization/",
        "/webinars/knowledge-week-asia/",
        "/articles/property-tax/",
    ):
        assert f'href="{url}"' in home


def test_a_file_of_several_megabytes_builds_when_the_limit_allows_it(tmp_path):
    site = new_site(tmp_path)
    paragraph = (
        "Fiscal decentralization assigns revenues and spending to local governments; "
        "**intergovernmental transfers** close the gap. " * 8
    )
    sections = [f"## Section {i}\n\n{paragraph}\n\n- item one\n- item two\n" for i in range(3000)]
    body = "\n".join(sections)
    site.write("primers/long.md", doc(title="A very long primer", body=body))
    size = (site.content / "primers" / "long.md").stat().st_size
    assert size > 3_000_000
    started = time.monotonic()
    assert site.build(CONTENT_MAX_FILE_BYTES=5_000_000) is None
    elapsed = time.monotonic() - started
    html = site.page("/primers/long/")
    assert html.count("<h2") == 3000
    assert re.search(r'id="section-2999"', html)
    assert elapsed < 120  # a sanity bound against a runaway, not a speed target


def test_extra_files_keep_their_folders(tmp_path):
    site = new_site(tmp_path)
    site.write("blog/x.md", doc(body="See [the annex](/docs/annex.txt)."))
    site.write("extra/docs/annex.txt", "annex")
    site.write("extra/docs/other.txt", "other")
    site.write("extra/CNAME", "decentralization.net")
    assert site.build() is None
    assert (site.output / "docs" / "annex.txt").read_text() == "annex"
    assert (site.output / "docs" / "other.txt").read_text() == "other"
    assert (site.output / "CNAME").read_text() == "decentralization.net"
