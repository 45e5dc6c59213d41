"""Related documents and previous/next in a type: deterministic, and linear in the site's size.

A document's related documents are those sharing the most taxonomy terms with it, a shared
country weighing more than a shared topic, and a topic more than a region. Candidates come
from each shared term's documents, but only from the `window` nearest in date on each side:
a popular term (the region `global`) would otherwise make the work grow with the square of the
site. Ties go to the document closest in date, then to the URL. The weights are the schema's
(`Taxonomy.related_weight`).
"""

from __future__ import annotations

import bisect
import heapq
from collections import defaultdict

from content_model.schema import TAXONOMIES

WEIGHTS = {t.name: t.related_weight for t in TAXONOMIES}


def related_documents(docs, count: int, window: int = 25, memo: dict | None = None) -> dict:
    """URL -> up to `count` related documents, best first. `memo`: where the last answer is
    kept between builds (a long-lived process, the live-reload server: `Caches.related`)."""
    # Each document's URL and date are read once: Pelican computes `url` on every access.
    entries = sorted(((d.date.timestamp(), d.url, d) for d in docs), key=lambda e: e[:2])
    # The choice depends on dates, URLs and terms only: a rebuild that changed none of them
    # takes the last answer.
    signature = (count, window, tuple(
        (when, url, tuple(tuple(getattr(d, t, None) or ()) for t in WEIGHTS))
        for when, url, d in entries
    ))  # fmt: skip
    if memo is not None and memo.get("signature") == signature:
        by_url = {url: d for _when, url, d in entries}
        return {url: [by_url[u] for u in chosen] for url, chosen in memo["chosen"].items()}
    result = _choose(entries, count, window)
    if memo is not None:
        memo["signature"] = signature
        memo["chosen"] = {url: [d.url for d in chosen] for url, chosen in result.items()}
    return result


def _choose(entries, count: int, window: int) -> dict[str, list]:
    postings: dict[tuple[str, str], list[int]] = defaultdict(list)
    terms_of = []
    for i, (_when, _url, doc) in enumerate(entries):
        terms = []
        for taxonomy, weight in WEIGHTS.items():
            for term in getattr(doc, taxonomy, None) or ():
                postings[(taxonomy, term)].append(i)
                terms.append(((taxonomy, term), weight))
        terms_of.append(terms)
    result = {}
    for i, (when, url, _doc) in enumerate(entries):
        scores: dict[int, int] = defaultdict(int)
        for key, weight in terms_of[i]:
            members = postings[key]
            # Positions in `entries` are in date order, so the nearest in date are around i.
            at = bisect.bisect_left(members, i)
            for other in members[max(0, at - window) : at + window + 1]:
                if other != i:
                    scores[other] += weight
        # Best first: most shared weight, then nearest in date, then URL.
        ranked = heapq.nsmallest(
            count,
            ((-score, abs(entries[j][0] - when), entries[j][1], j) for j, score in scores.items()),
        )
        result[url] = [entries[rank[3]][2] for rank in ranked]
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
