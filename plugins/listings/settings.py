"""Settings of the listings: all under the `LISTINGS_` prefix, defaults, checked at start-up."""

from __future__ import annotations

import os
from datetime import datetime

from content_model.dates import UTC, DateError, parse_date
from content_model.settings import SettingsError

DEFAULTS = {
    # Documents on each page of a listing; the rest on page/2/, page/3/…
    "LISTINGS_PER_PAGE": 20,
    # Newest documents of each type on the home page.
    "LISTINGS_HOME_LATEST": 4,
    # Upcoming webinars on the home page (soonest first).
    "LISTINGS_HOME_UPCOMING": 5,
    # Related documents shown on each document.
    "LISTINGS_RELATED": 4,
    # The moment that decides which webinars are upcoming: a contract date or date-time.
    # Unset: $SOURCE_DATE_EPOCH if set, else the time of the build.
    "LISTINGS_NOW": None,
}
COUNTS = ("LISTINGS_PER_PAGE", "LISTINGS_HOME_LATEST", "LISTINGS_HOME_UPCOMING", "LISTINGS_RELATED")


def listing_settings(settings) -> dict:
    values = {name: settings.get(name, default) for name, default in DEFAULTS.items()}
    for name in COUNTS:
        if not isinstance(values[name], int) or isinstance(values[name], bool) or values[name] < 1:
            raise SettingsError(f"{name} must be a whole number ≥ 1, not {values[name]!r}")
    if values["LISTINGS_NOW"] is not None:
        try:
            values["LISTINGS_NOW"] = parse_date(str(values["LISTINGS_NOW"]))
        except DateError as e:
            raise SettingsError(f"LISTINGS_NOW: {e}") from None
    return values


def now_from(values) -> datetime:
    if values["LISTINGS_NOW"] is not None:
        return values["LISTINGS_NOW"]
    epoch = os.environ.get("SOURCE_DATE_EPOCH")
    if epoch and epoch.isdigit():
        return datetime.fromtimestamp(int(epoch), UTC)
    return datetime.now(UTC)
