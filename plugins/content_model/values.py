"""Front-matter values: one parser per field kind of `schema.py`.

Each parser takes the YAML node of a field and returns its value, or raises `Invalid` with the
message (and the line, for an item of a list) a contributor needs to fix it.
"""

from __future__ import annotations

import os
import re
import warnings
from dataclasses import dataclass, field
from datetime import timedelta
from urllib.parse import urlsplit

import langcodes
import pycountry
import yaml
from babel import Locale
from PIL import Image
from unidecode import unidecode

from . import dates
from .frontmatter import CONTROL_CHARACTERS, DIRECTION_CONTROLS, LINE_BREAKS, node_line
from .problems import suggest
from .schema import IMAGE_FOLDER, IMAGE_SUFFIXES, SAFE_NAME, SLUG_PATTERN, TAXONOMIES_BY_NAME, Field

_NULLS = {"", "~", "null", "Null", "NULL"}
_WHOLE_NUMBER = re.compile(r"^[+]?[0-9]+$")
_LANG_SYNTAX = re.compile(r"^[A-Za-z]{2,8}(?:-[A-Za-z0-9]{1,8})*$")
#: "english" -> "en", "français" -> "fr": CLDR language names, for suggestions.
_LANGUAGE_CODES_BY_NAME = {
    name.lower(): code
    for locale in ("en", "fr", "es", "ar", "pt")
    for code, name in Locale.parse(locale).languages.items()
    if "_" not in code
}


class Invalid(ValueError):
    def __init__(self, message: str, line: int | None = None, suggestion: str | None = None):
        super().__init__(message)
        self.message = message
        self.line = line
        self.suggestion = suggestion
        #: further problems of the same field (one per bad item of a list)
        self.others: list[Invalid] = []

    @classmethod
    def raise_all(cls, found: list[Invalid]) -> None:
        if found:
            first = found[0]
            first.others = found[1:]
            raise first


@dataclass
class Site:
    """What a document's fields are checked against."""

    vocabularies: dict = field(default_factory=dict)
    #: paths of the files under content/images/, relative to it, with forward slashes
    images: frozenset = frozenset()
    #: the content folder, to open pictures; empty: pictures are not opened
    content_path: str = ""
    #: the largest file a document may be, in bytes (CONTENT_MAX_FILE_BYTES)
    max_bytes: int = 1_000_000


def is_null(node: yaml.Node) -> bool:
    return isinstance(node, yaml.ScalarNode) and node.style is None and node.value in _NULLS


def _kind_of(node: yaml.Node) -> str:
    if isinstance(node, yaml.SequenceNode):
        return "a list"
    if isinstance(node, yaml.MappingNode):
        return "a set of 'key: value' pairs"
    return "a single value"


def scalar(f: Field, node: yaml.Node) -> str:
    if not isinstance(node, yaml.ScalarNode):
        raise Invalid(f"'{f.name}' must be a single value, not {_kind_of(node)}")
    return no_control_characters(f, node.value.strip())


def no_control_characters(f: Field, value: str, line: int | None = None) -> str:
    """`value`, unless a YAML escape (`"\\x0b"`, `"\\0"`) put a control character in it
    (those written as they are were taken out of the file, and reported, already)."""
    control = CONTROL_CHARACTERS.search(value)
    if control:
        raise Invalid(
            f"'{f.name}' holds U+{ord(control.group()):04X}, a character that cannot be "
            "published (written as an escape): delete it",
            line=line,
        )
    return value


#: What an HTML parser would take for the start of a tag, a comment or a declaration.
_TAG_LIKE = re.compile(r"<[A-Za-z/!?][A-Za-z0-9-]*")


def plain_text(f: Field, value: str, line: int | None = None) -> str:
    """`value`, if it holds no direction control (a title, a name, a summary), and no line
    break unless its field is `multiline`."""
    if not f.multiline and LINE_BREAKS.search(value):
        raise Invalid(f"'{f.name}' must be one line: take out the line breaks", line=line)
    tag = None if f.multiline else _TAG_LIKE.search(value)
    if tag:  # RSS titles and names are text that feed readers often read as HTML
        raise Invalid(
            f"'{f.name}' is plain text: '{tag.group()}' would be taken for markup by some feed "
            "readers (write it without '<', or with a space after it)",
            line=line,
        )
    control = DIRECTION_CONTROLS.search(value)
    if control:
        raise Invalid(
            f"'{f.name}' holds the invisible direction control U+{ord(control.group()):04X}, "
            "which shows the text in another order than it is written: delete it (for "
            "right-to-left text, set 'lang:' instead)",
            line=line,
        )
    return value


def text(f: Field, node: yaml.Node, site: Site) -> str:
    value = scalar(f, node)
    if not value:
        raise Invalid(f"'{f.name}' is empty")
    return plain_text(f, value)


def items(f: Field, node: yaml.Node) -> list[tuple[str, int]]:
    """The items of a list field with their lines; a lone value where a list is due fails."""
    if isinstance(node, yaml.ScalarNode):
        example = node.value.strip() or "…"
        raise Invalid(
            f"'{f.name}' must be a list, e.g. {f.name}: [{example}]",
        )
    if not isinstance(node, yaml.SequenceNode):
        raise Invalid(f"'{f.name}' must be a list, not {_kind_of(node)}")
    result, seen, found = [], set(), []
    for item in node.value:
        if not isinstance(item, yaml.ScalarNode) or not item.value.strip():
            raise Invalid(f"each item of '{f.name}' must be a single value", line=node_line(item))
        try:
            value = no_control_characters(f, item.value.strip(), node_line(item))
        except Invalid as e:
            found.append(e)
            continue
        if value in seen:
            raise Invalid(f"'{value}' is listed twice in '{f.name}'", line=node_line(item))
        seen.add(value)
        result.append((value, node_line(item)))
    Invalid.raise_all(found)
    if f.required and not result:
        raise Invalid(f"'{f.name}' needs at least one item")
    return result


def names(f: Field, node: yaml.Node, site: Site) -> list[str]:
    result, found = [], []
    for value, line in items(f, node):
        try:
            result.append(plain_text(f, value, line))
        except Invalid as e:
            found.append(e)
    Invalid.raise_all(found)
    return result


def terms(f: Field, node: yaml.Node, site: Site) -> list[str]:
    vocabulary = site.vocabularies.get(f.vocabulary, {})
    result, found = [], []
    for value, line in items(f, node):
        if value in vocabulary:
            result.append(value)
            continue
        singular = TAXONOMIES_BY_NAME[f.vocabulary].singular
        found.append(
            Invalid(
                f"unknown {singular} '{value}' (see content/taxonomies/{f.vocabulary}.yml)",
                line=line,
                suggestion=suggest(value, vocabulary),
            )
        )
    Invalid.raise_all(found)
    return result


def country_suggestion(value: str) -> str | None:
    """The code of a country named or coded a little wrongly (`Kenya`, `ken`, `md`)."""
    try:
        return pycountry.countries.lookup(value).alpha_2
    except LookupError:
        pass
    if len(value) < 4:  # a fuzzy match of a short code is a guess, not a suggestion
        return None
    try:
        return pycountry.countries.search_fuzzy(value)[0].alpha_2
    except LookupError:
        return None


def countries(f: Field, node: yaml.Node, site: Site) -> list[str]:
    result, found = [], []
    for value, line in items(f, node):
        if re.fullmatch(r"[A-Z]{2}", value) and pycountry.countries.get(alpha_2=value):
            result.append(value)
            continue
        found.append(
            Invalid(
                f"'{value}' is not an ISO 3166-1 alpha-2 country code (two capital letters)",
                line=line,
                suggestion=country_suggestion(value),
            )
        )
    Invalid.raise_all(found)
    return result


MAX_COUNT = 1_000_000_000


def _whole_number(node: yaml.Node, value: str) -> int | None:
    """The number a plain scalar writes, if it is a whole number of at most 12 digits
    (Python refuses to read one of thousands)."""
    if node.style is None and len(value) <= 12 and _WHOLE_NUMBER.match(value):
        return int(value)
    return None


def _shown(value: str, limit: int = 40) -> str:
    return value if len(value) <= limit else value[:limit] + "…"


def count(f: Field, node: yaml.Node, site: Site) -> int:
    value = scalar(f, node)
    number = _whole_number(node, value)
    if number is not None and number <= MAX_COUNT:
        return number
    raise Invalid(f"'{f.name}' must be a whole number ≥ 0, not '{_shown(value)}'")


def minutes(f: Field, node: yaml.Node, site: Site) -> int:
    value = scalar(f, node)
    number = _whole_number(node, value)
    if number is not None and 1 <= number <= 24 * 60:
        return number
    raise Invalid(f"'{f.name}' must be a number of minutes from 1 to 1440, not '{_shown(value)}'")


def date(f: Field, node: yaml.Node, site: Site):
    return _date(f, node, require_time=False)


def datetime_(f: Field, node: yaml.Node, site: Site):
    return _date(f, node, require_time=True)


def _date(f: Field, node: yaml.Node, require_time: bool):
    value = scalar(f, node)
    try:
        return dates.parse_date(value, require_time=require_time)
    except dates.DateError as e:
        raise Invalid(f"'{f.name}': {e}") from None


def month(f: Field, node: yaml.Node, site: Site):
    """A month given as its first day (2021-09-01) or as 2021-09: 00:00 UTC on the 1st."""
    value = scalar(f, node)
    text = f"{value}-01" if re.fullmatch(r"\d{4}-\d{2}", value) else value
    try:
        parsed = dates.parse_date(text)
    except dates.DateError as e:
        raise Invalid(f"'{f.name}': {e}") from None
    if parsed.day != 1 or (parsed.hour, parsed.minute) != (0, 0):
        raise Invalid(
            f"'{f.name}': with event_date_precision: month, give the month's first day "
            f"(e.g. {parsed:%Y-%m}-01), not '{value}'"
        )
    return parsed


_PERIOD = re.compile(r"^(\d{4})-(\d{2})/(\d{4})-(\d{2})$")


def period(f: Field, node: yaml.Node, site: Site):
    """`2026-09/2026-10`: from the first month's first day to the day after the last month."""
    value = scalar(f, node)
    m = _PERIOD.match(value)
    if not m or not (1 <= int(m[2]) <= 12 and 1 <= int(m[4]) <= 12):
        raise Invalid(
            f"'{f.name}' must be two months, first/last, e.g. 2026-09/2026-10, not '{value}'"
        )
    start = dates.parse_date(f"{m[1]}-{m[2]}-01")
    last = dates.parse_date(f"{m[3]}-{m[4]}-01")
    if last < start:
        raise Invalid(f"'{f.name}': the last month comes before the first in '{value}'")
    end = (last + timedelta(days=32)).replace(day=1)
    return (start, end)


def choice(f: Field, node: yaml.Node, site: Site) -> str:
    value = scalar(f, node)
    if value not in f.choices:
        raise Invalid(
            f"'{f.name}' must be one of {', '.join(f.choices)}, not '{value}'",
            suggestion=suggest(value.lower(), f.choices),
        )
    return value


def slug(f: Field, node: yaml.Node, site: Site) -> str:
    value = scalar(f, node)
    if not SLUG_PATTERN.match(value):
        raise Invalid(
            f"{f.name} '{value}' may hold only lower-case letters a-z, digits and single hyphens",
            suggestion=slugify(value) or None,
        )
    return value


def lang(f: Field, node: yaml.Node, site: Site) -> str:
    value = scalar(f, node)
    if _LANG_SYNTAX.match(value) and langcodes.tag_is_valid(value):
        return value
    candidate = value.replace("_", "-")
    if _LANG_SYNTAX.match(candidate) and langcodes.tag_is_valid(candidate):
        hint = candidate
    else:
        hint = _LANGUAGE_CODES_BY_NAME.get(value.strip().lower())
    raise Invalid(
        f"'{value}' is not a BCP 47 language tag such as en, fr or pt-BR", suggestion=hint
    )


def url(f: Field, node: yaml.Node, site: Site) -> str:
    """A full http(s) address, read as a browser reads it: a browser takes `\\` for `/` and
    what precedes an `@` for a user name, so `https://youtube.com@evil.example/` leads to
    evil.example. Such addresses, and any with spaces or controls, are refused."""
    value = scalar(f, node)
    parts = urlsplit(value)
    if not (parts.scheme in ("http", "https") and parts.netloc):
        raise Invalid(f"'{f.name}' must be a full http(s) URL, not '{value}'")
    if "\\" in value or "@" in parts.netloc or any(c.isspace() or c < " " for c in value):
        raise Invalid(
            f"'{f.name}' must be a plain http(s) address without a user name, '@' or '\\', "
            f"not '{value}'"
        )
    return value


def image(f: Field, node: yaml.Node, site: Site) -> str:
    value = scalar(f, node)
    relative = value.lstrip("/")
    if relative.startswith(IMAGE_FOLDER + "/"):
        relative = relative[len(IMAGE_FOLDER) + 1 :]
    parts = relative.replace("\\", "/").split("/")
    if any(part in (".", "..") for part in parts):
        raise Invalid(
            f"image '{value}': '.' and '..' are not allowed in the path of a picture; write "
            f"it from content/{IMAGE_FOLDER}/, e.g. moldova-map.jpg"
        )
    if not all(SAFE_NAME.match(part) for part in parts):
        raise Invalid(
            f"image '{value}': the path of a picture may hold only letters A-Z and a-z, "
            "digits, '-', '_', '.' and '/' (rename the picture, and write its new name here)"
        )
    if not relative.lower().endswith(IMAGE_SUFFIXES):
        raise Invalid(
            f"'{value}' is not a picture ({', '.join(s.lstrip('.') for s in IMAGE_SUFFIXES)})"
        )
    if relative not in site.images:
        raise Invalid(
            f"image '{value}' does not exist under content/{IMAGE_FOLDER}/",
            suggestion=suggest(relative, site.images),
        )
    if site.content_path and not relative.lower().endswith(".svg"):
        try:
            with warnings.catch_warnings():
                warnings.simplefilter("error", Image.DecompressionBombWarning)
                with Image.open(os.path.join(site.content_path, IMAGE_FOLDER, relative)) as pic:
                    pic.verify()
        except (Image.DecompressionBombWarning, Image.DecompressionBombError):
            pass  # too large to publish: reported at the picture's own file (uploads.py)
        except (OSError, ValueError, SyntaxError):
            raise Invalid(f"image '{value}' is not a picture that can be read") from None
    return f"{IMAGE_FOLDER}/{relative}"


def slugify(value: str) -> str:
    """A contract slug made from any text (used for suggestions and `invoke new`)."""
    ascii_text = unidecode(value).lower()
    return re.sub(r"[^a-z0-9]+", "-", ascii_text).strip("-")


PARSERS = {
    "text": text,
    "names": names,
    "terms": terms,
    "countries": countries,
    "count": count,
    "minutes": minutes,
    "date": date,
    "datetime": datetime_,
    "month": month,
    "period": period,
    "choice": choice,
    "slug": slug,
    "lang": lang,
    "url": url,
    "image": image,
}
