"""What one newsletter issue holds, chosen from the published documents: pure functions."""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import datetime

from content_model.problems import Problem

SECTIONS = (
    ("post", "New on the blog"),
    ("primer", "Primers, new and updated"),
    ("member-article", "From our members"),
    ("webinar", "Webinar recaps"),
)


@dataclass
class Issue:
    start: datetime
    end: datetime  # exclusive
    sections: list[tuple[str, list]] = field(default_factory=list)
    upcoming: list = field(default_factory=list)

    @property
    def empty(self) -> bool:
        return not any(docs for _, docs in self.sections)

    @property
    def label(self) -> str:
        """ "September–October 2026", "December 2026 – January 2027"."""
        last = datetime.fromordinal(self.end.toordinal() - 1)
        if self.start.year == last.year:
            if self.start.month == last.month:
                return f"{self.start:%B %Y}"
            return f"{self.start:%B}–{last:%B %Y}"
        return f"{self.start:%B %Y} – {last:%B %Y}"


def _within(value, start, end) -> bool:
    return value is not None and start <= value < end


def build_issue(docs, start: datetime, end: datetime, now: datetime) -> Issue:
    """Documents published (or, for primers, updated) in [start, end), none dated after `now`;
    and the webinars that take place after the period."""
    issue = Issue(start, end)
    visible = [d for d in docs if d.date <= now and d.type != "newsletter"]
    for type_name, title in SECTIONS:
        chosen = []
        for doc in visible:
            if doc.type != type_name:
                continue
            updated = getattr(doc, "updated", None)
            if _within(doc.date, start, end) or (
                type_name == "primer"
                and updated is not None
                and updated <= now
                and _within(updated, start, end)
            ):
                chosen.append(doc)
        chosen.sort(key=lambda d: (-(getattr(d, "updated", None) or d.date).timestamp(), d.url))
        issue.sections.append((title, chosen))
    issue.upcoming = sorted(
        (
            d
            for d in docs
            # A webinar without its date is reported by the checks; it is not listed.
            if d.type == "webinar"
            and getattr(d, "event_date", None) is not None
            and d.event_date >= max(end, now)
        ),
        key=lambda d: (d.event_date, d.url),
    )
    return issue


def issue_of(newsletter, docs, now: datetime) -> Issue | None:
    """The issue a newsletter document makes from the published `docs` (objects with type,
    url, date and the contract's fields, like Pelican's articles); a period with nothing in it
    is reported on the newsletter's `period` line. None: no period to build from."""
    document = newsletter.doc
    start, end = document.values.get("period", (None, None))
    if start is None:
        return None
    issue = build_issue(docs, start, end, now)
    if issue.empty:
        document.problems.append(
            Problem(
                document.source,
                document.line_of("period"),
                f"nothing was published in {issue.label}: there is nothing to send for this period",
            )
        )
    return issue
