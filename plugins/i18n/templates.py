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

from jinja2 import pass_context

from .languages import Language, SiteLanguages


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
    env.globals["chrome_language"] = chrome_language
    env.globals["LANGUAGES"] = languages
