"""One content file, read once: front matter checked field by field, body rendered and cleaned.

`parse_document` never raises for bad input: every problem becomes a `Problem` with the line of
the offending key (or link, or HTML), and the document is still returned so that the build can
report the problems of all files together.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass, field
from datetime import datetime

from . import html_policy, markdown_render
from .frontmatter import CONTROL_CHARACTERS, FrontMatter, has_control_characters, normalize_text
from .frontmatter import parse as parse_front_matter
from .problems import Problem, suggest
from .schema import DRAFT, PUBLISHED, SLUG_PATTERN, ContentType
from .values import PARSERS, Invalid, Site, is_null, slugify

SUMMARY_WORDS = 50
SUMMARY_CHARS = 300


@dataclass(frozen=True)
class Link:
    target: str
    line: int


@dataclass
class Document:
    source: str
    ctype: ContentType
    #: path under content/, with forward slashes (what {filename} links name)
    content_relative: str = ""
    values: dict = field(default_factory=dict)
    lines: dict = field(default_factory=dict)
    slug: str = ""
    html: str = ""
    summary: str = ""
    links: list[Link] = field(default_factory=list)
    problems: list[Problem] = field(default_factory=list)
    #: HTML the policy removed, reported as warnings where the site cleans instead of failing
    removed: list[Problem] = field(default_factory=list)
    #: what this document was parsed from (parse_cache.py): equal keys, equal documents
    key: str = ""

    @property
    def url(self) -> str:
        return self.ctype.url_for(self.slug)

    @property
    def save_as(self) -> str:
        return self.ctype.save_as_for(self.slug)

    @property
    def status(self) -> str:
        return self.values.get("status", PUBLISHED)

    @property
    def is_draft(self) -> bool:
        return self.status == DRAFT

    @property
    def title(self) -> str:
        return self.values.get("title") or os.path.basename(self.source)

    @property
    def date(self) -> datetime | None:
        return self.values.get("date")

    @property
    def lang(self) -> str:
        return self.values.get("lang", "en")

    def line_of(self, name: str) -> int:
        return self.lines.get(name, 1)


def shorten(text: str, words: int = SUMMARY_WORDS, chars: int = SUMMARY_CHARS) -> str:
    """At most `words` words and about `chars` characters, cut at a word, with an ellipsis."""
    parts = text.split()
    out: list[str] = []
    length = 0
    for word in parts[:words]:
        if out and length + 1 + len(word) > chars:
            break
        out.append(word)
        length += len(word) + (1 if len(out) > 1 else 0)
    shortened = " ".join(out)
    if len(out) < len(parts):
        shortened = shortened.rstrip(".,;:!?…") + "…"
    return shortened


_ASCII_LOWER = str.maketrans("ABCDEFGHIJKLMNOPQRSTUVWXYZ", "abcdefghijklmnopqrstuvwxyz")


#: Where `without_code` has nothing to do: no backtick, tilde fence, comment or indented line.
_MAY_HOLD_CODE = re.compile(r"`|~~~|<!--|\n(?:    |\t)")
#: As Python-Markdown reads them: a closed comment; a code span that no backslash escapes, and
#: that may go over lines but not over a blank one (a paragraph) nor into a line that starts
#: with '<' (raw HTML, which ends a paragraph); a fence at the line's start.
_COMMENT = re.compile(r"<!--.*?-->", re.DOTALL)
_CODE_SPAN = re.compile(r"(?<!\\)(`+)(?!`)(?:(?!\n[ \t]*\n|\n<).)+?(?<!`)\1(?!`)", re.DOTALL)
_FENCE = re.compile(r"(`{3,}|~{3,})")
_LIST_ITEM = re.compile(r"^ {0,3}(?:[-*+]|\d+[.)])[ \t]")


def _blank(match: re.Match) -> str:
    return re.sub(r"[^\n]", " ", match.group())


def without_code(body: str) -> str:
    """`body` with its code (fenced and indented blocks, spans) and HTML comments blanked out,
    every other character in its place: markup shown there as text is never the markup a
    problem is about. (An approximation of Python-Markdown's rules; where it blanks too much,
    the `Locator` looks in the whole body again.)"""
    lines, fence, code_block, after_blank, in_list = [], None, False, True, False
    for line in body.split("\n"):
        stripped = line.lstrip()
        indent = len(line) - len(stripped)
        if fence:
            if line.rstrip(" ") == fence:  # closed by the same fence only
                fence = None
            lines.append(" " * len(line))
            continue
        opening = _FENCE.match(line)  # at the line's start: indented, it is text
        if opening:
            fence = opening.group(1)
            lines.append(" " * len(line))
            continue
        if _LIST_ITEM.match(line):
            in_list = True
        elif stripped and indent < 4 and after_blank:
            in_list = False
        code_indent = 8 if in_list else 4  # in a list, 4 spaces continue the item
        if stripped and indent >= code_indent and (after_blank or code_block):
            code_block = True
            lines.append(" " * len(line))
            continue
        if stripped:
            code_block = False
        after_blank = not stripped
        lines.append(line)
    text = _COMMENT.sub(_blank, "\n".join(lines))
    return _CODE_SPAN.sub(_blank, text)


class Locator:
    """The file line of each thing reported in a body, taken in document order: a text
    reported again is looked for after the place where it was found before, so that a
    contributor gets each problem at its own line, the same one twice at two lines. Code
    and comments are passed over (`without_code`)."""

    def __init__(self, body: str, body_line: int):
        self.body = body
        self.body_line = body_line
        self._texts: list[str] | None = None
        self._after: dict[str, int] = {}
        self._tags: dict[int, int] = {}

    def _searched(self):
        """Where to look, in turn, and whether ASCII case is folded there: the body without
        code, then the whole body; each as it is, then with ASCII letters in lower case (the
        same length: the same places). Made only as far as a search needs them."""
        if self._texts is None:
            masked = without_code(self.body) if _MAY_HOLD_CODE.search(self.body) else self.body
            self._texts = [masked] if masked == self.body else [masked, self.body]
        for text in self._texts:
            yield text, False
        for text in self._texts:
            yield text.translate(_ASCII_LOWER), True

    def _find(self, needle: str) -> int:
        """Where `needle` is next, or where it was last; -1 if nowhere."""
        start = self._after.get(needle, 0)
        folded = needle.translate(_ASCII_LOWER)
        for text, is_folded in self._searched():
            index = text.find(folded if is_folded else needle, start)
            if index >= 0:
                self._after[needle] = index + 1
                return index
        return start - 1  # no further one: the last place (or -1)

    def _line_at(self, index: int) -> int:
        return self.body_line + self.body.count("\n", 0, max(index, 0))

    def line_of(self, needle: str) -> int:
        """The line of the next occurrence of `needle` (the body's first line if none)."""
        return self._line_at(self._find(needle)) if needle else self.body_line

    def line_of_finding(self, finding: html_policy.Finding) -> int:
        """The line of a problem of the HTML policy: its attribute in its start tag, as
        written in the source; where Markdown wrote the tag, its needle."""
        if finding.tag_text:
            if finding.tag_index not in self._tags:
                self._tags[finding.tag_index] = self._find(finding.tag_text)
            start = self._tags[finding.tag_index]
            if start >= 0:
                offset = 0
                if finding.attribute:
                    pattern = rf"[\s/\"']{re.escape(finding.attribute)}(?=[\s=/>]|$)"
                    match = re.search(pattern, finding.tag_text, re.IGNORECASE)
                    offset = match.start() + 1 if match else 0
                return self._line_at(start + offset)
        return self.line_of(finding.needle)


#: A field whose kind depends on another field's value: (field, other, value) -> kind.
DEPENDENT_KINDS = {("event_date", "event_date_precision", "month"): "month"}


def _kind(f, fm: FrontMatter) -> str:
    for (name, other, value), kind in DEPENDENT_KINDS.items():
        entry = fm.entries.get(other)
        if f.name == name and entry is not None and getattr(entry[1], "value", None) == value:
            return kind
    return f.kind


def _read_fields(doc: Document, fm: FrontMatter, site: Site) -> None:
    ctype, path = doc.ctype, doc.source
    for name, (line, node) in fm.entries.items():
        f = ctype.field_map.get(name)
        if f is None:
            hint = suggest(name, ctype.field_map)
            if hint is None and name.lower() in ctype.field_map:
                hint = name.lower()
            doc.problems.append(
                Problem(path, line, f"unknown field '{name}' for a {ctype.label.lower()}", hint)
            )
            continue
        doc.lines[name] = line
        if is_null(node):
            if f.required:
                doc.problems.append(Problem(path, line, f"'{name}' is empty"))
            continue
        try:
            doc.values[name] = PARSERS[_kind(f, fm)](f, node, site)
        except Invalid as e:
            for each in (e, *e.others):
                doc.problems.append(Problem(path, each.line or line, each.message, each.suggestion))
    if not fm.readable:
        return  # the file's own problem says it all; missing fields would only repeat it
    for f in ctype.fields:
        if f.required and f.name not in fm.entries:
            doc.problems.append(Problem(path, 1, f"missing required field '{f.name}' ({f.help})"))


def _choose_slug(doc: Document, file_stem: str) -> None:
    if "slug" in doc.values:
        doc.slug = doc.values["slug"]
        return
    if "slug" in doc.lines:  # given, but invalid: already reported
        doc.slug = slugify(file_stem) or "invalid-slug"
        return
    if SLUG_PATTERN.match(file_stem):
        doc.slug = file_stem
        return
    better = slugify(file_stem) or "my-document"
    doc.slug = better
    doc.problems.append(
        Problem(
            doc.source,
            1,
            f"the file name '{file_stem}' is not a valid slug (lower-case a-z, 0-9, hyphens): "
            f"rename the file to {better}.md or add 'slug: {better}'",
        )
    )


_REFERENCE = re.compile(r"&#(?:[xX]([0-9a-fA-F]{1,8})|([0-9]{1,10}));?")


def _control_references(body: str, body_line: int, path: str) -> list[Problem]:
    """A problem at each character reference of `body` that makes a control character."""
    problems = []
    in_fence = False
    for number, text in enumerate(body.split("\n"), body_line):
        if text.lstrip().startswith(("```", "~~~")):
            in_fence = not in_fence
        if in_fence or text.startswith(("    ", "\t")):
            continue  # code shows a reference as it is written
        for match in _REFERENCE.finditer(text):
            char = _referenced(int(match[1], 16) if match[1] else int(match[2]))
            if not char or not CONTROL_CHARACTERS.match(char):
                continue
            if text.count("`", 0, match.start()) % 2:
                continue  # in a code span
            problems.append(
                Problem(
                    path,
                    number,
                    f"'{match.group()}' makes the control character U+{ord(char):04X}: delete it",
                )
            )
    return problems or [Problem(path, body_line, "the text makes a control character: delete it")]


def _referenced(code: int) -> str:
    """The character a reference `&#code;` makes in HTML (0x80-0x9F are windows-1252's)."""
    if 0x80 <= code <= 0x9F:
        return bytes([code]).decode("cp1252", errors="replace").replace("\ufffd", chr(code))
    return chr(code) if code <= 0x10FFFF else ""


def _megabytes(size: int) -> str:
    return f"{size / 1_000_000:.1f}".removesuffix(".0") + " MB"


def _too_large(size: int, limit: int) -> str:
    return (
        f"the file is {_megabytes(size)}; a document may be at most {_megabytes(limit)} "
        "(CONTENT_MAX_FILE_BYTES): split it into several documents"
    )


def _is_internal(target: str) -> bool:
    if not target or target.startswith(("#", "//")):
        return False
    if target.startswith("{"):
        return True
    return html_policy.url_scheme(target) is None


def parse_document(
    raw: bytes,
    source: str,
    ctype: ContentType,
    site: Site,
    unsafe_html: str = "error",
    content_relative: str = "",
) -> Document:
    """Read one content file. `source` is the path shown in problems (e.g. content/blog/x.md),
    `content_relative` its path under content/ (e.g. blog/x.md)."""
    doc = Document(source=source, ctype=ctype, content_relative=content_relative)
    stem = os.path.splitext(os.path.basename(source))[0]
    if len(raw) > site.max_bytes:
        doc.problems.append(Problem(source, 1, _too_large(len(raw), site.max_bytes)))
        doc.slug = slugify(stem) or "invalid"
        return doc
    text, problems = normalize_text(raw, source)
    doc.problems += problems
    if text is None:
        doc.slug = slugify(stem) or "invalid"
        return doc
    fm = parse_front_matter(text, source)
    doc.problems += fm.problems
    _read_fields(doc, fm, site)
    _choose_slug(doc, stem)

    html, tree = markdown_render.render_with_tree(fm.body) if fm.body.strip() else ("", None)
    label = ctype.label.lower()
    found = None
    if tree is not None:  # the same answer without parsing the HTML again
        found = html_policy.inspect_tree(tree, ctype.html_policy, label, markdown_render.as_parsed)
    if found is None:
        found = html_policy.inspect(html, ctype.html_policy, label)
    locate = Locator(fm.body, fm.body_line)
    reported = set()
    for finding in found.unsafe:
        problem = Problem(source, locate.line_of_finding(finding), finding.message)
        if finding.tag_text is None:  # written by Markdown: one mistake used twice (a
            if problem in reported:  # reference link) is one line
                continue
            reported.add(problem)
        (doc.problems if unsafe_html == "error" else doc.removed).append(problem)
    doc.html = html_policy.clean(html, ctype.html_policy) if html else ""
    if has_control_characters(doc.html) or has_control_characters(found.first_paragraph):
        # Only a character reference (`&#11;`) can have made one: the file had none.
        doc.problems += _control_references(fm.body, fm.body_line, source)
        doc.html = CONTROL_CHARACTERS.sub("", doc.html)
        found.first_paragraph = CONTROL_CHARACTERS.sub("", found.first_paragraph)
    locate = Locator(fm.body, fm.body_line)
    for target, _tag, _attr in found.links:
        if _is_internal(target):
            doc.links.append(Link(target, locate.line_of(target)))
    doc.summary = doc.values.get("summary") or shorten(found.first_paragraph)
    return doc
