"""Feeds and the webinar calendar, parsed by the real libraries readers' software uses."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from datetime import date, datetime

import feedparser
import icalendar
import pytest
from bs4 import BeautifulSoup
from feed_rules import atom_problems, ics_problems, rss_problems
from lxml import etree

from conftest import doc, new_site, picture

SITEURL = "https://decentralization.net"
NOW = "2025-06-01T00:00:00+00:00"
LAST = "The last paragraph of the Moldova post, which a feed must carry."

MOLDOVA = (
    "---\n"
    'title: "Territorial reform in Moldova"\n'
    "date: 2022-11-17T14:00:00+02:00\n"
    "updated: 2023-01-05T09:30:00+02:00\n"
    "authors: [Jamie Boex, Ana Popescu, Ion Rusu]\n"
    "summary: What the 2022 debate teaches about amalgamation.\n"
    "topics: [territorial-reform, local-governance]\n"
    "regions: [europe-central-asia]\n"
    "countries: [MD]\n"
    "---\n"
    "A first paragraph with [a relative link](../other-post/) and ![a map](/images/map.png).\n\n"
    "## Details\n\nMore text, see [the primer]({filename}/primers/basics.md).\n\n"
    f"{LAST}\n"
)
WEBINARS = {
    "asia": "2021-09-14T09:00:00+07:00",
    "africa": "2021-12-07T14:00:00Z",
    "lac": "2022-07-12T10:00:00-05:00",
    "nepal": "2022-03-03T16:15:00+05:45",
    "iran": "2025-08-01T10:30:00+03:30",
}


def write_site(site, moldova_title="Territorial reform in Moldova"):
    picture(site.content / "images" / "map.png", 1000, 600)
    site.write("blog/moldova.md", MOLDOVA.replace("Territorial reform in Moldova", moldova_title))
    site.write("blog/other-post.md", doc(title="Other post", date="2023-03-01", authors=["Solo"]))
    site.write("primers/basics.md", doc(title="Basics", date="2021-01-01T08:00:00-03:00"))
    site.write(
        "articles/member.md",
        doc(title="Member view", authors=["A Member"], affiliation="A University",
            countries=["KE"], regions=["sub-saharan-africa"]),
    )  # fmt: skip
    for slug, event in WEBINARS.items():
        extra = {"duration": "60"} if slug == "nepal" else {}
        if slug == "asia":
            extra["video"] = "https://www.youtube.com/watch?v=abc123"
        site.write(
            f"webinars/{slug}.md",
            doc(title=f'"Knowledge week: {slug}"', date="2021-06-01", event_date=event,
                summary=f"Recap of the {slug} week.", **extra),
        )  # fmt: skip
    site.write("blog/draft.md", doc(title="Secret draft", status="draft", countries=["KE"]))
    draft_webinar = doc(
        title="Draft webinar", status="draft", event_date="2025-07-01T10:00:00+00:00"
    )
    site.write("webinars/draft-webinar.md", draft_webinar)


def build(site, **settings):
    assert site.build(FEEDS_SITEURL=SITEURL, LISTINGS_NOW=NOW, **settings) is None


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    site = new_site(tmp_path_factory.mktemp("feeds"))
    write_site(site)
    build(site)
    return site


def feeds_of(site):
    return sorted(p for p in site.output.rglob("*.xml") if p.name in ("feed.xml", "atom.xml"))


def parse(path):
    # Unsanitized: feedparser's own cleaning (a reader's) drops srcset, which we check.
    return feedparser.parse(path.read_bytes(), sanitize_html=False)


def test_every_listing_has_both_feeds(site):
    names = {str(p.relative_to(site.output)) for p in feeds_of(site)}
    for listing in ("", "blog/", "primers/", "webinars/", "articles/", "topics/health/",
                    "topics/territorial-reform/", "regions/europe-central-asia/",
                    "countries/md/", "countries/ke/"):  # fmt: skip
        assert f"{listing}feed.xml" in names
        assert f"{listing}atom.xml" in names


def test_every_feed_parses_cleanly_and_is_the_right_format(site):
    paths = feeds_of(site)
    assert len(paths) > 20
    for path in paths:
        parsed = parse(path)
        assert parsed.bozo == 0, (path, parsed.get("bozo_exception"))
        assert parsed.version == ("rss20" if path.name == "feed.xml" else "atom10"), path


def test_every_feed_follows_the_validator_rules(site):
    for path in feeds_of(site):
        check = rss_problems if path.name == "feed.xml" else atom_problems
        assert check(path.read_bytes()) == [], path


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
def test_items_carry_everything(site, name):
    parsed = parse(site.output / "topics" / "territorial-reform" / name)
    (entry,) = parsed.entries
    assert entry.link == f"{SITEURL}/blog/moldova/"
    assert entry.id == "tag:decentralization.net,2022-11-17:/blog/moldova/"
    assert [a.name for a in entry.authors] == ["Jamie Boex", "Ana Popescu", "Ion Rusu"]
    tags = {(t.term, t.scheme) for t in entry.tags}
    assert tags == {
        ("territorial-reform", f"{SITEURL}/topics/"),
        ("local-governance", f"{SITEURL}/topics/"),
        ("europe-central-asia", f"{SITEURL}/regions/"),
    }
    assert entry.summary == "What the 2022 debate teaches about amalgamation."
    html = entry.content[0].value
    assert LAST in html
    links = BeautifulSoup(html, "html.parser")
    assert links.find("a", string="a relative link")["href"] == f"{SITEURL}/blog/other-post/"
    img = links.find("img")
    assert img["src"].startswith(f"{SITEURL}/images/")
    for source in [img, *links.find_all("source")]:
        for candidate in source["srcset"].split(","):
            assert candidate.strip().startswith(f"{SITEURL}/images/"), source
    assert links.find("a", string="the primer")["href"] == f"{SITEURL}/primers/basics/"
    for tag in links.find_all(["a", "img"]):
        assert (tag.get("href") or tag.get("src")).startswith("https://"), tag


def test_dates_keep_their_offsets(site):
    atom = parse(site.output / "blog" / "atom.xml")
    entry = next(e for e in atom.entries if e.link.endswith("/blog/moldova/"))
    assert entry.published == "2022-11-17T14:00:00+02:00"
    assert entry.updated == "2023-01-05T09:30:00+02:00"
    rss = parse(site.output / "blog" / "feed.xml")
    item = next(e for e in rss.entries if e.link.endswith("/blog/moldova/"))
    assert item.published == "Thu, 17 Nov 2022 14:00:00 +0200"


def test_atom_labels_are_the_term_names(site):
    atom = parse(site.output / "atom.xml")
    entry = next(e for e in atom.entries if e.link.endswith("/blog/moldova/"))
    labels = {t.term: t.label for t in entry.tags}
    assert labels["territorial-reform"] == "Territorial reform"
    assert labels["europe-central-asia"] == "Europe and Central Asia"


def test_feed_level_metadata(site):
    atom = parse(site.output / "topics" / "health" / "atom.xml")
    assert atom.feed.title == "Decentralization.Net: Health (topic)"
    assert atom.feed.subtitle.startswith("Local roles in primary health care")
    links = {link.rel: link.href for link in atom.feed.links}
    assert links["self"] == f"{SITEURL}/topics/health/atom.xml"
    assert links["alternate"] == f"{SITEURL}/topics/health/"
    assert atom.feed.language == "en"
    newest = max(datetime.fromisoformat(e.updated) for e in atom.entries)
    assert datetime.fromisoformat(atom.feed.updated) == newest  # from content, not the clock
    rss = parse(site.output / "feed.xml")
    assert rss.feed.link == f"{SITEURL}/"
    assert rss.feed.language == "en"


@pytest.mark.parametrize("name", ["feed.xml", "atom.xml"])
@pytest.mark.parametrize(
    ("listing", "title"),
    [
        ("topics/territorial-reform", "Territorial reform (topic)"),
        ("regions/europe-central-asia", "Europe and Central Asia (region)"),
        ("countries/ke", "Kenya (country)"),
    ],
)
def test_term_feed_titles_name_the_taxonomy_in_the_singular(site, listing, title, name):
    # "countries".rstrip("s") once made every country feed "… (countrie)".
    assert parse(site.output / listing / name).feed.title == f"Decentralization.Net: {title}"


def test_drafts_are_in_no_feed_and_no_calendar(site):
    for path in [*feeds_of(site), *site.output.rglob("*.ics"), site.output / "feeds/feeds.opml"]:
        data = path.read_bytes()
        assert b"Secret draft" not in data and b"draft-webinar" not in data, path
        assert b"Draft webinar" not in data, path


def test_ids_are_stable_across_builds_and_title_edits(site, tmp_path):
    other = new_site(tmp_path)
    write_site(other, moldova_title="Moldova: a new title for the same post")
    build(other)
    for relpath in ("feed.xml", "atom.xml", "blog/feed.xml"):
        before = {e.link: e.id for e in parse(site.output / relpath).entries}
        after = {e.link: e.id for e in parse(other.output / relpath).entries}
        assert before == after
    titles = [e.title for e in parse(other.output / "atom.xml").entries]
    assert "Moldova: a new title for the same post" in titles
    cal_before = icalendar.Calendar.from_ical((site.output / "webinars/calendar.ics").read_bytes())
    cal_after = icalendar.Calendar.from_ical((other.output / "webinars/calendar.ics").read_bytes())
    assert [str(e["UID"]) for e in cal_before.walk("VEVENT")] == [
        str(e["UID"]) for e in cal_after.walk("VEVENT")
    ]


def test_feeds_keep_the_newest_items_up_to_the_cap(tmp_path):
    site = new_site(tmp_path)
    for i in range(8):
        site.write(f"blog/post-{i}.md", doc(title=f"Post {i}", date=f"2024-01-0{i + 1}"))
    build(site, FEEDS_MAX_ITEMS=3)
    titles = [e.title for e in parse(site.output / "feed.xml").entries]
    assert titles == ["Post 7", "Post 6", "Post 5"]


def test_autodiscovery_on_listings_and_documents(site):
    def alternates(url):
        page = BeautifulSoup(site.page(url), "html.parser")
        return {(link["type"], link["href"]) for link in page.find_all("link", rel="alternate")}

    for listing in ("/blog/", "/topics/health/", "/regions/asia/", "/countries/md/", "/webinars/"):
        found = alternates(listing)
        assert ("application/rss+xml", f"{listing}feed.xml") in found
        assert ("application/atom+xml", f"{listing}atom.xml") in found
    document = alternates("/blog/moldova/")
    assert ("application/rss+xml", "/feed.xml") in document
    assert ("application/rss+xml", "/blog/feed.xml") in document


def test_paginated_listing_pages_keep_their_feeds(tmp_path):
    site = new_site(tmp_path)
    for i in range(5):
        site.write(f"blog/post-{i}.md", doc(title=f"Post {i}", date=f"2024-01-0{i + 1}"))
    build(site, LISTINGS_PER_PAGE=2)
    page = BeautifulSoup(site.page("/blog/page/3/"), "html.parser")
    hrefs = {link["href"] for link in page.find_all("link", rel="alternate")}
    assert {"/blog/feed.xml", "/blog/atom.xml"} <= hrefs


def test_feeds_page_and_opml_list_every_feed(site):
    rss_files = {f"{SITEURL}/{p.relative_to(site.output)}" for p in feeds_of(site)
                 if p.name == "feed.xml"}  # fmt: skip
    opml = ET.fromstring((site.output / "feeds" / "feeds.opml").read_bytes())
    assert opml.get("version") == "2.0"
    listed = {o.get("xmlUrl") for o in opml.iter("outline") if o.get("type") == "rss"}
    assert listed == rss_files
    page = BeautifulSoup(site.page("/feeds/"), "html.parser")
    hrefs = {a["href"] for a in page.find_all("a")}
    for url in rss_files:
        assert url.removeprefix(SITEURL) in hrefs
    assert "feed reader" in page.get_text()


def test_feeds_show_as_a_page_in_a_browser(site):
    xsl_path = site.output / "feeds" / "feed.xsl"
    transform = etree.XSLT(etree.parse(str(xsl_path)))
    for name in ("feed.xml", "atom.xml"):
        data = (site.output / "blog" / name).read_bytes()
        assert (
            f'<?xml-stylesheet type="text/xsl" href="{SITEURL}/feeds/feed.xsl"?>'.encode() in data
        )
        html = str(transform(etree.fromstring(data)))
        page = BeautifulSoup(html, "html.parser")
        assert page.find("h1").get_text() == "Decentralization.Net: Blog"
        assert "Territorial reform in Moldova" in [a.get_text() for a in page.select("li a")]
        assert "feed reader" in page.get_text()


# -- the calendar ---------------------------------------------------------------------------


def calendar(site):
    return icalendar.Calendar.from_ical((site.output / "webinars" / "calendar.ics").read_bytes())


def test_calendar_has_every_published_webinar_at_its_time(site):
    events = {str(e["URL"]): e for e in calendar(site).walk("VEVENT")}
    assert set(events) == {f"{SITEURL}/webinars/{slug}/" for slug in WEBINARS}
    for slug, event_date in WEBINARS.items():
        event = events[f"{SITEURL}/webinars/{slug}/"]
        expected = datetime.fromisoformat(event_date.replace("Z", "+00:00"))
        start = event.decoded("DTSTART")
        assert start.tzinfo is not None
        assert start == expected, slug
        assert str(event["SUMMARY"]) == f"Knowledge week: {slug}"
        assert f"Recap of the {slug} week." in str(event["DESCRIPTION"])


def test_calendar_durations_stamps_and_recording(site):
    events = {str(e["URL"]).rsplit("/", 2)[1]: e for e in calendar(site).walk("VEVENT")}
    assert events["asia"].decoded("DURATION").total_seconds() == 90 * 60
    assert events["nepal"].decoded("DURATION").total_seconds() == 60 * 60
    assert events["asia"].decoded("DTSTAMP") == datetime.fromisoformat("2021-06-01T00:00:00+00:00")
    assert "Recording: https://www.youtube.com/watch?v=abc123" in str(events["asia"]["DESCRIPTION"])


def test_calendar_follows_rfc_5545(site):
    assert ics_problems((site.output / "webinars" / "calendar.ics").read_bytes()) == []
    for slug in WEBINARS:
        assert ics_problems((site.output / "webinars" / slug / "event.ics").read_bytes()) == []


def test_each_webinar_links_its_own_event_file(site):
    page = BeautifulSoup(site.page("/webinars/nepal/"), "html.parser")
    link = page.find("a", string="Add to calendar")
    assert link["href"] == "/webinars/nepal/event.ics"
    single = icalendar.Calendar.from_ical((site.output / "webinars/nepal/event.ics").read_bytes())
    (event,) = single.walk("VEVENT")
    assert event.decoded("DTSTART") == datetime.fromisoformat(WEBINARS["nepal"])


def test_webinars_listing_offers_the_webcal_subscription(site):
    page = BeautifulSoup(site.page("/webinars/"), "html.parser")
    hrefs = [a["href"] for a in page.find_all("a")]
    assert "webcal://decentralization.net/webinars/calendar.ics" in hrefs


def test_a_document_without_authors_has_none_of_its_own(site):
    atom = parse(site.output / "primers" / "atom.xml")
    (entry,) = atom.entries
    assert "authors" not in entry or entry.authors == [{"name": "Local Public Sector Alliance"}]
    data = (site.output / "primers" / "atom.xml").read_text()
    assert data.count("<author>") == 1  # the feed's, inherited by the entry (RFC 4287)


def test_a_webinar_known_only_to_the_month(tmp_path):
    site = new_site(tmp_path)
    site.write(
        "webinars/asia-week.md",
        doc(title="Asia week", event_date="2021-09-01", event_date_precision="month"),
    )
    build(site)
    page = BeautifulSoup(site.page("/webinars/asia-week/"), "html.parser")
    assert "September 2021" in page.find(class_="event-box").get_text()
    assert "UTC" not in page.find(class_="event-box").get_text()
    assert page.find("time", datetime="2021-09")
    (event,) = calendar(site).walk("VEVENT")
    assert event.decoded("DTSTART") == date(2021, 9, 1)
    assert event.decoded("DTEND") == date(2021, 10, 1)
    assert ics_problems((site.output / "webinars" / "calendar.ics").read_bytes()) == []
    listing = BeautifulSoup(site.page("/webinars/"), "html.parser")
    assert "September 2021" in listing.find(class_="card").get_text()
