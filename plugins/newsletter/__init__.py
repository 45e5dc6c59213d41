"""The newsletter: each issue a page of the site, an e-mail and a plain-text version.

Why a plugin: the Alliance sends a bimonthly newsletter, and everything it says is already on
the site. A file `content/newsletters/<yyyy-mm>.md` (title, date, period, and the editor's note as
its text; `invoke newsletter` writes it) makes an issue: this plugin picks the period's published
documents and the webinars coming after it, shows them on `/newsletter/<yyyy-mm>/` (listed, with
a feed, on `/newsletter/`), and writes `email.html` (single column, CSS inlined with css-inline,
absolute links) and `newsletter.txt` next to it. A period with nothing published is an error,
never an empty e-mail.
"""

from __future__ import annotations

import css_inline
from pelican import signals
from pelican.generators import Generator

from content_model.dates import UTC
from feeds.build import absolute_html
from site_build.model import site_model
from site_build.plugins import Plugin
from site_build.settings import PluginSettings
from site_build.state import build_of

from . import plain
from .issue import issue_of

#: An issue is made of the site model's documents, at its "now" (checked at start-up).
PLUGIN = Plugin("newsletter", needs={"listings": "the site model's documents and its now"})

#: No settings yet; a name under the prefix is a mistake (a did-you-mean line at start-up).
SETTINGS = PluginSettings(plugin="newsletter", prefix="NEWSLETTER_", settings=())


class NewsletterGenerator(Generator):
    def generate_context(self):
        model = site_model(self.settings)
        docs, now = list(model.documents), model.now
        self.issues = []
        for doc in docs:
            if doc.type != "newsletter":
                continue
            doc.issue = issue_of(doc, docs, now)
            if doc.issue is None:
                continue
            self.issues.append(doc)

    def generate_output(self, writer):
        context = dict(self.context)
        siteurl = site_model(self.settings).siteurl
        files = build_of(self.settings).files
        for doc in self.issues:
            # The editor's note with absolute links: e-mail and text are read away from the site.
            note = absolute_html(doc.content, f"{siteurl}/{doc.url}")
            context.update(article=doc, issue=doc.issue, note=note)
            email = self.get_template("newsletter-email").render(context)
            inliner = css_inline.CSSInliner(keep_style_tags=False, load_remote_stylesheets=False)
            files.write(self.output_path, doc.url + "email.html", inliner.inline(email))
            text = plain.render(
                doc, note, doc.issue, siteurl, self.settings["SITENAME"], event_plain
            )
            files.write(self.output_path, doc.url + "newsletter.txt", text)


def event_plain(doc) -> str:
    """When a webinar takes place, as plain text: `September 2021`, `2 June 2025, 01:00 UTC`."""
    if getattr(doc, "event_date_precision", None) == "month":
        return f"{doc.event_date:%B %Y}"
    utc = doc.event_date.astimezone(UTC)
    return f"{utc.day} {utc:%B %Y, %H:%M} UTC"


def add_template_helpers(pelican):
    PLUGIN.check(pelican.settings)
    SETTINGS.read(pelican.settings)
    helpers = pelican.settings.setdefault("JINJA_GLOBALS", {})
    helpers["event_plain"] = event_plain
    helpers["issue_label"] = lambda doc: doc.issue.label if getattr(doc, "issue", None) else ""


def get_generators(pelican):
    return NewsletterGenerator


def register():
    # At start-up: its place in PLUGINS checked; helpers for the e-mail and text templates.
    signals.initialized.connect(add_template_helpers)
    # A Generator: after the documents are read it composes each issue (before validation, so
    # an empty period is reported with the other problems); it writes the e-mail and text.
    signals.get_generators.connect(get_generators)
