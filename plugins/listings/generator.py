"""The Generator that makes the site model, and writes the home page, the type listings, the
taxonomy pages and the language listings, in every language's edition."""

from __future__ import annotations

from i18n import languages_of
from pelican.generators import Generator

from content_model.reader import site_vocabularies
from content_model.schema import taxonomy as taxonomy_named
from site_build.model import Edition, SiteModel, absolute_siteurl
from site_build.state import build_of, session_of

from . import model, related
from .cldr import country_name
from .settings import listing_settings, now_from


def link_translations(texts, languages) -> None:
    """Give every document and page `translations`: its published versions in other
    languages (same `translation_key`), in the order of the site's languages, then by tag."""
    by_key: dict[str, list] = {}
    for text in texts:
        key = text.doc.values.get("translation_key") if getattr(text, "doc", None) else None
        text.translations = []
        if key:
            by_key.setdefault(key, []).append(text)

    for versions in by_key.values():
        versions.sort(key=languages.order)
        for text in versions:
            text.translations = [other for other in versions if other is not text]


class ListingsGenerator(Generator):
    """Makes the site model once all documents are read (before the other plugins'
    generators, which read it); writes the listing pages of every edition."""

    def generate_context(self):
        options = listing_settings(self.settings)
        self.options = options
        languages = languages_of(self.settings)
        now = now_from(options)
        docs = list(self.context["articles"])
        pages = list(self.context.get("pages", []))
        vocabularies, _ = site_vocabularies(self.settings)
        link_translations(docs + pages, languages)
        editions = {}
        for lang in languages:
            entries = model.term_entries(docs, vocabularies, country_name, lang)
            editions[lang.code] = Edition(
                language=lang,
                type_listings=model.type_listings(docs, now, lang),
                term_listings=model.term_listings(entries, lang),
                language_listing=model.language_listing(
                    docs, lang, lambda d, lang=lang: languages.of_text(d.lang) is lang
                ),
                terms=entries,
                home=model.home(
                    docs,
                    entries,
                    now,
                    options["LISTINGS_HOME_LATEST"],
                    options["LISTINGS_HOME_UPCOMING"],
                ),
            )
        self.editions = editions
        related_docs = related.related_documents(
            docs, options["LISTINGS_RELATED"], memo=session_of(self.settings).caches.related
        )
        neighbours = related.neighbours(docs)
        for doc in docs:
            doc.related = related_docs.get(doc.url, [])
            doc.previous_in_type, doc.next_in_type = neighbours.get(doc.url, (None, None))
            # The trail of a document is in its chrome's language, to that edition's pages.
            chrome = languages.chrome_for(doc.lang)
            edition = editions[chrome.code]
            listing = next(x for x in edition.type_listings if x.term == doc.type)
            doc.breadcrumbs = [
                model.home_crumb(chrome),
                model.Crumb(listing.title, listing.url),
                model.Crumb(doc.title, None),
            ]
        default = editions[languages.default.code]
        site = build_of(self.settings).model = SiteModel(
            now=now,
            siteurl=absolute_siteurl(self.settings),
            documents=docs,
            pages=pages,
            type_listings=default.type_listings,
            term_listings=default.term_listings,
            terms=default.terms,
            home=default.home,
            languages=tuple(sorted({d.lang for d in docs})),
            site_languages=languages,
            editions=editions,
        )
        # What templates may read of it (what every page's incremental key covers).
        self.context["SITE"] = site.for_templates()

    def generate_output(self, writer):
        per_page = self.options["LISTINGS_PER_PAGE"]
        write = writer.write_file
        for edition in self.editions.values():
            lang = edition.language
            write(
                f"{lang.prefix}index.html",
                self.get_template("home"),
                self.context,
                home=edition.home,
                edition=lang,
                page_url=lang.prefix,
                nav_path="",
            )
            listings = [*edition.type_listings, *edition.term_listings, edition.language_listing]
            for listing in listings:
                for page in model.paginate(listing, per_page, lang):
                    write(
                        page.save_as,
                        self.get_template("listing"),
                        self.context,
                        listing=listing,
                        listing_page=page,
                        edition=lang,
                        page_url=page.url,
                        nav_path=page.path,
                    )
            for name, terms in edition.terms.items():
                taxonomy = taxonomy_named(name)
                title = lang.gettext(taxonomy.title)
                write(
                    f"{lang.prefix}{taxonomy.url}index.html",
                    self.get_template("taxonomy_index"),
                    self.context,
                    taxonomy=name,
                    title=title,
                    terms=terms,
                    breadcrumbs=[model.home_crumb(lang), model.Crumb(title, None)],
                    edition=lang,
                    page_url=lang.prefix + taxonomy.url,
                    nav_path=taxonomy.url,
                )
