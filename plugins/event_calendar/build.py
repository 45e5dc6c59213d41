"""iCalendar files of webinars, with icalendar: pure functions, deterministic bytes.

DTSTART is the event's `event_date` in UTC (exact, and needs no VTIMEZONE); DTSTAMP comes from
the content (`updated`, else `date`), never the clock, so two builds are byte-identical; the
UID is the document's URL under a fixed authority, so it survives edits to title and text.
"""

from __future__ import annotations

from datetime import timedelta

from icalendar import Calendar, Event

from content_model.dates import UTC

PRODID = "-//Local Public Sector Alliance//Decentralization.Net//EN"


def uid(doc, authority: str) -> str:
    return f"{doc.url.strip('/').replace('/', '-')}@{authority}"


def event(doc, siteurl: str, authority: str, default_minutes: int) -> Event:
    ev = Event()
    ev.add("uid", uid(doc, authority))
    stamp = getattr(doc, "updated", None) or doc.date
    ev.add("dtstamp", stamp.astimezone(UTC))
    if getattr(doc, "event_date_precision", None) == "month":
        # Only the month is known: an all-day span over the month, invented day none.
        first = doc.event_date.date()
        following = (first.replace(day=28) + timedelta(days=4)).replace(day=1)
        ev.add("dtstart", first)
        ev.add("dtend", following)
    else:
        ev.add("dtstart", doc.event_date.astimezone(UTC))
        minutes = getattr(doc, "duration", None)
        minutes = default_minutes if minutes is None else minutes
        ev.add("duration", timedelta(minutes=minutes))
    ev.add("summary", doc.title)
    page = f"{siteurl}/{doc.url}"
    lines = [doc.doc.summary] if doc.doc.summary else []
    lines.append(f"Details: {page}")
    if getattr(doc, "video", None):
        lines.append(f"Recording: {doc.video}")
    ev.add("description", "\n\n".join(lines))
    ev.add("url", page)
    ev.add("location", "Online")
    if getattr(doc, "series", None):
        ev.add("categories", [doc.series])
    return ev


def calendar(docs, name: str, siteurl: str, authority: str, default_minutes: int) -> bytes:
    cal = Calendar()
    cal.add("prodid", PRODID)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("method", "PUBLISH")
    cal.add("x-wr-calname", name)
    for doc in sorted(docs, key=lambda d: (d.event_date.astimezone(UTC), d.url)):
        cal.add_component(event(doc, siteurl, authority, default_minutes))
    return cal.to_ical()
