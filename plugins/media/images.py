"""Responsive pictures, made at build time with Pillow.

Each raster picture under `content/images/` that a document shows gets variants at a few widths,
in WebP and in its own format (JPEG or PNG) as the fallback; `<img>` elements that point at it
become `<picture>` elements with `srcset`, `sizes`, `width` and `height` (so nothing jumps while
loading) and `loading="lazy"`. Variants are cached by the picture's bytes, so a rebuild resizes
nothing it has resized before.
"""

from __future__ import annotations

import hashlib
import html
import os
import posixpath
import re
import shutil
import stat
import warnings
from contextlib import contextmanager
from dataclasses import dataclass
from urllib.parse import quote

from markupsafe import Markup
from PIL import Image

from content_model.schema import IMAGE_FOLDER, WEBP_MAX_SIDE
from site_build.errors import BuildError

from .markup import element

WIDTHS = (480, 960, 1440)
RASTER = {".jpg": "JPEG", ".jpeg": "JPEG", ".png": "PNG", ".webp": "WEBP"}
VARIANT_DIR = f"{IMAGE_FOLDER}/_variants"
SIZES = "(min-width: 46rem) 42rem, 100vw"
IMG_TAG = re.compile(r"<img\b[^>]*>", re.IGNORECASE)
ATTR = re.compile(r'([a-zA-Z-]+)="([^"]*)"')


@dataclass(frozen=True)
class Variant:
    source: str  # path under content/
    width: int
    format: str  # "WEBP", "JPEG", "PNG"

    @property
    def suffix(self) -> str:
        return {"WEBP": ".webp", "JPEG": ".jpg", "PNG": ".png"}[self.format]

    def path(self) -> str:
        stem = os.path.splitext(self.source.removeprefix("images/"))[0]
        return f"{VARIANT_DIR}/{stem}-{self.width}{self.suffix}"


@dataclass
class Picture:
    source: str  # path under content/, e.g. images/map.jpg
    width: int
    height: int
    format: str

    def widths(self) -> list[int]:
        """The standard widths below the picture's own, and its own (at most the largest,
        and at most the width at which it is as high as WebP allows: a tall infographic)."""
        tallest = max(1, WEBP_MAX_SIDE * self.width // self.height)
        largest = min(self.width, WIDTHS[-1], tallest)
        return sorted({w for w in WIDTHS if w < largest} | {largest})

    def variants(self) -> list[Variant]:
        formats = ["WEBP"] if self.format == "WEBP" else ["WEBP", self.format]
        return [Variant(self.source, w, f) for f in formats for w in self.widths()]

    def height_at(self, width: int) -> int:
        return scaled_height(self.width, self.height, width)


def scaled_height(width: int, height: int, new_width: int) -> int:
    """The height at `new_width`: at least one pixel (a picture 2000 by 1 is 0.24 high at 480)."""
    return max(1, round(height * new_width / width))


@contextmanager
def opened(path: str):
    """The picture at `path`, opened by Pillow; a picture past Pillow's limit of pixels (a
    decompression bomb: a few KB that would take GB once decoded) raises
    `Image.DecompressionBombError` rather than printing Pillow's warning: the uploads check
    reports it at its file (`content/images/…:1:`)."""
    with warnings.catch_warnings():
        warnings.simplefilter("error", Image.DecompressionBombWarning)
        try:
            image = Image.open(path)
        except Image.DecompressionBombWarning as e:
            raise Image.DecompressionBombError(str(e)) from None
    with image:
        yield image


class Pictures:
    """The pictures of one build: measured once, their variants made once (cached on disk)."""

    def __init__(self, content_path: str, cache_dir: str):
        self.content_path = content_path
        self.cache_dir = cache_dir
        self.known: dict[str, Picture | None] = {}

    def get(self, source: str) -> Picture | None:
        """The picture at `source` (under content/), or None if it is not a raster image."""
        if source not in self.known:
            self.known[source] = self._measure(source)
        return self.known[source]

    def _measure(self, source: str) -> Picture | None:
        suffix = os.path.splitext(source)[1].lower()
        path = self.source_path(source)
        if suffix not in RASTER or path is None:
            return None
        try:
            with opened(path) as image:
                return Picture(source, image.width, image.height, RASTER[suffix])
        except (OSError, ValueError, Image.DecompressionBombError):
            return None  # not a picture Pillow can read, or too large: reported by validation

    def source_path(self, source: str) -> str | None:
        """The file of `source` (a path under content/), if it is a regular file inside
        content/images/ reached without a symbolic link; else None. The second line of
        defence: validation refuses links, `..` and paths that leave the site first."""
        if "\\" in source or any(p in ("", ".", "..") for p in source.split("/")):
            return None
        if not source.startswith(IMAGE_FOLDER + "/"):
            return None
        images = os.path.join(os.path.abspath(self.content_path), IMAGE_FOLDER)
        path = os.path.normpath(os.path.join(images, source[len(IMAGE_FOLDER) + 1 :]))
        if os.path.commonpath([images, path]) != images:
            return None
        folder = path
        while folder != images:  # neither the file nor a folder on the way is a link
            if os.path.islink(folder):
                return None
            folder = os.path.dirname(folder)
        if os.path.islink(images):
            return None
        try:
            if not stat.S_ISREG(os.stat(path, follow_symlinks=False).st_mode):
                return None
        except OSError:
            return None
        return path

    def write_variants(self, output_path: str) -> int:
        """Write every variant of every picture used into the output; returns how many."""
        count = 0
        variants_root = os.path.join(os.path.abspath(output_path), VARIANT_DIR)
        for picture in sorted(filter(None, self.known.values()), key=lambda p: p.source):
            source = self.source_path(picture.source)
            if source is None:  # changed since it was measured: the build fails, nothing read
                raise BuildError(
                    f"media: {picture.source} is no longer a file under content/images/; "
                    "nothing was published"
                )
            with open(source, "rb") as f:
                digest = hashlib.sha256(f.read()).hexdigest()[:16]
            for variant in picture.variants():
                target = os.path.normpath(os.path.join(output_path, variant.path()))
                if os.path.commonpath([variants_root, os.path.abspath(target)]) != variants_root:
                    raise BuildError(
                        f"media: a variant of {picture.source} would be written outside "
                        f"{VARIANT_DIR}/; nothing was published"
                    )
                cached = os.path.join(self.cache_dir, f"{digest}-{variant.width}{variant.suffix}")
                if not os.path.exists(cached):
                    _resize(source, cached, variant)
                os.makedirs(os.path.dirname(target), exist_ok=True)
                shutil.copyfile(cached, target)
                count += 1
        return count


def _resize(source: str, target: str, variant: Variant) -> None:
    os.makedirs(os.path.dirname(target), exist_ok=True)
    with opened(source) as image:
        image = image.convert("RGBA" if variant.format in ("PNG", "WEBP") else "RGB")
        height = scaled_height(image.width, image.height, variant.width)
        resized = image.resize((variant.width, height), Image.Resampling.LANCZOS)
        options = {"JPEG": {"quality": 82, "optimize": True, "progressive": True},
                   "WEBP": {"quality": 80, "method": 6},
                   "PNG": {"optimize": True}}[variant.format]  # fmt: skip
        partial = f"{target}.{os.getpid()}.part"  # builds at the same time: one each
        resized.save(partial, variant.format, **options)
        os.replace(partial, target)  # a killed build never leaves half a file in the cache


def _url(siteurl: str, path: str) -> str:
    return f"{siteurl}/{quote(path)}"


def srcset(siteurl: str, variants: list[Variant]) -> str:
    return ", ".join(f"{_url(siteurl, v.path())} {v.width}w" for v in variants)


def picture_html(
    picture: Picture, siteurl: str, alt: str, extra: dict | None = None, eager=False
) -> Markup:
    """A <picture> for `picture`: WebP first, its own format as the fallback. `extra`:
    attributes of the <img> kept from the text (title, class, id), as plain text."""
    variants = picture.variants()
    webp = [v for v in variants if v.format == "WEBP"]
    fallback = [v for v in variants if v.format == picture.format]
    default = fallback[-1] if fallback else webp[-1]
    sources = Markup()
    if picture.format != "WEBP":
        sources = element(
            "source", {"type": "image/webp", "srcset": srcset(siteurl, webp), "sizes": SIZES}
        )
    img = element(
        "img",
        {
            "src": _url(siteurl, default.path()),
            "srcset": srcset(siteurl, fallback or webp),
            "sizes": SIZES,
            "width": default.width,
            "height": picture.height_at(default.width),
            "alt": alt,
            **(extra or {}),
            "fetchpriority": "high" if eager else None,
            "loading": None if eager else "lazy",
            "decoding": "async",
        },
    )
    return element("picture", {}, sources + img)


def plain_picture_html(siteurl: str, source: str, alt: str) -> Markup:
    """An <img> for a picture without variants (SVG, GIF, AVIF): `source` under content/."""
    return element("img", {"src": _url(siteurl, source), "alt": alt})


def image_source(src: str, siteurl: str) -> str | None:
    """The path under content/ of a picture the site serves at `src`, or None (also for a
    path that `..` takes out of images/)."""
    src = html.unescape(src)
    for prefix in ("{static}/", "{attach}/", f"{siteurl}/", "/"):
        if prefix and src.startswith(prefix + "images/"):
            source = posixpath.normpath(src[len(prefix) :])
            return source if source.startswith("images/") else None
    return None


def rewrite_images(content: str, pictures: Pictures, siteurl: str) -> str:
    """Every <img> of a raster picture under /images/ becomes a responsive <picture>."""

    def replace(match: re.Match) -> str:
        tag = match.group(0)
        attrs = dict(ATTR.findall(tag))
        source = image_source(attrs.get("src", ""), siteurl)
        picture = pictures.get(source) if source else None
        if picture is None:
            return tag
        extra = {
            name: html.unescape(attrs[name]) for name in ("title", "class", "id") if name in attrs
        }
        return picture_html(picture, siteurl, html.unescape(attrs.get("alt", "")), extra)

    return IMG_TAG.sub(replace, content)
