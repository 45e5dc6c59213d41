"""What templates get from this plugin: gettext that answers in the page's language, and the
page's language itself.

Jinja's i18n extension (`jinja2.ext.i18n`, in `JINJA_ENVIRONMENT`) compiles `_()`,
`{% trans %}`, `ngettext`, `pgettext` and `npgettext`. We install callables that take the
template's context ("new style" gettext) and look the string up in the catalog of the page's
*chrome language*, decided from what the generator gave the page, never from a template
variable:

- `edition` (a `Language`): a navigation page of that language's edition (home, listings,
  search, feeds, 404…), passed by the generator that writes it;
- else `article` or `page`: a document's own page, whose chrome is in the document's language
  when the site has it (a French primer gets French chrome), else in the default language;
- else the default language (a file no generator marked, e.g. the feeds' stylesheet).
"""

from __future__ import annotations

from dataclasses import dataclass

from jinja2 import pass_context

from .languages import Language, SiteLanguages, navigation_alternates, text_alternates


def chrome_of(context, languages: SiteLanguages) -> Language:
    edition = context.get("edition")
    if isinstance(edition, Language):
        return edition
    for name in ("article", "page"):
        doc = context.get(name)
        lang = getattr(doc, "lang", None)
        if isinstance(lang, str):
            return languages.chrome_for(lang)
    return languages.default


@dataclass(frozen=True)
class Switch:
    """One entry of the language switcher: where a reader of `language` goes from this page."""

    language: Language
    #: Site-relative URL of the target.
    url: str
    #: This page is in that language (shown, not linked).
    current: bool
    #: The text has no version in that language: the target is that edition's listing of
    #: its type (the edition's home for a page), and the switcher says so.
    fallback: bool = False


def switches(context, languages: SiteLanguages) -> list[Switch]:
    """The language switcher of a page, from what its generator gave it:

    - a document or page: each language's version of it (`translations`), else that
      language's edition of the document's type listing (of the home page, for a page);
    - a navigation page (`nav_path`): the same page in every edition;
    - anything else: each edition's home page.
    """
    chrome = chrome_of(context, languages)
    text = context.get("article") or context.get("page")
    if text is not None and isinstance(getattr(text, "lang", None), str):
        versions = {}
        for version in (text, *(getattr(text, "translations", None) or ())):
            site = languages.of_text(version.lang)
            if site is not None and site.code not in versions:
                versions[site.code] = version
        own = languages.of_text(text.lang)
        ctype = getattr(getattr(text, "doc", None), "ctype", None)
        listing = getattr(ctype, "listing_url", None) or ""
        out = []
        for lang in languages:
            version = versions.get(lang.code)
            if version is not None:
                out.append(Switch(lang, version.url, own is lang and version is text))
            else:
                out.append(Switch(lang, lang.prefix + listing, False, fallback=True))
        return out
    path = context.get("nav_path")
    if isinstance(path, str):
        return [Switch(lang, lang.prefix + path, lang is chrome) for lang in languages]
    return [Switch(lang, lang.prefix, lang is chrome) for lang in languages]


def alternates(context, languages: SiteLanguages) -> list[tuple[str, str]]:
    """(hreflang, site-relative URL) of every version of this page, itself included, then
    `x-default`; none for a text without translations, or a page of no edition."""
    text = context.get("article") or context.get("page")
    if text is not None and isinstance(getattr(text, "lang", None), str):
        return text_alternates(text, languages)
    path = context.get("nav_path")
    if not isinstance(path, str) or path.startswith("languages/"):
        return []  # a language's own listing is in its edition alone
    return navigation_alternates(path, languages)


def pages_in(pages, lang: Language, languages: SiteLanguages) -> list:
    """Of the site's pages, one per text: its version in `lang`, else in the default
    language, else the first (a page with no `translation_key` is a text of its own). The
    navigation and the footer of an edition list these."""
    groups: dict = {}
    for page in pages:
        key = getattr(getattr(page, "doc", None), "values", {}).get("translation_key")
        groups.setdefault(key or ("url", page.url), []).append(page)
    chosen = []
    for versions in groups.values():

        def fits(page, want):
            return languages.of_text(page.lang) is want

        found = next((p for p in versions if fits(p, lang)), None)
        found = found or next((p for p in versions if fits(p, languages.default)), None)
        chosen.append(found or versions[0])
    return chosen


def install(env, languages: SiteLanguages) -> None:
    """Gettext for `env` (one Pelican generator's), and the helpers pages read."""

    @pass_context
    def gettext(context, message):
        return chrome_of(context, languages).gettext(message)

    @pass_context
    def ngettext(context, singular, plural, n):
        return chrome_of(context, languages).ngettext(singular, plural, n)

    @pass_context
    def pgettext(context, ctx, message):
        return chrome_of(context, languages).pgettext(ctx, message)

    @pass_context
    def npgettext(context, ctx, singular, plural, n):
        return chrome_of(context, languages).npgettext(ctx, singular, plural, n)

    @pass_context
    def chrome_language(context) -> Language:
        """The language of this page's chrome (a `Language`: code, name, direction, prefix,
        formats)."""
        return chrome_of(context, languages)

    env.install_gettext_callables(
        gettext, ngettext, newstyle=True, pgettext=pgettext, npgettext=npgettext
    )

    @pass_context
    def language_switches(context) -> list[Switch]:
        """The language switcher's entries for this page (`switches`)."""
        return switches(context, languages)

    @pass_context
    def language_alternates(context) -> list[tuple[str, str]]:
        """This page's versions as (hreflang, URL), with x-default (`alternates`)."""
        return alternates(context, languages)

    @pass_context
    def pages_for_reader(context, pages) -> list:
        """The pages the chrome lists, each in this page's chrome language where it has a
        version in it (`pages_in`)."""
        return pages_in(pages, chrome_of(context, languages), languages)

    env.globals["chrome_language"] = chrome_language
    env.globals["pages_for_reader"] = pages_for_reader
    env.globals["language_switches"] = language_switches
    env.globals["language_alternates"] = language_alternates
    env.globals["LANGUAGES"] = languages
