"""An OPML 2.0 list of every feed, so a subscriber can follow several at once."""

from __future__ import annotations

import xml.etree.ElementTree as ET


def opml(title: str, groups: list[tuple[str, list[tuple[str, str, str]]]]) -> bytes:
    """`groups`: (group title, [(feed title, feed URL, page URL)]), in order."""
    root = ET.Element("opml", version="2.0")
    head = ET.SubElement(root, "head")
    ET.SubElement(head, "title").text = title
    body = ET.SubElement(root, "body")
    for group_title, feeds in groups:
        group = ET.SubElement(body, "outline", text=group_title, title=group_title)
        for feed_title, xml_url, html_url in feeds:
            ET.SubElement(
                group,
                "outline",
                type="rss",
                text=feed_title,
                title=feed_title,
                xmlUrl=xml_url,
                htmlUrl=html_url,
            )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"
