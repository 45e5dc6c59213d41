"""Which HTML a document may publish, by content type, and the cleaning that enforces it.

Every document may hold text markup, links and pictures of the site, nothing else. Everything
else (script, style, forms, objects, frames, event-handler attributes, `javascript:` and
`data:` URLs, whatever their case or encoding, pictures from other sites) is removed by nh3, an
allow-list sanitizer, from the HTML of every document before a page, a feed or the search index
sees it. The policy and the Content-Security-Policy (`plugins/seo`) agree: nothing the policy
lets through loads from elsewhere. A recording is a webinar's `video:` field, shown as a player
that loads only when a reader clicks it (`plugins/media`), never a raw `<iframe>`.

`inspect()` reads the same HTML with the same policy to tell the contributor what would be
removed (with the line), and to collect the links and the first paragraph for the summary, in
one pass over the HTML. `inspect_tree()` gives the same answer from the element tree Markdown
wrote that HTML from, when it can vouch for it (most documents: no raw HTML), without
parsing the HTML again: it sends the parser's handlers the events the HTML would give.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field
from html.parser import HTMLParser

import nh3

TEXT_TAGS = frozenset(
    [
        "a",
        "abbr",
        "b",
        "blockquote",
        "br",
        "caption",
        "cite",
        "code",
        "col",
        "colgroup",
        "dd",
        "del",
        "details",
        "dfn",
        "div",
        "dl",
        "dt",
        "em",
        "figcaption",
        "figure",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "hr",
        "i",
        "img",
        "ins",
        "kbd",
        "li",
        "mark",
        "ol",
        "p",
        "pre",
        "q",
        "s",
        "samp",
        "small",
        "span",
        "strong",
        "sub",
        "summary",
        "sup",
        "table",
        "tbody",
        "td",
        "tfoot",
        "th",
        "thead",
        "time",
        "tr",
        "u",
        "ul",
        "var",
    ]
)
GENERIC_ATTRIBUTES = frozenset({"id", "class", "title", "lang", "dir"})
TAG_ATTRIBUTES = {
    "a": {"href", "hreflang"},
    "img": {"src", "alt", "width", "height", "loading"},
    "td": {"colspan", "rowspan", "headers"},
    "th": {"colspan", "rowspan", "headers", "scope"},
    "col": {"span"},
    "colgroup": {"span"},
    "ol": {"start", "reversed", "type"},
    "li": {"value"},
    "time": {"datetime"},
    "q": {"cite"},
    "blockquote": {"cite"},
    "del": {"cite", "datetime"},
    "ins": {"cite", "datetime"},
    "details": {"open"},
}
URL_SCHEMES = frozenset({"http", "https", "mailto", "tel"})
URL_ATTRIBUTES = frozenset({"href", "src", "cite"})
#: Removed together with everything inside them.
DROP_WITH_CONTENT = frozenset({"script", "style"})


@dataclass(frozen=True)
class Policy:
    name: str
    tags: frozenset
    attributes: dict

    def allows_attribute(self, tag: str, attr: str) -> bool:
        return attr in GENERIC_ATTRIBUTES or attr in self.attributes.get(tag, ())


def _policy(name: str) -> Policy:
    attributes = {tag: set(attrs) for tag, attrs in TAG_ATTRIBUTES.items()}
    return Policy(name, TEXT_TAGS, attributes)


#: By content type (`schema.ContentType.html_policy`). The two are the same today; member
#: articles keep a name of their own so that team content can be given more without them.
POLICIES = {"team": _policy("team"), "member": _policy("member")}

_TAB_OR_NEWLINE = re.compile(r"[\t\n\r]")
_SCHEME = re.compile(r"^([a-zA-Z][a-zA-Z0-9+.-]*):")


def url_scheme(value: str) -> str | None:
    """The scheme a browser would see in an attribute value (after entity decoding).

    As the URL standard parses: leading and trailing C0 controls and spaces are stripped,
    tabs and newlines anywhere are removed; whatever then precedes a ':' is the scheme.
    """
    squeezed = _TAB_OR_NEWLINE.sub("", value.strip("".join(map(chr, range(0x21)))))
    m = _SCHEME.match(squeezed)
    return m[1].lower() if m else None


def is_external(value: str) -> bool:
    """Whether a browser would load `value` from another site: a URL with a scheme (other
    than the site's own paths) or a scheme-relative `//host/…` (a browser reads `\\` as `/`)."""
    squeezed = _TAB_OR_NEWLINE.sub("", value.strip("".join(map(chr, range(0x21)))))
    return url_scheme(value) is not None or squeezed.replace("\\", "/").startswith("//")


def _attribute_filter(tag: str, attr: str, value: str) -> str | None:
    if tag == "img" and attr == "src" and is_external(value):
        return None  # the Content-Security-Policy would block it, and it would track readers
    return value


_cleaners: dict[str, nh3.Cleaner] = {}
_url_checkers: dict[tuple[str, str], nh3.Cleaner] = {}


def url_survives(tag: str, attr: str, value: str) -> bool:
    """Whether nh3 keeps this URL: it drops addresses it cannot parse (`https://ex ample.com`)."""
    key = (tag, attr)
    if key not in _url_checkers:
        _url_checkers[key] = nh3.Cleaner(
            tags={tag}, attributes={tag: {attr}}, url_schemes=set(URL_SCHEMES), link_rel=None
        )
    escaped = html.escape(value, quote=True)
    cleaned = _url_checkers[key].clean(f'<{tag} {attr}="{escaped}"></{tag}>')
    return f"{attr}=" in cleaned


def clean(html: str, policy_name: str) -> str:
    """The HTML with everything the policy does not allow removed (nh3)."""
    cleaner = _cleaners.get(policy_name)
    if cleaner is None:
        policy = POLICIES[policy_name]
        attributes = {"*": set(GENERIC_ATTRIBUTES)}
        attributes.update({tag: set(attrs) for tag, attrs in policy.attributes.items()})
        cleaner = nh3.Cleaner(
            tags=set(policy.tags),
            clean_content_tags=set(DROP_WITH_CONTENT),
            attributes=attributes,
            attribute_filter=_attribute_filter,
            url_schemes=set(URL_SCHEMES),
            link_rel=None,
            strip_comments=True,
        )
        _cleaners[policy_name] = cleaner
    return cleaner.clean(html)


@dataclass
class Finding:
    """Something `inspect` found, and what tells its line in the source: the start tag as the
    HTML has it (raw HTML is the source's own text), and `attribute`, the attribute within it
    that is in question; or, where the tag was written by Markdown, `needle`, text to look
    for in the source. Findings of one tag share its `tag_index`."""

    message: str
    needle: str
    tag_text: str | None = field(default=None, compare=False)
    tag_index: int = field(default=-1, compare=False)
    attribute: str = field(default="", compare=False)


@dataclass
class Inspection:
    unsafe: list[Finding] = field(default_factory=list)
    #: (url, tag, attribute) of every link and embedded resource
    links: list[tuple[str, str, str]] = field(default_factory=list)
    first_paragraph: str = ""


class _Inspector(HTMLParser):
    def __init__(self, policy: Policy, label: str):
        super().__init__(convert_charrefs=True)
        self.policy = policy
        self.label = label
        self.result = Inspection()
        #: Start tags seen; whether their text is the HTML's (fed), or they come from a tree.
        self._tags = 0
        self.fed = False
        self._depth = 0
        self._para_depth: int | None = None
        self._para_done = False
        self._para: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        self._visit(tag, attrs)
        if tag not in VOID_TAGS:
            self._depth += 1
            if tag == "p" and not self._para_done and self._para_depth is None:
                self._para_depth = self._depth
            elif self._para_depth is not None and tag == "sup":
                self._skip += 1

    def handle_startendtag(self, tag, attrs):
        self._visit(tag, attrs)

    def handle_endtag(self, tag):
        if tag in VOID_TAGS:
            return
        if self._para_depth is not None:
            if tag == "sup" and self._skip:
                self._skip -= 1
            elif tag == "p" and self._depth == self._para_depth:
                self._para_depth = None
                self._para_done = bool("".join(self._para).strip())
                if not self._para_done:
                    self._para = []
        self._depth = max(0, self._depth - 1)

    def handle_data(self, data):
        if self._para_depth is not None and not self._skip:
            self._para.append(data)

    def _visit(self, tag, attrs):
        policy, label = self.policy, self.label
        self._tags += 1
        tag_text = self.get_starttag_text() if self.fed else None

        def found(message, needle, attribute=""):
            self.result.unsafe.append(Finding(message, needle, tag_text, self._tags, attribute))

        if tag not in policy.tags:
            if tag == "iframe":
                found(
                    f"<iframe> is not allowed in {label}s: put a recording's address in a "
                    "webinar's 'video:' field (a player that loads only when a reader clicks "
                    "it), or link to it",
                    "<iframe",
                )
            else:
                found(f"<{tag}> is not allowed in {label}s", f"<{tag}")
            return
        for attr, value in attrs:
            value = value or ""
            if not policy.allows_attribute(tag, attr):
                found(f"attribute '{attr}' on <{tag}> is not allowed in {label}s", f"{attr}=", attr)
                continue
            if attr in URL_ATTRIBUTES:
                shown = value.strip()
                scheme = url_scheme(value)
                if scheme is not None and scheme not in URL_SCHEMES:
                    found(
                        f"the {scheme}: URL in <{tag} {attr}> is not allowed "
                        f"(only {', '.join(sorted(URL_SCHEMES))} and site links)",
                        shown[:40] or attr,
                        attr,
                    )
                    continue
                if not url_survives(tag, attr, value):
                    found(
                        f"the URL '{shown[:60]}' in <{tag} {attr}> is not a valid "
                        "address and would be removed",
                        shown[:40] or attr,
                        attr,
                    )
                    continue
                if tag == "img" and attr == "src" and is_external(value):
                    found(
                        f"the picture '{shown[:60]}' is on another site: put the file in "
                        f"content/images/ and write ![what it shows](/images/name.png) (a "
                        "picture from elsewhere would load before the reader asks)",
                        shown[:40] or attr,
                        attr,
                    )
                    continue
                self.result.links.append((shown, tag, attr))

    def close_result(self) -> Inspection:
        self.close()
        self.result.first_paragraph = " ".join("".join(self._para).split())
        return self.result


VOID_TAGS = frozenset(
    {
        "area",
        "base",
        "br",
        "col",
        "embed",
        "hr",
        "img",
        "input",
        "link",
        "meta",
        "param",
        "source",
        "track",
        "wbr",
    }
)


def inspect(html: str, policy_name: str, label: str) -> Inspection:
    """What in `html` the policy would remove, its links, and its first paragraph's text."""
    inspector = _Inspector(POLICIES[policy_name], label)
    inspector.fed = True
    inspector.feed(html)
    return inspector.close_result()


class _Unsure(Exception):
    """The tree holds something whose HTML only a parser can tell about."""


def inspect_tree(root, policy_name: str, label: str, as_parsed) -> Inspection | None:
    """What `inspect` says of the HTML that the Markdown element tree `root` is written as
    (the children of `root`, in Python-Markdown's "html" format), from the tree; None when the
    tree has anything `inspect` would have to report or parse for itself: an element the
    policy does not allow, a comment, a text with a placeholder (`as_parsed` raises)."""
    inspector = _Inspector(POLICIES[policy_name], label)
    tags = inspector.policy.tags
    # (element, whether its end tag and tail are next) in document order, as written.
    stack = [(child, False) for child in reversed(root)]
    try:
        if root.text and root.text.strip():
            inspector.handle_data(as_parsed(root.text))
        while stack:
            element, closing = stack.pop()
            tag = element.tag
            if closing:
                if tag is not None:
                    inspector.handle_endtag(tag)
                if element.tail:
                    inspector.handle_data(as_parsed(element.tail))
                continue
            if tag is not None:
                if not isinstance(tag, str) or tag not in tags:
                    raise _Unsure(tag)  # a comment, a processing instruction, or refused
                attrs = [(name.lower(), None if value is None else as_parsed(value))
                         for name, value in sorted(element.items())]  # fmt: skip
                inspector.handle_starttag(tag, attrs)
                if tag in VOID_TAGS:  # written without an end tag, nor text
                    if element.text or len(element):
                        raise _Unsure(tag)
                    if element.tail:
                        inspector.handle_data(as_parsed(element.tail))
                    continue
            if element.text:
                inspector.handle_data(as_parsed(element.text))
            stack.append((element, True))
            stack.extend((child, False) for child in reversed(element))
    except (_Unsure, ValueError):
        return None
    return inspector.close_result()
