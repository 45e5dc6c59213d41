"""The Generator that writes the home page, the type listings and the taxonomy pages."""

from __future__ import annotations

from pelican.generators import Generator

from content_model.schema import taxonomy as taxonomy_named
from content_model.vocabularies import load_vocabularies

from . import model, related
from .cldr import country_name
from .settings import listing_settings, now_from


class ListingsGenerator(Generator):
    """Reads the published documents once all are read; writes the listing pages."""

    def generate_context(self):
        options = listing_settings(self.settings)
        self.options = options
        now = now_from(options)
        docs = list(self.context.get("articles", []))
        vocabularies, _ = load_vocabularies(self.settings["PATH"], self.settings["PATH"])
        entries = model.term_entries(docs, vocabularies, country_name)
        self.type_listings = model.type_listings(docs, now)
        self.term_listings = model.term_listings(entries)
        self.entries = entries
        self.home = model.home(
            docs, entries, now, options["LISTINGS_HOME_LATEST"], options["LISTINGS_HOME_UPCOMING"]
        )
        related_docs = related.related_documents(docs, options["LISTINGS_RELATED"])
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
        self.context["NOW"] = now
        self.context["LISTINGS"] = self.type_listings + self.term_listings
        self.context["TERMS"] = {
            taxonomy: {entry.slug: entry for entry in terms} for taxonomy, terms in entries.items()
        }

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
