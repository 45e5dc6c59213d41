"""The site in several languages: the languages as data, and the chrome in each.

Why a plugin: the Alliance's readers read English, French, Spanish and Arabic, and the
contract lets a document be written in any language. This plugin knows the site's languages
(`I18N_LANGUAGES`: names, directions and formats from CLDR, `languages.py`), reads each
one's catalog of chrome strings (`catalogs.py`) and gives templates gettext in the page's
language (`templates.py`). The plugins that write pages make one edition of each navigation
page per language (`Language.prefix`); a document's page is written once, its chrome in its
own language. Docs: docs/translating.md.
"""

from __future__ import annotations

import os

from pelican import signals

from content_model.problems import ContentErrors, report
from site_build.plugins import Plugin
from site_build.settings import PluginSettings, Setting, SettingsError
from site_build.state import build_of

from . import templates
from .catalogs import catalog_path, read_catalog, translations_of
from .languages import Language, SiteLanguages, describe, direction_of

__all__ = ["Language", "SiteLanguages", "direction_of", "languages_of"]

#: Its catalogs are read when a run begins, which content_model starts (checked at start-up).
PLUGIN = Plugin("i18n", needs={"content_model": "the run it reads the catalogs for"})


def _tags(name, value) -> tuple[str, ...]:
    if isinstance(value, str) or not isinstance(value, list | tuple) or not value:
        raise SettingsError(
            f"{name} must be a list of language tags, e.g. ['en', 'fr'], not {value!r}"
        )
    tags = []
    for tag in value:
        if not isinstance(tag, str) or not tag.strip():
            raise SettingsError(f"{name}: {tag!r} is not a language tag")
        if tag in tags:
            raise SettingsError(f"{name} lists {tag!r} twice")
        try:
            describe(tag, tag, None)
        except ValueError as e:
            raise SettingsError(f"{name}: {e}") from None
        tags.append(tag)
    return tuple(tags)


def _folder(name, value):
    if value is None or (isinstance(value, str) and value):
        return value
    raise SettingsError(
        f"{name} must be a folder, or unset for the theme's translations/, not {value!r}"
    )


SETTINGS = PluginSettings(
    plugin="i18n",
    prefix="I18N_",
    settings=(
        Setting("I18N_LANGUAGES", ("en",), _tags, "the site's languages, DEFAULT_LANG first"),
        Setting(
            "I18N_CATALOGS", None, _folder, "the catalogs' folder (default: <theme>/translations)"
        ),
    ),
)


def options(settings) -> dict:
    values = SETTINGS.read(settings)
    default = settings.get("DEFAULT_LANG", "en")
    tags = values["I18N_LANGUAGES"]
    if tags[0] != default:
        listed = "listed first" if default in tags else "added, first"
        raise SettingsError(
            f"I18N_LANGUAGES must start with DEFAULT_LANG ({default!r}): {default!r} {listed} "
            f"(I18N_LANGUAGES is now: {list(tags)})"
        )
    if values["I18N_CATALOGS"] is None:
        values["I18N_CATALOGS"] = os.path.join(settings["THEME"], "translations")
    return values


def load_languages(settings) -> SiteLanguages:
    """The site's languages with their catalogs; a broken catalog stops the build (one line
    each)."""
    values = options(settings)
    folder = values["I18N_CATALOGS"]
    root = os.path.dirname(os.path.abspath(settings["PATH"]))
    default = values["I18N_LANGUAGES"][0]
    languages, problems = [], []
    for code in values["I18N_LANGUAGES"]:
        path = catalog_path(folder, code)
        catalog, found = read_catalog(path, os.path.relpath(path, root))
        problems += found
        languages.append(describe(code, default, translations_of(catalog)))
    if problems:
        report(problems)
        raise ContentErrors(problems)
    return SiteLanguages(tuple(languages))


def languages_of(settings) -> SiteLanguages:
    """The languages of the build under way (read when it began)."""
    languages = build_of(settings).languages
    if languages is None:
        raise RuntimeError(
            "the i18n plugin reads the languages when a run begins: add it to PLUGINS"
        )
    return languages


def check_settings(pelican):
    PLUGIN.check(pelican.settings)
    options(pelican.settings)
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters["direction"] = direction_of
    extensions = (pelican.settings.get("JINJA_ENVIRONMENT") or {}).get("extensions") or ()
    if "jinja2.ext.i18n" not in extensions:
        raise SettingsError(
            'JINJA_ENVIRONMENT needs "extensions": ["jinja2.ext.i18n"]: the theme\'s chrome '
            "strings go through gettext (pelicanconf.py)"
        )


def read_catalogs(pelican):
    build_of(pelican.settings).languages = load_languages(pelican.settings)
    return ()  # no generator of its own


def install_gettext(generator):
    env = getattr(generator, "env", None)
    if env is not None:
        templates.install(env, languages_of(generator.settings))


def register():
    # At start-up: the languages checked (each known to CLDR, the default first), and Jinja's
    # i18n extension, which compiles the theme's `_()` and `{% trans %}`.
    signals.initialized.connect(check_settings)
    # When a run begins (after content_model began it): the catalogs, read once a run, so an
    # edited catalog shows at the next save of the live-reload server.
    signals.get_generators.connect(read_catalogs)
    # Each generator makes its own Jinja environment: gettext in the page's language for it.
    signals.generator_init.connect(install_gettext)
