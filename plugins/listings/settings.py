"""Settings of the listings: all under the `LISTINGS_` prefix, defaults, checked at start-up."""

from __future__ import annotations

import os
from datetime import datetime

from content_model.dates import UTC, DateError, parse_date
from site_build.settings import PluginSettings, Setting, SettingsError, whole_number


def moment(name, value) -> datetime:
    """A contract date or date-time (`2025-06-02`, `2025-06-02T14:00:00+02:00`)."""
    try:
        return parse_date(str(value))
    except DateError as e:
        raise SettingsError(f"{name}: {e}") from None


SETTINGS = PluginSettings(
    plugin="listings",
    prefix="LISTINGS_",
    settings=(
        Setting("LISTINGS_PER_PAGE", 20, whole_number(1),
                "Documents on each page of a listing; the rest on page/2/, page/3/…"),
        Setting("LISTINGS_HOME_LATEST", 4, whole_number(1),
                "Newest documents of each type on the home page."),
        Setting("LISTINGS_HOME_UPCOMING", 5, whole_number(1),
                "Upcoming webinars on the home page (soonest first)."),
        Setting("LISTINGS_RELATED", 4, whole_number(1),
                "Related documents shown on each document."),
        Setting("LISTINGS_NOW", None, moment,
                "The moment that decides which webinars are upcoming. Unset: "
                "$SOURCE_DATE_EPOCH if set, else the time of the build."),
    ),
)  # fmt: skip


def listing_settings(settings) -> dict:
    return SETTINGS.read(settings)


def now_from(values) -> datetime:
    if values["LISTINGS_NOW"] is not None:
        return values["LISTINGS_NOW"]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)
