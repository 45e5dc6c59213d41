"""The site's languages, as data: each one's native name, direction, formats and catalog.

`I18N_LANGUAGES` (settings) lists the languages the site is built in, the default
(`DEFAULT_LANG`) first; everything else comes from Babel's CLDR: the name a language has in
itself ("Français", "العربية"), its direction, how it writes dates and numbers. A language
other than the default has an *edition*: every navigation page again under `/<code>/`
(`Language.prefix`). Adding Portuguese is a settings line plus a catalog
(`theme/translations/pt/LC_MESSAGES/messages.po`).

Digits: every language writes Latin digits (0-9), Arabic included. CLDR's default numbering
system for `ar` is `latn` too; we fix it here so that a CLDR change does not change pages.
The Alliance's Arabic readers span the Maghreb (Latin digits) and the Mashriq, and numbers in
the texts are written as their authors typed them (docs/translating.md).
"""

from __future__ import annotations

import datetime
import gettext as _gettext
from dataclasses import dataclass, field

from babel import Locale, UnknownLocaleError
from babel.dates import format_date, format_datetime, format_skeleton
from babel.numbers import format_decimal

#: The numbering system every language writes its numbers in (see the module's docstring).
DIGITS = "latn"


@dataclass(frozen=True, eq=False)
class Language:
    """One language of the site: its edition, its names, its formats and its translations."""

    #: BCP 47 tag as the settings give it ("en", "fr", "pt-BR").
    code: str
    #: What it calls itself, capitalized for a list of languages ("Français", "العربية").
    name: str
    #: Its name in English ("French"), for maintainers' reports.
    english_name: str
    #: "ltr" or "rtl", from CLDR.
    direction: str
    #: Where its edition's navigation pages are: "" for the default language, else "fr/".
    prefix: str
    locale: Locale = field(repr=False)
    translations: _gettext.NullTranslations = field(repr=False)

    def __fingerprint__(self):
        # A page made for a language reads its code (its catalog is part of the theme, which
        # every page's key covers).
        return ("Language", self.code)

    # -- chrome strings (gettext) --------------------------------------------------------

    def gettext(self, message: str) -> str:
        return self.translations.gettext(message)

    def ngettext(self, singular: str, plural: str, n: int) -> str:
        return self.translations.ngettext(singular, plural, n)

    def pgettext(self, context: str, message: str) -> str:
        return self.translations.pgettext(context, message)

    def npgettext(self, context: str, singular: str, plural: str, n: int) -> str:
        return self.translations.npgettext(context, singular, plural, n)

    # -- formats (CLDR) --------------------------------------------------------------------

    def date(self, value) -> str:
        """A day as this language writes it: "17 November 2022" → "17 novembre 2022"."""
        day = value.date() if isinstance(value, datetime.datetime) else value
        return format_date(day, format="long", locale=self.locale)

    def month(self, value) -> str:
        """A month and year: "November 2022", "noviembre de 2022"."""
        return format_skeleton("yMMMM", value, locale=self.locale)

    def datetime(self, value) -> str:
        """A day and a time on a 24-hour clock: "17 novembre 2022, 14:00"."""
        day = format_date(value, format="long", locale=self.locale)
        return f"{day}, {format_datetime(value, 'HH:mm', locale=self.locale)}"

    def number(self, value) -> str:
        """A count with this language's grouping: 1,234 · 1 234 · 1.234."""
        return format_decimal(value, locale=self.locale, numbering_system=DIGITS)

    def url(self, path: str) -> str:
        """The site-relative URL of navigation page `path` in this language's edition."""
        return self.prefix + path


def describe(code: str, default: str, translations) -> Language:
    """A `Language` from CLDR; raises ValueError for a tag Babel does not know."""
    try:
        locale = Locale.parse(code, sep="-")
    except (UnknownLocaleError, ValueError, TypeError) as e:
        raise ValueError(f"{code!r} is not a language CLDR knows ({e})") from None
    own = locale.get_display_name(locale) or code
    direction = "rtl" if locale.character_order == "right-to-left" else "ltr"
    return Language(
        code=code,
        name=own[:1].upper() + own[1:],
        english_name=locale.get_display_name("en") or code,
        direction=direction,
        prefix="" if code == default else f"{code}/",
        locale=locale,
        translations=translations,
    )


@dataclass(frozen=True)
class SiteLanguages:
    """Every language of the site, the default first (`I18N_LANGUAGES`)."""

    all: tuple[Language, ...]

    @property
    def default(self) -> Language:
        return self.all[0]

    @property
    def codes(self) -> tuple[str, ...]:
        return tuple(lang.code for lang in self.all)

    def __getitem__(self, code: str) -> Language:
        for lang in self.all:
            if lang.code == code:
                return lang
        raise KeyError(code)

    def __iter__(self):
        return iter(self.all)

    def __len__(self):
        return len(self.all)

    def of_text(self, tag: str | None) -> Language | None:
        """The site language a text in `tag` is in ("fr-CA" → fr), or None (a Portuguese
        text on a site without Portuguese)."""
        if not tag:
            return self.default
        tag = tag.lower()
        for lang in self.all:
            if lang.code.lower() == tag:
                return lang
        base = tag.split("-")[0]
        for lang in self.all:
            if lang.code.lower().split("-")[0] == base:
                return lang
        return None

    def chrome_for(self, tag: str | None) -> Language:
        """The language of the site's chrome around a text in `tag`: the text's own when the
        site has it, else the default."""
        return self.of_text(tag) or self.default

    def unprefixed(self, url: str) -> str:
        """A navigation page's URL without its edition's prefix (`fr/blog/` → `blog/`)."""
        for lang in self.all:
            if lang.prefix and url.startswith(lang.prefix):
                return url[len(lang.prefix) :]
        return url

    def order(self, text) -> tuple:
        """Where a version of a text goes among its versions: the site's languages in their
        order, then the others by tag (then URL)."""
        site = self.of_text(text.lang)
        rank = self.all.index(site) if site is not None else len(self.all)
        return (rank, text.lang, text.url)

    def __fingerprint__(self):
        return ("SiteLanguages", self.codes)


def direction_of(tag: str) -> str:
    """The writing direction of any BCP 47 tag (a document's `lang`), from CLDR."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return "ltr"
    return "rtl" if locale.character_order == "right-to-left" else "ltr"


def text_alternates(text, languages: SiteLanguages) -> list[tuple[str, str]]:
    """(hreflang, site-relative URL) of every version of a document or page (itself and its
    `translations`) in the site's language order, then `x-default`: the default language's
    version, else the first. Empty for a text without translations."""
    versions = [text, *(getattr(text, "translations", None) or ())]
    if len(versions) < 2:
        return []
    versions.sort(key=languages.order)
    return [(v.lang, v.url) for v in versions] + [("x-default", versions[0].url)]


def navigation_alternates(path: str, languages: SiteLanguages) -> list[tuple[str, str]]:
    """Every edition's version of the navigation page `path` (its URL without a prefix), then
    `x-default`, the default language's."""
    return [(lang.code, lang.prefix + path) for lang in languages] + [("x-default", path)]


def write_editions(writer, languages: SiteLanguages, path: str, template, context, values=None):
    """Write navigation page `path` ("search/", "404.html") once in every language's edition:
    `fr/search/index.html`… Each gets its `edition`, `page_url` and `nav_path` (the page's
    URL without the prefix: the switcher's and hreflang's); `values(lang)`: what else it is
    given."""
    for lang in languages:
        name = lang.prefix + path + ("index.html" if path.endswith("/") or not path else "")
        writer.write_file(
            name,
            template,
            context,
            edition=lang,
            page_url=lang.prefix + path,
            nav_path=path,
            **(values(lang) if values is not None else {}),
        )
