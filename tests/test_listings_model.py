"""Pure helpers of the listings: pagination, orders, related documents, country names."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import UTC, datetime, timedelta

import pytest

from listings import model, related
from listings.cldr import country_name

UTC = UTC
T0 = datetime(2024, 1, 1, tzinfo=UTC)


@dataclass
class D:
    url: str
    date: datetime = T0
    type: str = "post"
    topics: list = field(default_factory=list)
    regions: list = field(default_factory=list)
    countries: list = field(default_factory=list)
    event_date: datetime | None = None


@pytest.mark.parametrize(("count", "pages"), [(0, 1), (1, 1), (20, 1), (21, 2), (45, 3)])
def test_paginate(count, pages):
    listing = model.Listing("blog/", "Blog", "", [D(f"{i}") for i in range(count)], [])
    result = model.paginate(listing, 20)
    assert len(result) == pages
    assert sum(len(p.documents) for p in result) == count
    assert [p.url for p in result][:2] == ["blog/", "blog/page/2/"][:pages]
    assert result[0].previous_url is None and result[-1].next_url is None


def test_newest_first_breaks_ties_by_url():
    docs = [D("b/"), D("a/"), D("c/", T0 + timedelta(days=1))]
    assert [d.url for d in model.newest_first(docs)] == ["c/", "a/", "b/"]


def test_webinar_order():
    now = T0
    docs = [
        D("past1/", event_date=now - timedelta(days=1)),
        D("past2/", event_date=now - timedelta(days=9)),
        D("soon/", event_date=now + timedelta(hours=1)),
        D("later/", event_date=now + timedelta(days=30)),
        D("now/", event_date=now),
    ]
    assert [d.url for d in model.webinar_order(docs, now)] == [
        "now/", "soon/", "later/", "past1/", "past2/"
    ]  # fmt: skip


def test_related_prefers_shared_countries_and_is_deterministic():
    me = D("me/", topics=["health"], regions=["asia"], countries=["KE"])
    same_country = D("country/", topics=["education"], countries=["KE"])
    same_topic = D("topic/", topics=["health"])
    same_region = D("region/", regions=["asia"])
    unrelated = D("none/", topics=["water-sanitation"])
    docs = [unrelated, same_region, same_topic, same_country, me]
    result = related.related_documents(docs, count=3)
    assert [d.url for d in result["me/"]] == ["country/", "topic/", "region/"]
    assert related.related_documents(list(reversed(docs)), count=3) == result


def test_related_work_is_bounded_by_the_window():
    docs = [D(f"{i:04d}/", T0 + timedelta(days=i), regions=["global"]) for i in range(2000)]
    result = related.related_documents(docs, count=4, window=5)
    # Only the nearest in date are candidates: the closest four, two on each side.
    assert [d.url for d in result["1000/"]] == ["0999/", "1001/", "0998/", "1002/"]


def test_neighbours_within_a_type():
    docs = [D("a/", T0), D("b/", T0 + timedelta(days=1)), D("p/", T0, type="primer")]
    result = related.neighbours(docs)
    assert result["a/"] == (None, docs[1])
    assert result["b/"] == (docs[0], None)
    assert result["p/"] == (None, None)


@pytest.mark.parametrize(
    ("code", "lang", "name"),
    [("KE", "en", "Kenya"), ("KE", "es", "Kenia"), ("MD", "fr", "Moldavie"),
     ("CI", "pt-BR", "Costa do Marfim"), ("MA", "ar", "المغرب"), ("KE", "x-unknown", "Kenya")],
)  # fmt: skip
def test_country_names_come_from_cldr(code, lang, name):
    assert country_name(code, lang) == name
