"""Offline checks of the rules the W3C feed validator applies that matter for our feeds.

The W3C validator (feedvalidator.org) is Python 2 code that is not packaged for Python 3, so
these are its rules re-stated from the specifications it enforces: RFC 4287 (Atom 1.0), the
RSS 2.0 specification (rssboard.org), RFC 822 dates, RFC 3339 dates, RFC 4151 tag URIs, and
for calendars RFC 5545. Each function returns a list of messages; empty means valid.
"""

from __future__ import annotations

import re
from email.utils import parsedate_tz
from urllib.parse import urlsplit

from lxml import etree

ATOM = "{http://www.w3.org/2005/Atom}"
RFC3339 = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$")
TAG_URI = re.compile(r"^tag:[a-z0-9.-]+,\d{4}(-\d{2}(-\d{2})?)?:\S+$")


def _absolute(url: str | None) -> bool:
    parts = urlsplit(url or "")
    return parts.scheme in ("http", "https") and bool(parts.netloc)


def atom_problems(data: bytes) -> list[str]:
    problems = []
    root = etree.fromstring(data)
    if root.tag != f"{ATOM}feed":
        return ["root element is not atom:feed"]

    def one(parent, name, where):
        found = parent.findall(f"{ATOM}{name}")
        if len(found) != 1:
            problems.append(f"{where} must have exactly one atom:{name}, has {len(found)}")
        return found[0] if found else None

    for name in ("id", "title", "updated"):
        one(root, name, "feed")
    updated = root.find(f"{ATOM}updated")
    if updated is not None and not RFC3339.match(updated.text or ""):
        problems.append(f"feed updated is not an RFC 3339 date: {updated.text}")
    links = root.findall(f"{ATOM}link")
    if not any(link.get("rel") == "self" and _absolute(link.get("href")) for link in links):
        problems.append("feed has no absolute rel=self link")
    if not any(link.get("rel", "alternate") == "alternate" for link in links):
        problems.append("feed has no alternate link")
    feed_has_author = root.find(f"{ATOM}author/{ATOM}name") is not None
    ids = set()
    for i, entry in enumerate(root.findall(f"{ATOM}entry")):
        where = f"entry {i}"
        entry_id = one(entry, "id", where)
        one(entry, "title", where)
        entry_updated = one(entry, "updated", where)
        if entry_id is not None:
            if not TAG_URI.match(entry_id.text or "") and not _absolute(entry_id.text):
                problems.append(f"{where}: id is not an IRI: {entry_id.text}")
            if entry_id.text in ids:
                problems.append(f"{where}: duplicate id {entry_id.text}")
            ids.add(entry_id.text)
        for element in (entry_updated, entry.find(f"{ATOM}published")):
            if element is not None and not RFC3339.match(element.text or ""):
                problems.append(f"{where}: date is not RFC 3339: {element.text}")
        if not feed_has_author and entry.find(f"{ATOM}author/{ATOM}name") is None:
            problems.append(f"{where}: no author, and the feed has none")
        for author in entry.findall(f"{ATOM}author"):
            if not (author.findtext(f"{ATOM}name") or "").strip():
                problems.append(f"{where}: author without a name")
        alternates = [
            link
            for link in entry.findall(f"{ATOM}link")
            if link.get("rel", "alternate") == "alternate"
        ]
        if not alternates or not all(_absolute(link.get("href")) for link in alternates):
            problems.append(f"{where}: needs an absolute alternate link")
        content = entry.find(f"{ATOM}content")
        if content is not None and content.get("type") not in ("html", "text", "xhtml", None):
            problems.append(f"{where}: content type {content.get('type')}")
        for category in entry.findall(f"{ATOM}category"):
            if not category.get("term"):
                problems.append(f"{where}: category without term")
            if category.get("scheme") and not _absolute(category.get("scheme")):
                problems.append(f"{where}: category scheme is not an absolute IRI")
    return problems


def rss_problems(data: bytes) -> list[str]:
    problems = []
    root = etree.fromstring(data)
    if root.tag != "rss" or root.get("version") != "2.0":
        return ["root element is not rss version 2.0"]
    channels = root.findall("channel")
    if len(channels) != 1:
        return [f"rss must have one channel, has {len(channels)}"]
    channel = channels[0]
    for name in ("title", "link", "description"):
        if not (channel.findtext(name) or "").strip():
            problems.append(f"channel must have a non-empty {name}")
    if not _absolute(channel.findtext("link")):
        problems.append("channel link is not absolute")
    for name in ("lastBuildDate", "pubDate"):
        value = channel.findtext(name)
        if value is not None and parsedate_tz(value) is None:
            problems.append(f"channel {name} is not an RFC 822 date: {value}")
    self_links = channel.findall(f"{ATOM}link[@rel='self']")
    if len(self_links) != 1 or not _absolute(self_links[0].get("href")):
        problems.append("channel should have one absolute atom:link rel=self")
    guids = set()
    for i, item in enumerate(channel.findall("item")):
        where = f"item {i}"
        if not (item.findtext("title") or item.findtext("description")):
            problems.append(f"{where}: needs a title or a description")
        if not _absolute(item.findtext("link")):
            problems.append(f"{where}: link is not absolute")
        guid = item.find("guid")
        if guid is None:
            problems.append(f"{where}: no guid")
        else:
            if guid.get("isPermaLink", "true") == "true" and not _absolute(guid.text):
                problems.append(f"{where}: a permalink guid must be an absolute URL")
            if guid.text in guids:
                problems.append(f"{where}: duplicate guid")
            guids.add(guid.text)
        date = item.findtext("pubDate")
        parsed = parsedate_tz(date) if date else None
        if date is None or parsed is None or parsed[9] is None:
            problems.append(f"{where}: pubDate is not an RFC 822 date with zone: {date}")
        for category in item.findall("category"):
            if not (category.text or "").strip():
                problems.append(f"{where}: empty category")
        for author in item.findall("author"):
            if "@" not in (author.text or ""):
                problems.append(f"{where}: author must be an e-mail address (use dc:creator)")
    return problems


def ics_problems(data: bytes) -> list[str]:
    """RFC 5545 rules a calendar client relies on."""
    problems = []
    if not data.endswith(b"\r\n"):
        problems.append("content lines must end with CRLF")
    for number, line in enumerate(data.split(b"\r\n"), 1):
        if len(line) > 75:
            problems.append(f"line {number} is longer than 75 octets")
        if b"\n" in line or b"\r" in line:
            problems.append(f"line {number} has a bare line break")
    text = data.decode("utf-8")
    for prop in ("BEGIN:VCALENDAR", "VERSION:2.0", "PRODID:", "END:VCALENDAR"):
        if prop not in text:
            problems.append(f"missing {prop}")
    for i, block in enumerate(text.split("BEGIN:VEVENT")[1:]):
        unfolded = block.replace("\r\n ", "")
        for prop in ("UID:", "DTSTAMP:", "DTSTART"):
            if f"\r\n{prop}" not in "\r\n" + unfolded:
                problems.append(f"event {i}: missing {prop.rstrip(':')}")
        if "DTEND" in unfolded and "DURATION" in unfolded:
            problems.append(f"event {i}: both DTEND and DURATION")
    return problems
