"""Settings of the feeds: all under the `FEEDS_` prefix, with defaults, checked at start-up."""

from __future__ import annotations

from urllib.parse import urlsplit

from content_model.settings import SettingsError

DEFAULTS = {
    # Newest items kept in each feed (the rest are on the site's listings).
    "FEEDS_MAX_ITEMS": 20,
    # Absolute URL feeds use for links; unset: SITEURL if absolute, else the local server.
    "FEEDS_SITEURL": None,
    # The authority of item ids (tag: URIs): never changes with where the site is hosted.
    "FEEDS_ID_AUTHORITY": "decentralization.net",
    # Style feeds for browsers with an XSLT stylesheet (feed readers ignore it).
    "FEEDS_STYLESHEET": True,
}


def feed_settings(settings) -> dict:
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    cap = values["FEEDS_MAX_ITEMS"]
    if not isinstance(cap, int) or isinstance(cap, bool) or cap < 1:
        raise SettingsError(f"FEEDS_MAX_ITEMS must be a whole number ≥ 1, not {cap!r}")
    siteurl = values["FEEDS_SITEURL"] or settings.get("SITEURL") or ""
    if not urlsplit(siteurl).scheme:
        siteurl = f"http://{settings.get('BIND') or '127.0.0.1'}:{settings.get('PORT') or 8000}"
    if urlsplit(siteurl).scheme not in ("http", "https"):
        raise SettingsError(f"FEEDS_SITEURL must be an http(s) URL, not {siteurl!r}")
    values["FEEDS_SITEURL"] = siteurl.rstrip("/")
    return values
