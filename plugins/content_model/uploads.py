"""What may be published from content/: names, links, pictures, SVGs and extra files.

Why: pictures and extra files come from strangers' pull requests and are published on the
site's own address, where a browser trusts them as much as our pages. So, for every file under
content/ (docs/content.md §6.3):

- no symbolic link anywhere: a link could publish any file of the machine that builds (the
  environment of the build, a key) or make the build walk the whole disk. Links are never
  followed; the build stops at the first signal of its run if it finds one, before Pelican
  (which follows linked folders) looks for files;
- names of a safe character set (`schema.SAFE_NAME`), so that no name can carry markup, a line
  break or `..` into a page, a URL or a problem line;
- content/images/ holds pictures only, each the picture its ending says (Pillow opens and
  verifies it: a `.png` that is a GIF or an HTML page is refused), and SVGs that pass the SVG
  check below;
- content/extra/ publishes an allow-list of kinds (`schema.EXTRA_KINDS`), not `.html`, `.js`,
  `.xml`… unless the `CONTENT_EXTRA_ALLOW` setting names the file.

SVG pictures are checked, not rewritten: every script, event handler, `<foreignObject>`, HTML
element, processing instruction, DOCTYPE or reference to another file is a problem at its own
line, as the HTML policy does for Markdown (`CONTENT_UNSAFE_HTML = "error"`): the contributor
sees what is wrong and where, and what is published is byte for byte what was reviewed. The XML
is read by lxml with entities, DTDs and the network switched off.
"""

from __future__ import annotations

import fnmatch
import os
import re
import unicodedata
import warnings
from dataclasses import dataclass

from lxml import etree
from PIL import Image, UnidentifiedImageError
from unidecode import unidecode

from .problems import Problem
from .schema import (
    CONTENT_SUFFIX,
    EXTRA_FOLDER,
    EXTRA_KINDS,
    EXTRA_NAMES,
    ICON_FORMATS,
    IMAGE_FOLDER,
    IMAGE_SUFFIXES,
    PICTURE_FORMATS,
    SAFE_NAME,
    SUFFIX_OF_FORMAT,
    SVG_SUFFIX,
    TYPES_BY_FOLDER,
    WEBP_MAX_SIDE,
    WELL_KNOWN_FOLDER,
    WELL_KNOWN_SUFFIXES,
)
from .values import slugify

# -- walking content/ without following anything -----------------------------------------------


@dataclass(frozen=True)
class Entry:
    #: path under content/, forward slashes
    rel: str
    path: str
    #: "file", "folder", "link" (a symbolic link, never followed) or "other" (pipe, device…)
    kind: str


def walk(content_path: str) -> tuple[list[Entry], list[Problem]]:
    """Every entry under content/, hidden ones included, sorted; links are listed, not
    followed. Folders that cannot be listed are problems."""
    entries: list[Entry] = []
    problems: list[Problem] = []
    pending = [("", content_path)]
    while pending:
        rel_dir, folder = pending.pop()
        try:
            with os.scandir(folder) as listing:
                found = sorted(listing, key=lambda e: e.name)
        except OSError as e:
            if rel_dir:
                problems.append(Problem(folder, 1, f"could not be read ({e.strerror})"))
            continue
        for item in found:
            rel = f"{rel_dir}/{item.name}" if rel_dir else item.name
            try:
                if item.is_symlink():
                    kind = "link"
                elif item.is_dir(follow_symlinks=False):
                    kind = "folder"
                    pending.append((rel, item.path))
                elif item.is_file(follow_symlinks=False):
                    kind = "file"
                else:
                    kind = "other"
            except OSError:
                kind = "other"
            entries.append(Entry(rel, item.path, kind))
    entries.sort(key=lambda e: e.rel)
    return entries, problems


def is_published_path(rel: str) -> bool:
    """False for hidden files and folders, which are neither read nor published, except
    content/extra/.well-known/ (published at /.well-known/)."""
    parts = rel.split("/")
    if parts[:2] == [EXTRA_FOLDER, WELL_KNOWN_FOLDER]:
        parts = parts[2:]
    return not any(part.startswith(".") for part in parts)


def has_link(path: str, top: str) -> bool:
    """Whether `path`, or a folder between `top` and it, is a symbolic link (or `path` is not
    under `top` at all)."""
    top = os.path.abspath(top)
    path = os.path.abspath(path)
    if os.path.commonpath([top, path]) != top:
        return True
    while path != top:
        if os.path.islink(path):
            return True
        path = os.path.dirname(path)
    return False


def link_problems(entries: list[Entry], shown) -> list[Problem]:
    problems = []
    for entry in entries:
        if entry.kind != "link":
            continue
        try:
            target = f" (to {printable(os.readlink(entry.path))})"
        except OSError:
            target = ""
        problems.append(
            Problem(
                shown(entry.path),
                1,
                f"is a symbolic link{target}: links under content/ are neither followed nor "
                "published; put the file itself here, or remove the link",
            )
        )
    return problems


def links_under(content_path: str) -> list[Entry]:
    """The symbolic links under content/ (the first check of every build)."""
    entries, _ = walk(content_path)
    return [e for e in entries if e.kind == "link"]


# -- names ------------------------------------------------------------------------------------

_UNSAFE_RUN = re.compile(r"[^A-Za-z0-9._-]+")


def printable(text: str, limit: int = 80) -> str:
    """`text` with anything that is not a visible character shown as its code point: safe in
    one line of a terminal or a log, whatever a file name or link holds."""
    shown = "".join(
        ch if ch == " " or (ch.isprintable() and not ch.isspace()) else f"<U+{ord(ch):04X}>"
        for ch in text[:limit]
    )
    return shown + ("…" if len(text) > limit else "")


def _describe(ch: str) -> str:
    if ch.isalnum() and ch.isprintable():
        return f"'{ch}'"
    name = unicodedata.name(ch, "")
    return f"U+{ord(ch):04X}" + (f" {name}" if name else "")


def safe_segment(name: str, document: bool = False) -> str:
    """A name of the safe set made from `name` (unidecode, like `values.slugify`)."""
    stem, suffix = os.path.splitext(name)
    if not stem and suffix:  # ".well-known"-like or a name that is only an ending
        stem, suffix = suffix, ""
    if document:
        return (slugify(stem) or "document") + CONTENT_SUFFIX
    stem = _UNSAFE_RUN.sub("-", unidecode(stem)).strip("-._") or "file"
    suffix = re.sub(r"[^A-Za-z0-9]", "", unidecode(suffix))
    return stem + ("." + suffix if suffix else "")


#: The longest name of a file or folder under content/: file systems allow 255 bytes, and the
#: build adds to names (a picture's resized copies end in `-1440.webp`).
MAX_NAME_LENGTH = 100


def shorter_segment(name: str) -> str:
    """`name` cut to MAX_NAME_LENGTH characters, its ending kept."""
    if len(name) <= MAX_NAME_LENGTH:
        return name
    stem, suffix = os.path.splitext(name)
    if len(suffix) > 20:
        stem, suffix = name, ""
    return stem[: MAX_NAME_LENGTH - len(suffix)].rstrip("-._") + suffix


def _is_document(rel: str) -> bool:
    return rel.split("/", 1)[0] in TYPES_BY_FOLDER and rel.endswith(CONTENT_SUFFIX)


def name_problems(entries: list[Entry], shown, content_path: str, named=()) -> list[Problem]:
    """One problem per file whose path under content/ holds a name outside the safe set,
    with the name to use. `named`: documents whose own problems already say to rename
    their file (a file name that is not a slug), not reported twice."""
    problems = []
    content_shown = shown(content_path)
    for entry in entries:
        if entry.kind not in ("file", "other") or not is_published_path(entry.rel):
            continue
        parts = entry.rel.split("/")
        bad = [
            part
            for i, part in enumerate(parts)
            if not SAFE_NAME.match(part) and not (i == 1 and part == WELL_KNOWN_FOLDER)
        ]
        long = [part for part in parts if len(part) > MAX_NAME_LENGTH]
        if not (bad or long) or entry.rel in named:
            continue
        document = _is_document(entry.rel)
        fixed = [
            shorter_segment(
                part
                if SAFE_NAME.match(part) or (i == 1 and part == WELL_KNOWN_FOLDER)
                else safe_segment(part, document and i == len(parts) - 1)
            )
            for i, part in enumerate(parts)
        ]
        rename = f"rename it {content_shown}/{'/'.join(fixed)}"
        if not bad:
            problems.append(
                Problem(
                    shown(entry.path),
                    1,
                    f"names of files and folders may be at most {MAX_NAME_LENGTH} characters "
                    f"long (the build adds to them, and file systems allow 255); this path has "
                    f"a name of {len(long[0])}: {rename}",
                )
            )
            continue
        odd = sorted({ch for part in bad for ch in part if not re.match(r"[A-Za-z0-9._-]", ch)})
        if odd:
            what = "has " + ", ".join(_describe(ch) for ch in odd[:5])
            what += ", …" if len(odd) > 5 else ""
        else:
            what = "starts with '" + bad[0][0] + "'"
        problems.append(
            Problem(
                shown(entry.path),
                1,
                "names of files and folders may hold only letters A-Z and a-z, digits, '-', "
                f"'_' and '.', and start with a letter or digit; this path {what}: {rename}",
            )
        )
    return problems


# -- pictures -----------------------------------------------------------------------------------


def check_upload(path: str, formats: dict, checked: dict | None = None) -> list[tuple[int, str]]:
    """(line, message) for each problem of the picture at `path`; its ending decides what it
    must be (`formats`: ending -> Pillow formats, or SVG). `checked`: the session's memo of
    earlier answers by (path, size, modification time), so that a long-lived process (the
    live-reload server) checks each version of a picture once (`Caches.uploads`)."""
    if checked is None:
        checked = {}
    try:
        st = os.stat(path, follow_symlinks=False)
    except OSError as e:
        return [(1, f"could not be read ({e.strerror})")]
    key = (path, st.st_size, st.st_mtime_ns)
    if key not in checked:
        suffix = os.path.splitext(path)[1].lower()
        if suffix == SVG_SUFFIX:
            try:
                with open(path, "rb") as f:
                    found = svg_problems(f.read())
            except OSError as e:
                found = [(1, f"could not be read ({e.strerror})")]
        else:
            found = picture_problems(path, suffix, formats[suffix])
        checked[key] = found
    return checked[key]


def picture_problems(path: str, suffix: str, expected: tuple[str, ...]) -> list[tuple[int, str]]:
    """A raster picture must be one Pillow reads, of the format its ending says."""
    kind = expected[0]
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(path) as image:
                found, (width, height) = image.format, image.size
                image.verify()
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        limit = Image.MAX_IMAGE_PIXELS or 0
        return [(1, f"the picture is too large to publish (more than {limit:,} pixels)")]
    except UnidentifiedImageError:
        return [
            (
                1,
                f"is not a {kind} picture: its content is not a picture at all (a file that "
                f"ends in {suffix} must be a {kind} picture)",
            )
        ]
    except Exception as e:  # Pillow's decoders raise many kinds for damaged files
        return [(1, f"is a damaged {kind} picture ({type(e).__name__}: {printable(str(e))})")]
    if found not in expected:
        stem = os.path.splitext(os.path.basename(path))[0]
        better = SUFFIX_OF_FORMAT.get(found)
        hint = f": rename it {stem}{better}" if better else ""
        return [(1, f"is a {found} picture, not {kind} as its ending {suffix} says{hint}")]
    if height > WEBP_MAX_SIDE * width:  # no variant, however narrow, fits in a WebP file
        return [
            (
                1,
                f"the picture is too tall for its width to publish ({height} pixels high for "
                f"{width} wide: at most {WEBP_MAX_SIDE} times its width)",
            )
        ]
    return []


# -- SVG ----------------------------------------------------------------------------------------

SVG_NS = "http://www.w3.org/2000/svg"
#: Elements of these namespaces inside an SVG are live HTML or MathML, scripts and all.
FOREIGN_NAMESPACES = {
    "http://www.w3.org/1999/xhtml": "HTML",
    "http://www.w3.org/1998/Math/MathML": "MathML",
}
#: Elements refused in any namespace: they run script or embed another document.
FORBIDDEN_ELEMENTS = {
    "script": "it runs script",
    "foreignobject": "it embeds HTML, which can run script",
    "iframe": "it embeds another page",
    "embed": "it embeds another file",
    "object": "it embeds another file",
    "handler": "it runs script",
    "listener": "it runs script",
}
#: SMIL animations can set an attribute to a `javascript:` URL or an event handler.
ANIMATIONS = {"set", "animate", "animatemotion", "animatetransform", "animatecolor", "discard"}
#: Raster data an `<image>` may embed (`data:` URLs of pictures, which cannot run script).
DATA_PICTURE = re.compile(r"^data:image/(png|jpeg|gif|webp);base64,", re.IGNORECASE)
_CSS_URL = re.compile(r"url\(\s*(['\"]?)\s*([^'\")\s]*)", re.IGNORECASE)
_CSS_LOADERS = re.compile(r"(?<![\w-])((?:-webkit-)?image-set|image|src)\(", re.IGNORECASE)
_CSS_IMPORT = re.compile(r"@import", re.IGNORECASE)
_WHY_EXTERNAL = "an SVG picture may refer only to its own parts ('#id')"


def _parser() -> etree.XMLParser:
    return etree.XMLParser(
        resolve_entities=False,
        no_network=True,
        huge_tree=False,
        load_dtd=False,
        dtd_validation=False,
        remove_comments=False,
        remove_pis=False,
    )


def _local(name: str) -> str:
    return name.rsplit("}", 1)[-1]


def _namespace(name: str) -> str:
    return name[1:].split("}", 1)[0] if name.startswith("{") else ""


class _Lines:
    """Lines of the start tags and attributes: lxml gives the line where a start tag ends."""

    def __init__(self, raw: bytes, encoding: str | None):
        try:
            text = raw.decode(encoding or "utf-8", errors="replace")
        except LookupError:
            text = raw.decode("utf-8", errors="replace")
        self.lines = text.split("\n")

    def _back(self, end: int, pattern: re.Pattern) -> int:
        for line in range(min(end, len(self.lines)), max(0, end - 200), -1):
            if pattern.search(self.lines[line - 1]):
                return line
        return end

    def of_element(self, element) -> int:
        end = element.sourceline or 1
        tag = re.escape(_local(element.tag))
        return self._back(end, re.compile(rf"<(?:[\w.-]+:)?{tag}(?![\w.:-])"))

    def of_attribute(self, element, name: str) -> int:
        end = element.sourceline or 1
        local = re.escape(_local(name))
        return self._back(end, re.compile(rf"(?:^|\s)(?:[\w.-]+:)?{local}\s*="))

    def of_text(self, needle: str, start: int = 1) -> int:
        for line in range(max(1, start), len(self.lines) + 1):
            if needle in self.lines[line - 1]:
                return line
        return start


def css_problems(css: str) -> list[tuple[int, str]]:
    """(offset in `css`, message) for what in a style would load a file or hide from this
    check: `@import`, `url()` of anything but `#id`, `image-set()`, CSS escapes."""
    found = []
    escape = css.find("\\")
    if escape >= 0:
        found.append((escape, "CSS escapes ('\\') are not allowed in an SVG picture's styles"))
    for match in _CSS_IMPORT.finditer(css):
        found.append((match.start(), f"@import is not allowed in an SVG picture: {_WHY_EXTERNAL}"))
    for match in _CSS_URL.finditer(css):
        if not match.group(2).startswith("#"):
            target = printable(match.group(2), 60)
            found.append((match.start(), f"url({target}) is not allowed: {_WHY_EXTERNAL}"))
    for match in _CSS_LOADERS.finditer(css):
        found.append(
            (match.start(), f"{match.group(1)}() is not allowed in an SVG picture: {_WHY_EXTERNAL}")
        )
    return found


def svg_problems(raw: bytes) -> list[tuple[int, str]]:
    """(line, message) for each thing in an SVG that could run script, load another file or
    make the parser expand entities; [] for a picture that may be published as it is."""
    try:
        root = etree.fromstring(raw, _parser())
    except etree.XMLSyntaxError as e:
        line = e.lineno or 1
        return [(line, f"is not a well-formed SVG picture ({printable(e.msg or str(e))})")]
    tree = root.getroottree()
    lines = _Lines(raw, tree.docinfo.encoding)
    problems: list[tuple[int, str]] = []
    if tree.docinfo.doctype or tree.docinfo.internalDTD is not None:
        problems.append(
            (
                lines.of_text("<!DOCTYPE"),
                "a DOCTYPE is not allowed in an SVG picture (its entities could make the "
                "file huge or read other files): delete it",
            )
        )
    for sibling in [*root.itersiblings(preceding=True), *root.itersiblings()]:
        if isinstance(sibling, etree._ProcessingInstruction):
            problems.append(_pi_problem(sibling))
    if root.tag != f"{{{SVG_NS}}}svg":
        name = _local(root.tag) if isinstance(root.tag, str) else "?"
        problems.append(
            (
                lines.of_element(root),
                f"is not an SVG picture: its first element is <{printable(name, 40)}>, not "
                f'<svg xmlns="{SVG_NS}">',
            )
        )
        return sorted(problems)
    _check_element(root, lines, problems)
    return sorted(problems)


def _pi_problem(node) -> tuple[int, str]:
    return (
        node.sourceline or 1,
        f"the processing instruction <?{printable(node.target, 40)} …?> is not allowed in an "
        "SVG picture (a stylesheet there can turn the picture into a page with script): "
        "delete it",
    )


def _check_element(element, lines: _Lines, problems: list) -> None:
    stack = [element]
    while stack:
        node = stack.pop()
        if isinstance(node, etree._ProcessingInstruction):
            problems.append(_pi_problem(node))
            continue
        if isinstance(node, etree._Entity):
            problems.append(
                (
                    node.sourceline or lines.of_text(f"&{node.name};"),
                    f"the entity reference &{printable(node.name, 40)}; is not allowed in an "
                    "SVG picture: write the text itself",
                )
            )
            continue
        if not isinstance(node.tag, str):  # a comment
            continue
        if _element_refused(node, lines, problems):
            continue  # what is inside goes with it
        _check_attributes(node, lines, problems)
        if _local(node.tag).lower() == "style":
            _check_style(node, problems)
        stack.extend(reversed(list(node)))


def _end_line(node) -> int:
    """The line where `node` (a child of <style>) ends: lxml gives the line where a comment
    or processing instruction ends, and where an element's start tag ends."""
    line = node.sourceline or 1
    if isinstance(node.tag, str):  # an element: what is inside it, up to its end tag
        line += etree.tostring(node, with_tail=False).count(b"\n")
    return line


def _start_line(node) -> int:
    line = node.sourceline or 1
    if not isinstance(node.tag, str):  # a comment or processing instruction: back to its start
        line -= etree.tostring(node, with_tail=False).count(b"\n")
    return max(1, line)


def _check_style(node, problems: list) -> None:
    """A browser takes a <style>'s rules from all of its text: the text before a comment or a
    child element and every text after one (CDATA sections are text too). Comments and
    elements inside it are refused at their line (they could split an `@import` so that no
    part of it looks like one), and the whole text is checked as one style."""
    segments = [(node.sourceline or 1, node.text or "")]
    for child in node:
        if isinstance(child, etree._Comment):
            problems.append(
                (
                    _start_line(child),
                    "a comment inside <style> is not allowed in an SVG picture (it would "
                    "hide part of the style from this check): use a CSS comment /* … */",
                )
            )
        elif isinstance(child.tag, str):
            problems.append(
                (
                    _start_line(child),
                    f"<{printable(_local(child.tag), 40)}> inside <style> is not allowed in an "
                    "SVG picture: a style holds only text",
                )
            )
        # processing instructions and entity references are refused by _check_element
        segments.append((_end_line(child), child.tail or ""))
    css = "".join(text for _, text in segments)
    for offset, message in css_problems(css):
        problems.append((_line_of(segments, offset), message))


def _line_of(segments: list[tuple[int, str]], offset: int) -> int:
    """The line of `offset` in the text made of `segments`, each (its first line, text)."""
    for first, text in segments:
        if offset < len(text):
            return first + text.count("\n", 0, offset)
        offset -= len(text)
    first, text = segments[-1]
    return first + text.count("\n")


def _element_refused(node, lines: _Lines, problems: list) -> bool:
    local = _local(node.tag)
    namespace = _namespace(node.tag)
    if namespace in FOREIGN_NAMESPACES:
        what = FOREIGN_NAMESPACES[namespace]
        problems.append(
            (
                lines.of_element(node),
                f"<{printable(local, 40)}> is an {what} element: {what} is not allowed in an "
                "SVG picture (it can run script)",
            )
        )
        return True
    why = FORBIDDEN_ELEMENTS.get(local.lower())
    if why:
        message = f"<{local}> is not allowed in an SVG picture: {why}"
        problems.append((lines.of_element(node), message))
        return True
    return False


def _href_allowed(element: str, target: str) -> bool:
    """`#id` anywhere; raster `data:` pictures in `<image>`; web links in `<a>`."""
    if target.startswith("#"):
        return True
    if element in ("image", "feimage"):
        return bool(DATA_PICTURE.match(target))
    return element == "a" and bool(re.match(r"^https?://", target, re.IGNORECASE))


def _check_attributes(node, lines: _Lines, problems: list) -> None:
    element = _local(node.tag).lower()
    for name, value in node.attrib.items():
        local = _local(name).lower()
        line = lines.of_attribute(node, name)
        shown = printable(value.strip(), 60)
        if local.startswith("on"):
            problems.append(
                (
                    line,
                    f"the event handler '{_local(name)}' is not allowed in an SVG picture: "
                    "it runs script",
                )
            )
        elif local == "href" and not _href_allowed(element, value.strip()):
            tag = f'<{_local(node.tag)} {_local(name)}="{shown}">'
            problems.append((line, f"{tag} is not allowed: {_WHY_EXTERNAL}"))
        elif local == "attributename" and element in ANIMATIONS:
            # The local part, after any prefix (`xlink:href`, `q:href`: whatever it is bound
            # to, a browser animates the link) or `{namespace}`.
            animated = re.split(r"[:}]", value.strip())[-1].strip().lower()
            if animated == "href" or animated.startswith("on") or animated == "style":
                problems.append(
                    (
                        line,
                        f"<{_local(node.tag)}> may not change '{shown}' (an animation can set "
                        "it to a script)",
                    )
                )
        else:  # any attribute may be a CSS value: fill="\\75rl(…)", cursor="image-set(…)"
            for _offset, message in css_problems(value):
                problems.append((line, message))


# -- the allow-lists ----------------------------------------------------------------------------


def _kinds_text() -> str:
    kinds = ", ".join(f"{kind} ({' '.join(suffixes)})" for kind, suffixes in EXTRA_KINDS.items())
    return f"{kinds}, {', '.join(EXTRA_NAMES)} and files in {WELL_KNOWN_FOLDER}/"


def image_problems(entry: Entry, shown, checked=None) -> list[Problem]:
    suffix = os.path.splitext(entry.rel)[1].lower()
    if suffix not in IMAGE_SUFFIXES:
        return [
            Problem(
                shown(entry.path),
                1,
                f"content/{IMAGE_FOLDER}/ holds only pictures ({' '.join(IMAGE_SUFFIXES)}); "
                f"a file ending in '{printable(suffix, 20) or '(nothing)'}' is not published "
                f"from there (documents such as PDFs go in content/{EXTRA_FOLDER}/)",
            )
        ]
    return [
        Problem(shown(entry.path), line, message)
        for line, message in check_upload(entry.path, PICTURE_FORMATS, checked)
    ]


def extra_problems(entry: Entry, shown, allow=(), checked=None) -> list[Problem]:
    rel = entry.rel.split("/", 1)[1]
    if any(fnmatch.fnmatchcase(rel, pattern) for pattern in allow):
        return []  # the team named it (CONTENT_EXTRA_ALLOW): published as it is
    if rel in EXTRA_NAMES:
        return []
    suffix = os.path.splitext(rel)[1].lower()
    if rel.startswith(WELL_KNOWN_FOLDER + "/") and suffix in WELL_KNOWN_SUFFIXES:
        return []
    if suffix in EXTRA_KINDS["pictures"]:
        formats = {**PICTURE_FORMATS, **ICON_FORMATS}
        return [
            Problem(shown(entry.path), line, message)
            for line, message in check_upload(entry.path, formats, checked)
        ]
    if any(suffix in suffixes for suffixes in EXTRA_KINDS.values()):
        return []
    ending = f"'{printable(suffix, 20)}' files are" if suffix else "files without an ending are"
    return [
        Problem(
            shown(entry.path),
            1,
            f"{ending} not published from content/{EXTRA_FOLDER}/ (a page, script or "
            "stylesheet there would run on the site's own address); it publishes "
            f"{_kinds_text()}. If the team wants this file, the CONTENT_EXTRA_ALLOW setting "
            "names it (docs/settings.md)",
        )
    ]


def tree_problems(content_path: str, shown_root: str, allow=(), docs=(),
                  checked: dict | None = None) -> list[Problem]:  # fmt: skip
    """Every problem of the files under content/ themselves: links, names, pictures and the
    files of content/extra/. `docs`: the documents read, whose own problems may already say
    to rename their file; `checked`: earlier answers for pictures (`check_upload`)."""

    def shown(path):
        return os.path.relpath(path, shown_root)

    entries, problems = walk(content_path)
    problems = [Problem(shown(p.path), p.line, p.message) for p in problems]
    problems += link_problems(entries, shown)
    named = {
        d.content_relative
        for d in docs
        if any(p.line == 1 and p.message.startswith("the file name ") for p in d.problems)
    }
    problems += name_problems(entries, shown, content_path, named)
    for entry in entries:
        if not is_published_path(entry.rel):
            continue
        top = entry.rel.split("/", 1)[0]
        if top not in (IMAGE_FOLDER, EXTRA_FOLDER) or entry.kind == "folder":
            continue
        if entry.kind == "other":
            problems.append(
                Problem(shown(entry.path), 1, "is not a regular file (a pipe, socket or device)")
            )
        elif entry.kind == "file":
            if top == IMAGE_FOLDER:
                problems += image_problems(entry, shown, checked)
            else:
                problems += extra_problems(entry, shown, allow, checked)
    return problems
