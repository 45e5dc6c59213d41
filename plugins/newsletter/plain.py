"""The plain-text newsletter: every title with its link, for mail clients that show no HTML."""

from __future__ import annotations

import textwrap

from bs4 import BeautifulSoup

WIDTH = 72


def plain_text(html: str) -> str:
    """The text of an HTML fragment, a blank line between blocks, links written out."""
    soup = BeautifulSoup(html or "", "html.parser")
    for link in soup.find_all("a", href=True):
        link.append(f" <{link['href']}>")
    blocks = [" ".join(el.get_text(" ").split()) for el in soup.find_all(["p", "li", "h2", "h3"])]
    return "\n\n".join(textwrap.fill(b, WIDTH) for b in blocks if b)


def render(article, note_html: str, issue, siteurl: str, sitename: str, event_plain) -> str:
    lines = [f"{sitename} · Newsletter · {issue.label}", "=" * WIDTH, "", article.title, ""]
    intro = plain_text(note_html)
    if intro:
        lines += [intro, ""]

    def item(doc, extra=""):
        when = f" ({event_plain(doc)})" if doc.type == "webinar" else ""
        out = [f"* {doc.title}{when}", f"  {siteurl}/{doc.url}"]
        if extra:
            out.append(f"  {extra}")
        summary = getattr(doc, "doc", None) and doc.doc.summary
        if summary and not extra:
            out += textwrap.wrap(summary, WIDTH, initial_indent="  ", subsequent_indent="  ")
        return [*out, ""]

    for title, docs in issue.sections:
        if docs:
            lines += [title, "-" * len(title), ""]
            for doc in docs:
                lines += item(doc)
    if issue.upcoming:
        lines += ["Coming up", "---------", ""]
        for doc in issue.upcoming:
            lines += item(doc, f"Add to calendar: {siteurl}/{doc.url}event.ics")
    lines += [
        f"Read it on the web: {siteurl}/{article.url}",
        f"Follow by feed: {siteurl}/feeds/",
        "",
    ]
    return "\n".join(lines)
