"""Listings, taxonomy indexes and the home page, asserted on a built site (contract §4)."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from bs4 import BeautifulSoup

from conftest import doc, new_site

NOW = "2025-06-01T12:00:00+00:00"
TOPICS = ["health", "education", "local-revenue", "climate-change"]
REGIONS = ["asia", "sub-saharan-africa", "latin-america-caribbean"]
COUNTRIES = ["KE", "ID", "MD", "BR", "NO"]


def post_fields(i: int) -> dict:
    return {
        "title": f'"Post {i:02d}"',
        "date": str(date(2024, 1, 1) + timedelta(days=3 * i)),
        "topics": [TOPICS[i % 4], TOPICS[(i + 1) % 4]] if i % 3 else [TOPICS[i % 4]],
        "regions": [REGIONS[i % 3]],
        "countries": [COUNTRIES[i % 5]],
    }


WEBINARS = {
    # slug: (event_date, date)
    "past-old": ("2023-03-01T10:00:00+01:00", "2023-02-01"),
    "past-recent": ("2025-05-31T09:00:00-05:00", "2025-05-01"),
    "soon": ("2025-06-02T08:00:00+07:00", "2025-05-20"),
    "later": ("2025-09-15T14:00:00+02:00", "2025-05-21"),
}


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("listings"))
    for i in range(45):
        site.write(f"blog/post-{i:02d}.md", doc(**post_fields(i)))
    for slug, (event, published) in WEBINARS.items():
        site.write(
            f"webinars/{slug}.md",
            doc(title=slug, date=published, event_date=event, topics=["health"], regions=["asia"]),
        )
    site.write(
        "primers/fiscal.md",
        doc(title="Fiscal primer", topics=["fiscal-decentralization"], regions=["global"]),
    )
    site.write(
        "articles/kenya-fr.md",
        doc(
            title="La fiscalité locale au Kenya",
            authors=["Une Membre"],
            lang="fr",
            countries=["KE", "MD"],
            topics=["local-revenue"],
            regions=["sub-saharan-africa"],
        ),
    )
    site.write(
        "articles/arabic.md",
        doc(
            title="اللامركزية في المغرب",
            authors=["عضو"],
            lang="ar",
            countries=["MA"],
            topics=["local-governance"],
            regions=["middle-east-north-africa"],
        ),
    )
    site.write("blog/draft.md", doc(title="Draft post", status="draft", countries=["FR"]))
    assert site.build(LISTINGS_NOW=NOW, LISTINGS_PER_PAGE=20) is None
    return site


def soup(site, url):
    return BeautifulSoup(site.page(url), "html.parser")


def crawl(site, url):
    """The document links of a listing, page after page, following rel=next."""
    links, pages = [], []
    while url is not None:
        page = soup(site, url)
        pages.append(url)
        links += [a["href"] for a in page.select("article.card h3 a")]
        following = page.find("a", rel="next")
        url = following["href"] if following else None
    return links, pages


def published(site):
    """(url, front matter) of every published document, from the content files."""
    result = {}
    for i in range(45):
        result[f"/blog/post-{i:02d}/"] = post_fields(i)
    for slug in WEBINARS:
        result[f"/webinars/{slug}/"] = {"topics": ["health"], "regions": ["asia"]}
    result["/primers/fiscal/"] = {"topics": ["fiscal-decentralization"], "regions": ["global"]}
    result["/articles/kenya-fr/"] = {
        "topics": ["local-revenue"], "regions": ["sub-saharan-africa"], "countries": ["KE", "MD"]
    }  # fmt: skip
    result["/articles/arabic/"] = {
        "topics": ["local-governance"], "regions": ["middle-east-north-africa"],
        "countries": ["MA"],
    }  # fmt: skip
    return result


def test_blog_listing_is_newest_first_and_paginated(site):
    links, pages = crawl(site, "/blog/")
    assert pages == ["/blog/", "/blog/page/2/", "/blog/page/3/"]
    assert links == [f"/blog/post-{i:02d}/" for i in reversed(range(45))]
    assert not (site.output / "blog" / "page" / "4").exists()


def test_pager_has_numbers_and_prev_next(site):
    page = soup(site, "/blog/page/2/")
    pager = page.find("nav", attrs={"aria-label": "Pages"})
    assert [a["href"] for a in pager.find_all("a") if not a.get("rel")] == [
        "/blog/",
        "/blog/page/3/",
    ]
    assert pager.find("a", rel="prev")["href"] == "/blog/"
    assert pager.find("a", rel="next")["href"] == "/blog/page/3/"
    assert pager.find(attrs={"aria-current": "page"}).get_text() == "2"


def test_webinars_upcoming_soonest_first_then_past_latest_first(site):
    links, _ = crawl(site, "/webinars/")
    assert links == [
        "/webinars/soon/", "/webinars/later/", "/webinars/past-recent/", "/webinars/past-old/"
    ]  # fmt: skip
    headings = [h.get_text() for h in soup(site, "/webinars/").find_all("h2")]
    assert headings == ["Upcoming", "Past"]


def test_every_document_is_linked_from_each_of_its_listings(site):
    for url, fields in published(site).items():
        type_listing = "/" + url.strip("/").split("/")[0] + "/"
        assert url in crawl(site, type_listing)[0], (url, type_listing)
        for taxonomy in ("topics", "regions", "countries"):
            for term in fields.get(taxonomy, []):
                listing = f"/{taxonomy}/{term.lower()}/"
                links, _ = crawl(site, listing)
                assert url in links, (url, listing)
                assert links == sorted(set(links), key=links.index)  # no duplicates


def test_term_pages_are_newest_first_with_their_description(site):
    page = soup(site, "/topics/health/")
    assert page.find("h1").get_text() == "Health"
    assert (
        "Local roles in primary health care" in page.find(class_="listing-description").get_text()
    )
    links, _ = crawl(site, "/topics/health/")
    assert links[0] == "/webinars/later/"  # published 2025-05-21, the newest with this topic


@pytest.mark.parametrize("taxonomy", ["topics", "regions", "countries"])
def test_index_counts_match_the_documents(site, taxonomy):
    expected = {}
    for fields in published(site).values():
        for term in fields.get(taxonomy, []):
            expected[term.lower()] = expected.get(term.lower(), 0) + 1
    page = soup(site, f"/{taxonomy}/")
    found = {}
    for item in page.select("ul.term-index > li"):
        link = item.find("a")
        count = int(item.find(class_="count").get_text().strip("()").split()[0])
        if link:
            found[link["href"].rstrip("/").rsplit("/", 1)[1]] = count
        else:
            assert count == 0
    assert found == expected


def test_unused_topics_are_shown_without_a_link_and_get_no_page(site):
    page = soup(site, "/topics/")
    names = {
        li.find(["a", "span"]).get_text(): li.find("a") for li in page.select("ul.term-index > li")
    }
    assert names["Water and sanitation"] is None
    assert not (site.output / "topics" / "water-sanitation").exists()


def test_country_names_in_english_on_site_pages(site):
    page = soup(site, "/countries/")
    names = [li.find("a").get_text() for li in page.select("ul.term-index > li")]
    assert names == sorted(names, key=str.casefold)
    assert {"Kenya", "Moldova", "Brazil", "Indonesia", "Norway", "Morocco"} <= set(names)
    assert "France" not in names  # only a draft names it
    assert soup(site, "/countries/ke/").find("h1").get_text() == "Kenya"


def test_country_names_in_the_documents_language(site):
    fr = soup(site, "/articles/kenya-fr/").find(class_="document-meta")
    assert [a.get_text() for a in fr.select('a[href^="/countries/"]')] == ["Kenya", "Moldavie"]
    assert fr.find("a", href="/countries/md/")["lang"] == "fr"
    ar = soup(site, "/articles/arabic/").find(class_="document-meta")
    assert ar.find("a", href="/countries/ma/").get_text() == "المغرب"


def test_home_shows_upcoming_webinars_not_past_ones(site):
    home = soup(site, "/")
    upcoming = home.find(id="upcoming-heading").parent
    links = [a["href"] for a in upcoming.select("article.card h3 a")]
    assert links == ["/webinars/soon/", "/webinars/later/"]
    assert "/webinars/past-recent/" not in links


def test_home_shows_latest_of_each_type_and_entry_points(site):
    home = soup(site, "/")
    blog = home.find(id="latest-blog").parent
    assert [a["href"] for a in blog.select("article.card h3 a")] == [
        f"/blog/post-{i:02d}/" for i in (44, 43, 42, 41)
    ]
    topics = home.find(id="topics-heading").parent
    assert "/topics/health/" in [a["href"] for a in topics.find_all("a")]
    regions = home.find(id="regions-heading").parent
    assert "/regions/asia/" in [a["href"] for a in regions.find_all("a")]


def test_breadcrumbs_on_listings_and_documents(site):
    def crumbs(url):
        nav = soup(site, url).find("nav", attrs={"aria-label": "Breadcrumb"})
        return [li.get_text(strip=True) for li in nav.find_all("li")]

    assert crumbs("/topics/health/") == ["Home", "Topics", "Health"]
    assert crumbs("/blog/page/2/") == ["Home", "Blog", "Page 2"]
    assert crumbs("/blog/post-03/") == ["Home", "Blog", "Post 03"]
    assert crumbs("/countries/") == ["Home", "Countries"]


def test_webinar_shows_event_time_in_utc_and_with_its_offset(site):
    meta = soup(site, "/webinars/soon/").find(class_="document-meta").get_text(" ", strip=True)
    assert "2 June 2025, 01:00 UTC (08:00 UTC+07:00)" in meta


def test_previous_and_next_in_type(site):
    nav = soup(site, "/blog/post-10/").find("nav", class_="neighbours")
    assert nav.find("a", rel="prev")["href"] == "/blog/post-09/"
    assert nav.find("a", rel="next")["href"] == "/blog/post-11/"
    first = soup(site, "/blog/post-00/").find("nav", class_="neighbours")
    assert first.find("a", rel="prev") is None


def test_related_documents_share_terms(site):
    related = soup(site, "/articles/kenya-fr/").find("section", class_="related")
    links = [a["href"] for a in related.find_all("a")]
    assert 1 <= len(links) <= 4
    for url in links:
        fields = published(site)[url]
        mine = published(site)["/articles/kenya-fr/"]
        shared = {t for tax in ("topics", "regions", "countries") for t in fields.get(tax, [])} & {
            t for tax in ("topics", "regions", "countries") for t in mine.get(tax, [])
        }
        assert shared, url


def test_a_new_topic_needs_no_code(tmp_path):
    site = new_site(tmp_path)
    topics = site.content / "taxonomies" / "topics.yml"
    topics.write_text(
        topics.read_text()
        + "digital-government:\n  name: Digital government\n"
        + "  description: Local e-services and data.\n"
    )
    site.write("blog/e-services.md", doc(title="E-services", topics=["digital-government"]))
    assert site.build() is None
    page = soup(site, "/topics/digital-government/")
    assert page.find("h1").get_text() == "Digital government"
    assert [a["href"] for a in page.select("article.card h3 a")] == ["/blog/e-services/"]
    index = soup(site, "/topics/")
    assert index.find("a", href="/topics/digital-government/")
