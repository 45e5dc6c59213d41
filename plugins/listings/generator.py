"""The Generator that makes the site model, and writes the home page, the type listings and
the taxonomy pages."""

from __future__ import annotations

from pelican.generators import Generator

from content_model.reader import site_vocabularies
from content_model.schema import taxonomy as taxonomy_named
from site_build.model import SiteModel, absolute_siteurl
from site_build.state import build_of, session_of

from . import model, related
from .cldr import country_name
from .settings import listing_settings, now_from


class ListingsGenerator(Generator):
    """Makes the site model once all documents are read (before the other plugins'
    generators, which read it); writes the listing pages."""

    def generate_context(self):
        options = listing_settings(self.settings)
        self.options = options
        now = now_from(options)
        docs = list(self.context["articles"])
        vocabularies, _ = site_vocabularies(self.settings)
        entries = model.term_entries(docs, vocabularies, country_name)
        self.type_listings = model.type_listings(docs, now)
        self.term_listings = model.term_listings(entries)
        self.entries = entries
        self.home = model.home(
            docs, entries, now, options["LISTINGS_HOME_LATEST"], options["LISTINGS_HOME_UPCOMING"]
        )
        related_docs = related.related_documents(
            docs, options["LISTINGS_RELATED"], memo=session_of(self.settings).caches.related
        )
        neighbours = related.neighbours(docs)
        type_titles = {listing.term: listing for listing in self.type_listings}
        for doc in docs:
            doc.related = related_docs.get(doc.url, [])
            doc.previous_in_type, doc.next_in_type = neighbours.get(doc.url, (None, None))
            listing = type_titles[doc.type]
            doc.breadcrumbs = [
                model.HOME,
                model.Crumb(listing.title, listing.url),
                model.Crumb(doc.title, None),
            ]
        site = build_of(self.settings).model = SiteModel(
            now=now,
            siteurl=absolute_siteurl(self.settings),
            documents=docs,
            pages=list(self.context.get("pages", [])),
            type_listings=self.type_listings,
            term_listings=self.term_listings,
            terms=entries,
            home=self.home,
            languages=tuple(sorted({d.lang for d in docs})),
        )
        # What templates may read of it (what every page's incremental key covers).
        self.context["SITE"] = site.for_templates()

    def generate_output(self, writer):
        per_page = self.options["LISTINGS_PER_PAGE"]
        write = writer.write_file
        write("index.html", self.get_template("home"), self.context, home=self.home, page_url="")
        for listing in self.type_listings + self.term_listings:
            for page in model.paginate(listing, per_page):
                write(
                    page.save_as,
                    self.get_template("listing"),
                    self.context,
                    listing=listing,
                    listing_page=page,
                    page_url=page.url,
                )
        for name, terms in self.entries.items():
            taxonomy = taxonomy_named(name)
            write(
                f"{taxonomy.url}index.html",
                self.get_template("taxonomy_index"),
                self.context,
                taxonomy=name,
                title=taxonomy.title,
                terms=terms,
                breadcrumbs=[model.HOME, model.Crumb(taxonomy.title, None)],
                page_url=taxonomy.url,
            )
