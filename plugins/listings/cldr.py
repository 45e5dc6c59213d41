"""Country names, language names and dates from CLDR (Babel), in the reader's language.

No hand-kept table: Babel ships the Unicode CLDR data.
"""

from __future__ import annotations

from functools import lru_cache

import pycountry
from babel import Locale, UnknownLocaleError
from babel.dates import format_date


@lru_cache(maxsize=64)
def _territories(lang: str) -> dict:
    try:
        return Locale.parse(lang, sep="-").territories
    except (UnknownLocaleError, ValueError, TypeError):
        return Locale.parse("en").territories


@lru_cache(maxsize=4096)
def country_name(code: str, lang: str = "en") -> str:
    """The name of an ISO 3166-1 alpha-2 country in `lang` (a BCP 47 tag), English if unknown."""
    code = code.upper()
    name = _territories(lang or "en").get(code) or _territories("en").get(code)
    if name:
        return name
    country = pycountry.countries.get(alpha_2=code)
    return country.name if country else code


@lru_cache(maxsize=256)
def language_name(tag: str) -> str:
    """A language's name in that language (`fr` -> `Français`), from CLDR; the tag if unknown."""
    try:
        locale = Locale.parse(tag, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        return tag
    name = locale.get_display_name(locale) or tag
    return name[:1].upper() + name[1:]


def local_date(value, lang: str = "en") -> str:
    """A date as readers of `lang` write it: `17 novembre 2022`, `17 de noviembre de 2022`."""
    day = value.date() if hasattr(value, "date") else value  # the day alone is formatted
    return _local_day(day, lang or "en")


@lru_cache(maxsize=16384)
def _local_day(day, lang: str) -> str:
    # Every listing shows the dates of its documents: each is formatted once per language.
    try:
        locale = Locale.parse(lang, sep="-")
    except (UnknownLocaleError, ValueError, TypeError):
        locale = Locale.parse("en")
    return format_date(day, format="long", locale=locale)
