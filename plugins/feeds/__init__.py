"""Feeds: RSS 2.0 and Atom 1.0 for the whole site and for every listing, with feedgen.

Why a plugin: subscribers follow a topic, a region or a country in their feed reader (contract
§4), and Pelican's own feed writer knows nothing of our listings and keeps only the first author
of a document. Every listing the `listings` plugin makes gets `feed.xml` and `atom.xml`; the
`/feeds/` page and an OPML file list them all; an XSLT stylesheet lets a browser show a feed as
a page that explains how to subscribe.
"""

from __future__ import annotations

from pelican import signals

from site_build.plugins import Plugin

from .generator import FeedsGenerator
from .settings import feed_settings

#: It makes a feed pair for each listing of the site model (checked at start-up).
PLUGIN = Plugin("feeds", needs={"listings": "the listings and terms of the site model"})


def check_settings(pelican):
    PLUGIN.check(pelican.settings)
    feed_settings(pelican.settings)


def get_generators(pelican):
    return FeedsGenerator


def register():
    # At start-up: a wrong setting, or listings missing or after it, stops the build.
    signals.initialized.connect(check_settings)
    # After the listings plugin's generator (PLUGINS order), whose site model it reads.
    signals.get_generators.connect(get_generators)
