"""The one place where Python writes HTML elements: a tag, attributes and children, with every
attribute value escaped by markupsafe (Jinja's own escaping), so that no value taken from
content (a file name, an alternative text) can end its attribute or open an element.

Everything else a page shows is written by the theme's templates, which escape by default.
"""

from __future__ import annotations

import re

from markupsafe import Markup, escape

_NAME = re.compile(r"^[a-z][a-z0-9-]*$")
VOID = frozenset({"img", "source", "br", "hr", "meta", "link"})


def element(tag: str, attributes: dict[str, object], children: str = "") -> Markup:
    """`<tag a="v"…>children</tag>`; None or False leaves an attribute out, True writes its
    name alone. `children` is escaped unless it is `Markup` already."""
    assert _NAME.match(tag), tag
    parts = [tag]
    for name, value in attributes.items():
        assert _NAME.match(name), name
        if value is None or value is False:
            continue
        parts.append(name if value is True else f'{name}="{escape(str(value))}"')
    start = Markup(f"<{' '.join(parts)}>")
    if tag in VOID:
        return start
    return start + escape(children) + Markup(f"</{tag}>")
