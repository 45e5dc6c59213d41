"""Settings of the feeds: all under the `FEEDS_` prefix, with defaults, checked at start-up."""

from __future__ import annotations

from site_build.model import absolute_siteurl
from site_build.settings import PluginSettings, Setting, SettingsError, boolean, text, whole_number


def url(name, value) -> str:
    """An absolute http(s) URL, or "" (as unset); the URL itself is checked by
    site_build.model.absolute_siteurl."""
    if isinstance(value, str):
        return value
    raise SettingsError(f"{name} must be an http(s) URL, not {value!r}")


SETTINGS = PluginSettings(
    plugin="feeds",
    prefix="FEEDS_",
    settings=(
        Setting("FEEDS_MAX_ITEMS", 20, whole_number(1),
                "Newest items kept in each feed (the rest are on the site's listings)."),
        Setting("FEEDS_SITEURL", None, url,
                "Absolute URL feeds use for links; unset: SITEURL if absolute, else the local "
                "server."),
        Setting("FEEDS_ID_AUTHORITY", "decentralization.net", text,
                "The authority of item ids (tag: URIs): never changes with where the site is "
                "hosted."),
        Setting("FEEDS_STYLESHEET", True, boolean,
                "Style feeds for browsers with an XSLT stylesheet (feed readers ignore it)."),
    ),
)  # fmt: skip


def feed_settings(settings) -> dict:
    values = SETTINGS.read(settings)
    # The site model's absolute URL (one rule for every plugin), checked here at start-up.
    values["FEEDS_SITEURL"] = absolute_siteurl(settings)
    return values
