"""Media: responsive pictures made at build time, and recordings that load only on request.

Why a plugin: readers are often on slow phones, and nothing may reach a third party before a
reader asks. Pictures under `content/images/` get WebP and fallback variants at several widths
(Pillow, `images.py`), and documents' `<img>` become `<picture>` with sizes and lazy loading;
a webinar's YouTube or Vimeo link becomes a placeholder that loads the privacy-friendly player
only when clicked (`video.py`, `theme/static/js/video.js`), and stays a plain link without
JavaScript.
"""

from __future__ import annotations

from markupsafe import Markup
from pelican import signals
from pelican.generators import Generator

from site_build.plugins import Plugin
from site_build.settings import PluginSettings, Setting, cache_dir, folder
from site_build.state import build_of

from .images import Pictures, picture_html, plain_picture_html, rewrite_images
from .video import parse_video

#: The pictures of the documents content_model read (checked at start-up).
PLUGIN = Plugin("media", needs={"content_model": "the documents and their pictures"})

SETTINGS = PluginSettings(
    plugin="media",
    prefix="MEDIA_",
    settings=(
        Setting("MEDIA_CACHE_DIR", None, folder(),
                "Where resized pictures are kept between builds (keyed by the picture's "
                "bytes); None: <project>/.cache/images."),
    ),
)  # fmt: skip


def media_settings(settings) -> dict:
    values = SETTINGS.read(settings)
    if values["MEDIA_CACHE_DIR"] is None:
        values["MEDIA_CACHE_DIR"] = cache_dir(settings, "images")
    return values


class MediaGenerator(Generator):
    """Rewrites documents' pictures once all are read; writes the variants with the output."""

    def generate_context(self):
        cache = media_settings(self.settings)["MEDIA_CACHE_DIR"]
        self.pictures = Pictures(self.settings["PATH"], cache)
        siteurl = self.settings.get("SITEURL", "")
        build_of(self.settings).pictures = self.pictures
        for content in self._documents():
            content._content = rewrite_images(content._content or "", self.pictures, siteurl)
            image = getattr(content, "image", None)
            if image:
                self.pictures.get(image)

    def _documents(self):
        for name in ("articles", "drafts", "pages", "draft_pages"):
            yield from self.context.get(name, [])

    def generate_output(self, writer):
        self.pictures.write_variants(self.output_path)


def lead_picture(context, image: str, alt: str) -> Markup:
    """The document's own picture (`image` field), at the top of its page: not lazy."""
    pictures = build_of(context).pictures  # the context holds the settings, the session too
    picture = pictures.get(image)
    siteurl = context.get("SITEURL", "")
    if picture is None:
        return plain_picture_html(siteurl, image, alt)
    return picture_html(picture, siteurl, alt, eager=True)


def check_settings(pelican):
    PLUGIN.check(pelican.settings)
    media_settings(pelican.settings)


def add_template_helpers(pelican):
    from jinja2 import pass_context

    globals_ = pelican.settings.setdefault("JINJA_GLOBALS", {})
    globals_["lead_picture"] = pass_context(lead_picture)
    pelican.settings.setdefault("JINJA_FILTERS", {})["video"] = parse_video


def get_generators(pelican):
    return MediaGenerator


def register():
    # At start-up: a wrong setting stops the build with one line.
    signals.initialized.connect(check_settings)
    # At start-up: template helpers for the lead picture and recordings.
    signals.initialized.connect(add_template_helpers)
    # A Generator: it sees every document after they are read, writes variants with the output.
    signals.get_generators.connect(get_generators)
