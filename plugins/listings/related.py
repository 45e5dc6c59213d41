"""Related documents and previous/next in a type: deterministic, and linear in the site's size.

A document's related documents are those sharing the most taxonomy terms with it, a shared
country weighing more than a shared topic, and a topic more than a region. Candidates come
from each shared term's documents, but only from the `window` nearest in date on each side:
a popular term (the region `global`) would otherwise make the work grow with the square of the
site. Ties go to the document closest in date, then to the URL.
"""

from __future__ import annotations

import bisect
from collections import defaultdict

WEIGHTS = {"countries": 3, "topics": 2, "regions": 1}


def _key(doc):
    return (doc.date.timestamp(), doc.url)


def related_documents(docs, count: int, window: int = 25) -> dict[str, list]:
    """URL -> up to `count` related documents, best first."""
    ordered = sorted(docs, key=_key)
    postings: dict[tuple[str, str], list] = defaultdict(list)
    for doc in ordered:
        for taxonomy in WEIGHTS:
            for term in getattr(doc, taxonomy, None) or ():
                postings[(taxonomy, term)].append(doc)
    keys = {key: [_key(d) for d in members] for key, members in postings.items()}
    result = {}
    for doc in ordered:
        scores: dict[str, int] = defaultdict(int)
        by_url = {}
        own = _key(doc)
        for taxonomy, weight in WEIGHTS.items():
            for term in getattr(doc, taxonomy, None) or ():
                members = postings[(taxonomy, term)]
                i = bisect.bisect_left(keys[(taxonomy, term)], own)
                for other in members[max(0, i - window) : i + window + 1]:
                    if other.url != doc.url:
                        scores[other.url] += weight
                        by_url[other.url] = other
        ranked = sorted(
            scores,
            key=lambda url: (
                -scores[url],
                abs(by_url[url].date.timestamp() - own[0]),
                url,
            ),
        )
        result[doc.url] = [by_url[url] for url in ranked[:count]]
    return result


def neighbours(docs) -> dict[str, tuple]:
    """URL -> (previous, next) within the same type, in date order (previous is older)."""
    by_type = defaultdict(list)
    for doc in docs:
        by_type[doc.type].append(doc)
    result = {}
    for members in by_type.values():
        # Webinars follow one another by when they took place; the rest by publication.
        members.sort(key=lambda d: ((getattr(d, "event_date", None) or d.date).timestamp(), d.url))
        for i, doc in enumerate(members):
            previous = members[i - 1] if i > 0 else None
            following = members[i + 1] if i + 1 < len(members) else None
            result[doc.url] = (previous, following)
    return result
