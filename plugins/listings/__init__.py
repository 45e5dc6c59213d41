"""Listings: the home page, the type listings and the topic, region and country pages.

It also makes the site model (`site_build.model.SiteModel`: documents, listings, terms, the
build's "now", the absolute site URL) that the plugins after it read.

Why a plugin: readers follow a topic, a region or a country, and the contract (§4) names a page
for each, paginated, newest first; Pelican's own category, tag and author pages know nothing of
our taxonomies. The pages are made by a Generator from the published documents, with the
taxonomy names and descriptions from `content/taxonomies/*.yml` (a new topic needs no code) and
country names from CLDR. Each document also gets its related documents and its previous and
next document of the same type.
"""

from __future__ import annotations

from pelican import signals

from content_model.schema import term_url
from site_build.model import absolute_siteurl
from site_build.plugins import Plugin

from .cldr import country_name, language_name, local_date
from .generator import ListingsGenerator
from .settings import listing_settings

#: It reads the documents content_model makes (checked at start-up).
PLUGIN = Plugin(
    "listings", needs={"content_model": "the documents", "i18n": "the site's languages (editions)"}
)


def check_settings(pelican):
    PLUGIN.check(pelican.settings)
    listing_settings(pelican.settings)
    absolute_siteurl(pelican.settings)  # the model's URL: a wrong one stops before reading
    filters = pelican.settings.setdefault("JINJA_FILTERS", {})
    filters["country_name"] = country_name
    filters["language_name"] = language_name
    filters["local_date"] = local_date
    pelican.settings.setdefault("JINJA_GLOBALS", {})["term_url"] = term_url


def get_generators(pelican):
    return ListingsGenerator


def register():
    # At start-up: settings checked, template filters for country names and term URLs.
    signals.initialized.connect(check_settings)
    # The generator reads after Pelican's article generator (it makes the site model, before
    # the generators of the plugins after it) and writes the listing pages.
    signals.get_generators.connect(get_generators)
