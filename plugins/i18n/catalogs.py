"""The translations of the chrome: one gettext catalog per language, under version control.

`theme/translations/<lang>/LC_MESSAGES/messages.po` holds every string of the theme and of the
pages and feeds the plugins make (extracted by `invoke translations`: Babel's Python and Jinja
extractors, `babel.cfg`). A build reads the `.po` files themselves and compiles them in memory
(Babel's `read_po` and `write_mo`): nothing generated is kept in the repository, and a `.mo`
can never be older than its `.po`.

A missing catalog or a missing string is not an error: the page shows the English string, and
`invoke translations --status` reports it. A catalog that is broken (not a `.po` file, or a
translation whose placeholders are not the original's, which would fail the page) is: one
`file:line: message` line each, and the build stops before it reads any content.
"""

from __future__ import annotations

import gettext
import io
import os
import re
from dataclasses import dataclass

from babel.messages.catalog import Catalog
from babel.messages.mofile import write_mo
from babel.messages.pofile import PoFileError, read_po
from babel.support import Translations

from content_model.problems import Problem

DOMAIN = "messages"


def catalog_path(folder: str, code: str) -> str:
    return os.path.join(folder, code.replace("-", "_"), "LC_MESSAGES", f"{DOMAIN}.po")


def read_catalog(path: str, shown: str) -> tuple[Catalog | None, list[Problem]]:
    """The catalog at `path` (None when there is none), and what is wrong with it."""
    try:
        with open(path, "rb") as f:
            catalog = read_po(f, abort_invalid=True)
    except FileNotFoundError:
        return None, []
    except PoFileError as e:
        return None, [Problem(shown, getattr(e, "lineno", 1) or 1, f"not a valid catalog: {e}")]
    except (UnicodeDecodeError, ValueError) as e:
        return None, [Problem(shown, 1, f"not a valid catalog: {e}")]
    problems = [
        Problem(shown, message.lineno or 1, why)
        for message in catalog
        if message.id and (why := added_markup(message)) is not None
    ]
    for message, errors in catalog.check():
        for error in errors:
            line = message.lineno or 1
            problems.append(Problem(shown, line, f"{error} (msgid {message.id!r})"))
    return catalog, problems


#: A tag, or a lone "<" or "&" that would start one (an entity) in the HTML.
_MARKUP = re.compile(r"<[^<>]*>?|&[#A-Za-z0-9]*;?")


def added_markup(message) -> str | None:
    """Why a translation may not publish, or None. Pages print what gettext answers as markup
    (an original may hold a link: `<a href="%(url)s">`), so every form of a translation must
    hold exactly the tags and entities of its original: a catalog from a stranger's pull
    request must not add a script, or point a link elsewhere."""
    original = message.id[0] if isinstance(message.id, tuple | list) else message.id
    forms = message.string if isinstance(message.string, tuple | list) else (message.string,)
    wanted = sorted(_MARKUP.findall(original))
    for form in forms:
        if form and sorted(_MARKUP.findall(form)) != wanted:
            extra = sorted(set(_MARKUP.findall(form)) - set(wanted)) or ["(a tag left out)"]
            return (
                f"a translation adds markup its original does not have: {', '.join(extra)} "
                f"(msgid {original!r}): keep the original's tags, change only the words"
            )
    return None


def translations_of(catalog: Catalog | None) -> gettext.NullTranslations:
    """What pages look strings up in: the catalog compiled in memory (fuzzy entries left
    out, as `pybabel compile` does), or the strings as written when there is none."""
    if catalog is None:
        return gettext.NullTranslations()
    buffer = io.BytesIO()
    write_mo(buffer, catalog, use_fuzzy=False)
    buffer.seek(0)
    return Translations(fp=buffer, domain=DOMAIN)


@dataclass(frozen=True)
class Coverage:
    """How much of the chrome a catalog translates (`invoke translations --status`)."""

    code: str
    translated: int
    total: int
    fuzzy: int

    @property
    def percent(self) -> float:
        return 100.0 * self.translated / self.total if self.total else 100.0


def coverage(code: str, catalog: Catalog | None, template: Catalog) -> Coverage:
    """Of the strings in the template (`messages.pot`), how many the catalog translates."""
    wanted = [m for m in template if m.id]
    translated = fuzzy = 0
    for entry in wanted if catalog is not None else ():
        message = catalog.get(entry.id, context=entry.context)
        if message is None:
            continue
        if message.fuzzy:
            fuzzy += 1
        elif _complete(message.string):
            translated += 1
    return Coverage(code, translated, len(wanted), fuzzy)


def _complete(string) -> bool:
    if isinstance(string, tuple | list):
        return bool(string) and all(string)
    return bool(string)
