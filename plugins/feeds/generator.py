"""The Generator that writes every feed, the /feeds/ page, the OPML list and the feed stylesheet."""

from __future__ import annotations

import hashlib

from i18n.languages import write_editions
from pelican.generators import Generator

from content_model.schema import TAXONOMIES, taxonomy
from site_build.model import site_model
from site_build.state import build_of, session_of

from . import build
from .opml import opml
from .settings import feed_settings

STYLESHEET_PATH = "feeds/feed.xsl"


class FeedsGenerator(Generator):
    def generate_context(self):
        self.options = feed_settings(self.settings)

    def specs(self) -> list[build.FeedSpec]:
        """One feed for the whole site, then one for each listing of the site model."""
        cap = self.options["FEEDS_MAX_ITEMS"]
        name = self.settings["SITENAME"]
        model = site_model(self.settings)
        docs = list(model.documents)
        specs = [
            build.FeedSpec(
                "", name, self.settings.get("SITE_DESCRIPTION", ""), build.newest_first(docs)[:cap]
            )
        ]
        for listing in model.listings:
            if listing.kind == "language":
                # A language's own feed: its documents, titled in that language.
                lang = model.site_languages[listing.term]
                specs.append(
                    build.FeedSpec(
                        listing.url,
                        f"{name}: {listing.title}",
                        listing.description,
                        build.newest_first(listing.documents)[:cap],
                        lang=lang.code,
                    )
                )
                continue
            label = "" if listing.kind == "type" else f" ({taxonomy(listing.kind).feed_label})"
            specs.append(
                build.FeedSpec(
                    listing.url,
                    f"{name}: {listing.title}{label}",
                    listing.description or f"{listing.title} on {name}",
                    build.newest_first(listing.documents)[:cap],
                )
            )
        return specs

    def generate_output(self, writer):
        model = site_model(self.settings)
        files = build_of(self.settings).files
        site = build.Site(
            url=model.siteurl,
            name=self.settings["SITENAME"],
            lang=self.settings["DEFAULT_LANG"],
            author=self.settings.get("AUTHOR") or self.settings["SITENAME"],
            id_authority=self.options["FEEDS_ID_AUTHORITY"],
            stylesheet=(
                f"{model.siteurl}/{STYLESHEET_PATH}" if self.options["FEEDS_STYLESHEET"] else None
            ),
            terms=model.terms_by_slug,
        )
        absolute = session_of(self.settings).caches.absolute_html
        if len(absolute) > 4 * len(model.documents) + 100:
            absolute.clear()  # old versions of texts: keep the memo about the site's size

        def content_of(doc):
            # A document is in many feeds, and a long-lived process (the live-reload server)
            # builds again and again: its absolute HTML is made once per version of its text.
            html, base = doc.content, f"{site.url}/{doc.url}"
            key = (hashlib.sha1(html.encode("utf-8", "surrogatepass")).digest(), base)
            found = absolute.get(key)
            if found is None:
                found = absolute[key] = build.absolute_html(html, base)
            return found

        specs = self.specs()
        for spec in specs:
            for kind, name in (("rss", "feed.xml"), ("atom", "atom.xml")):
                files.write_made(
                    self.output_path,
                    f"{spec.path}{name}",
                    ("feed", spec, kind, site),
                    lambda spec=spec, kind=kind: build.render(spec, kind, site, content_of),
                )
        files.write(
            self.output_path,
            STYLESHEET_PATH,
            self.env.get_template("feed.xsl").render(self.context).encode("utf-8"),
        )
        groups = self.groups(specs)
        files.write(
            self.output_path,
            "feeds/feeds.opml",
            opml(
                f"{site.name} feeds",
                [
                    (
                        title,
                        [(s.title, s.url(site, "rss"), f"{site.url}/{s.path}") for s in members],
                    )
                    for title, members in groups
                ],
            ),
        )
        write_editions(
            writer,
            model.site_languages,
            "feeds/",
            self.get_template("feeds"),
            self.context,
            lambda lang: {"feed_groups": groups},
        )

    @staticmethod
    def groups(specs):
        """Feeds by kind of listing, for the /feeds/ page and the OPML file."""
        titles = {"": "The whole site", "type": "By type"}
        titles.update((t.name, t.feeds_group) for t in TAXONOMIES)
        titles["language"] = "By language"
        buckets = {key: [] for key in titles}
        for spec in specs:
            key = "" if not spec.path else spec.path.split("/", 1)[0]
            key = "language" if spec.lang else key if key in titles else "type"
            buckets[key].append(spec)
        return [(titles[key], members) for key, members in buckets.items() if members]
