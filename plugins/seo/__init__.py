"""Finding and sharing: sitemap, robots.txt, the not-found page, and what pages say of themselves.

Why a plugin: search engines and link previews are how most readers arrive. A Generator writes
`/sitemap.xml` (every published document, page and listing, with `lastmod` from content, so
builds stay identical), `/robots.txt` naming it, and `/404.html`; the templates add the
canonical URL, Open Graph and Twitter card tags and JSON-LD (`partials/seo_head.html`) from the
absolute site URL of the site model (`SITE.siteurl`).
"""

from __future__ import annotations

import xml.etree.ElementTree as ET

from i18n.languages import navigation_alternates, text_alternates, write_editions
from pelican import signals
from pelican.generators import Generator

from content_model.schema import TAXONOMIES
from site_build.model import site_model
from site_build.plugins import Plugin
from site_build.settings import PluginSettings
from site_build.state import build_of

from .structured_data import structured_data

#: The sitemap lists the listings of the site model (checked at start-up).
PLUGIN = Plugin(
    "seo",
    needs={"i18n": "the site's languages", "listings": "the listings of the site model"},
)

#: No settings yet; a name under the prefix is a mistake (a did-you-mean line at start-up).
SETTINGS = PluginSettings(plugin="seo", prefix="SEO_", settings=())

SITEMAP_NS = "http://www.sitemaps.org/schemas/sitemap/0.9"


def lastmod(doc) -> str:
    value = getattr(doc, "updated", None) or getattr(doc, "date", None)
    return value.date().isoformat() if value else ""


XHTML_NS = "http://www.w3.org/1999/xhtml"


def sitemap(siteurl: str, entries: list[tuple[str, str]], alternates: dict | None = None) -> bytes:
    """`entries`: (site-relative URL, lastmod date or "") — sorted, each once. `alternates`:
    URL -> ((hreflang, site-relative URL), ...), every version of that page with itself and
    `x-default` (Google's `xhtml:link` form)."""
    alternates = alternates or {}
    ET.register_namespace("xhtml", XHTML_NS)
    root = ET.Element("urlset", xmlns=SITEMAP_NS)
    for url, modified in sorted(set(entries)):
        node = ET.SubElement(root, "url")
        ET.SubElement(node, "loc").text = f"{siteurl}/{url}"
        if modified:
            ET.SubElement(node, "lastmod").text = modified
        for hreflang, other in alternates.get(url, ()):
            ET.SubElement(
                node,
                f"{{{XHTML_NS}}}link",
                rel="alternate",
                hreflang=hreflang,
                href=f"{siteurl}/{other}",
            )
    ET.indent(root)
    return ET.tostring(root, encoding="utf-8", xml_declaration=True) + b"\n"


class SeoGenerator(Generator):
    def generate_output(self, writer):
        model = site_model(self.settings)
        files = build_of(self.settings).files
        siteurl = model.siteurl
        docs, pages = list(model.documents), list(model.pages)
        entries = [(d.url, lastmod(d)) for d in docs + pages]
        newest = max((lastmod(d) for d in docs), default="")
        entries.append(("", newest))
        for listing in model.all_listings:
            entries.append((listing.url, max((lastmod(d) for d in listing.documents), default="")))
        for lang in model.site_languages:
            for path in ("", *(t.url for t in TAXONOMIES), "search/", "feeds/"):
                entries.append((lang.prefix + path, newest))
        languages = model.site_languages
        alternates = {d.url: text_alternates(d, languages) for d in docs + pages}
        for url, _ in entries:
            path = languages.unprefixed(url)
            # A language's own listing is in its edition alone: no versions to declare.
            if url not in alternates and not path.startswith("languages/"):
                alternates[url] = navigation_alternates(path, languages)
        alternates = {url: pairs for url, pairs in alternates.items() if pairs}
        files.write_made(
            self.output_path,
            "sitemap.xml",
            ("sitemap", siteurl, entries, sorted(alternates.items())),
            lambda: sitemap(siteurl, entries, alternates),
        )
        robots = f"User-agent: *\nAllow: /\n\nSitemap: {siteurl}/sitemap.xml\n"
        files.write(self.output_path, "robots.txt", robots.encode())
        write_editions(writer, languages, "404.html", self.get_template("404"), self.context)


#: The Content-Security-Policy every page carries in a <meta> tag: nothing inline, nothing from
#: elsewhere but the two video players, which load only when a reader asks for a recording.
CONTENT_SECURITY_POLICY = "; ".join(
    [
        "default-src 'self'",
        "script-src 'self' 'wasm-unsafe-eval'",
        "style-src 'self'",
        "img-src 'self' data:",
        "font-src 'self'",
        "connect-src 'self'",
        "worker-src 'self'",
        "frame-src https://www.youtube-nocookie.com https://player.vimeo.com",
        "object-src 'none'",
        "base-uri 'self'",
        "form-action 'self'",
        "manifest-src 'self'",
    ]
)


def add_template_helpers(pelican):
    PLUGIN.check(pelican.settings)
    SETTINGS.read(pelican.settings)
    globals_ = pelican.settings.setdefault("JINJA_GLOBALS", {})
    globals_["structured_data"] = structured_data
    pelican.settings.setdefault("CONTENT_SECURITY_POLICY", CONTENT_SECURITY_POLICY)


def get_generators(pelican):
    return SeoGenerator


def register():
    # At start-up: its place in PLUGINS checked; the structured-data helper and the
    # Content-Security-Policy for templates.
    signals.initialized.connect(add_template_helpers)
    # A Generator: it reads the published documents and listings, and writes the files.
    signals.get_generators.connect(get_generators)
