"""Orders that never depend on the order files were found in.

Pelican finds files through a set, whose order changes from one run to the next; a sort by
date alone keeps that order among documents of the same date, and two builds of the same
content would differ. Every key here ends with the URL, which is unique.
"""

from __future__ import annotations


def newest_first(content):
    """Sort key: newest `date` first, then by URL."""
    date = getattr(content, "date", None)
    return (-date.timestamp() if date else 0.0, content.url)


def by_url(content):
    """Sort key for pages: by URL."""
    return content.url
