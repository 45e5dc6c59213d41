"""What a page is made from, as bytes: the key under which its rendering can be reused.

A rendered page is a function of its template, the site-wide inputs (`site_key`) and the values
the generator hands the template. `fingerprint` turns those values into bytes: plain values by
their `repr`, containers item by item, data classes field by field (or by their own
`__fingerprint__()`, when a class knows that its templates read less than all its fields), and
a Pelican content object by the key of its source (`Document.key`: its bytes, path, the site it
was checked against, the parser's code) plus its related documents and neighbours, which its
page shows. Anything else raises `Uncacheable`: a page made from something we cannot
fingerprint is always rendered.
"""

from __future__ import annotations

import dataclasses
import datetime
import hashlib

from pelican.contents import Content
from pelican.urlwrappers import URLWrapper

#: Attributes the listings plugin gives each document: its page shows them.
NEIGHBOUR_ATTRIBUTES = ("related", "previous_in_type", "next_in_type", "translations")


class Uncacheable(Exception):
    """A value whose fingerprint we cannot take: the page is rendered, never reused."""


def document_key(content) -> str:
    doc = getattr(content, "doc", None)
    key = getattr(doc, "key", "")
    if not key:
        raise Uncacheable(f"{content!r} has no document key")
    return key


def uses_intrasite_links(content) -> bool:
    """Whether the text links another file of the site by its source ({filename}…)."""
    links = getattr(getattr(content, "doc", None), "links", None) or ()
    return any(link.target.startswith(("{", "|")) for link in links)


def fingerprint(value, links_key: str = "", memo: dict | None = None) -> bytes:
    """Bytes that change whenever what a template can read from `value` changes. `memo`
    keeps each content object's part, for one build, as a page holds many."""
    out: list[str] = []
    _walk(value, out, links_key, 0, {} if memo is None else memo)
    return hashlib.sha256("\x1f".join(out).encode("utf-8", "surrogatepass")).digest()


def content_part(content, links_key: str) -> str:
    parts = [f"content:{document_key(content)}"]
    if uses_intrasite_links(content):
        parts.append(f"links:{links_key}")
    for name in NEIGHBOUR_ATTRIBUTES:
        neighbour = getattr(content, name, None)
        items = neighbour if isinstance(neighbour, list | tuple) else [neighbour]
        parts.append(name + ":" + ",".join(document_key(n) if n else "-" for n in items))
    return "\x1e".join(parts)


def _walk(value, out: list[str], links_key: str, depth: int, memo: dict) -> None:
    if depth > 12:
        raise Uncacheable("too deeply nested")
    if value is None or isinstance(value, bool | int | float | str | bytes):
        out.append(repr(value))
    elif isinstance(value, datetime.date | datetime.time):
        out.append(f"{type(value).__name__}:{value.isoformat()}")
    elif isinstance(value, Content):
        known = memo.get(id(value))
        if known is None:
            known = memo[id(value)] = (value, content_part(value, links_key))
        out.append(known[1])
    elif isinstance(value, URLWrapper):
        out.append(f"{type(value).__name__}:{value.name}:{value.slug}")
    elif hasattr(value, "__fingerprint__") or (
        dataclasses.is_dataclass(value) and not isinstance(value, type)
    ):
        # Objects of the build's model (listings, feeds) are shared by many pages and not
        # changed while pages are written: their part is taken once. The memo keeps the
        # object too, so that its id cannot be reused by another during the build.
        known = memo.get(id(value))
        if known is None:
            part: list[str] = []
            _object(value, part, links_key, depth, memo)
            known = memo[id(value)] = (value, "\x1d".join(part))
        out.append(known[1])
    elif isinstance(value, list | tuple):
        out.append(f"[{len(value)}")
        for item in value:
            _walk(item, out, links_key, depth + 1, memo)
        out.append("]")
    elif isinstance(value, dict):
        out.append(f"{{{len(value)}")
        for key in sorted(value, key=repr):
            _walk(key, out, links_key, depth + 1, memo)
            _walk(value[key], out, links_key, depth + 1, memo)
        out.append("}")
    elif isinstance(value, set | frozenset):
        out.append(f"set{len(value)}:" + ",".join(sorted(repr(v) for v in value)))
    else:
        raise Uncacheable(f"cannot fingerprint a {type(value).__name__}")


def _object(value, out: list[str], links_key: str, depth: int, memo: dict) -> None:
    if hasattr(value, "__fingerprint__"):
        out.append(type(value).__name__)
        _walk(value.__fingerprint__(), out, links_key, depth + 1, memo)
        return
    out.append(type(value).__name__ + "(")
    for f in dataclasses.fields(value):
        out.append(f.name)
        _walk(getattr(value, f.name), out, links_key, depth + 1, memo)
    out.append(")")
