"""Dates as the contract writes them (§2).

`YYYY-MM-DD` means 00:00 UTC that day; a date-time must carry its offset
(`2022-11-17T14:00:00+02:00`, or `Z` for UTC). Every result is a time-zone aware datetime.
"""

from __future__ import annotations

import re
from datetime import date, datetime
from zoneinfo import ZoneInfo

UTC = ZoneInfo("UTC")

_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})$")
_DATETIME = re.compile(
    r"^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2})(?::(\d{2})(?:\.\d+)?)?"
    r"(?P<offset>Z|[+-]\d{2}:?\d{2})?$"
)
EXAMPLE_DATE = "2022-11-17"
EXAMPLE_DATETIME = "2022-11-17T14:00:00+02:00"


class DateError(ValueError):
    """A date that cannot be read; the message says why, for a person."""


#: Years a document may carry: anything outside is a typo (and would overflow time zones).
YEARS = (1900, 2200)


def _check_calendar(y: str, m: str, d: str, text: str) -> None:
    try:
        date(int(y), int(m), int(d))
    except ValueError as e:
        raise DateError(f"'{text}' is not a real date ({e})") from None
    if not YEARS[0] <= int(y) <= YEARS[1]:
        raise DateError(f"'{text}': the year must be between {YEARS[0]} and {YEARS[1]}")


def parse_date(text: str, *, require_time: bool = False) -> datetime:
    """Parse a contract date; raise DateError with a readable message."""
    text = text.strip()
    m = _DATE.match(text)
    if m:
        _check_calendar(*m.groups(), text)
        if require_time:
            raise DateError(
                f"'{text}' has no time: give the date-time with its offset, "
                f"e.g. {text}T14:00:00+00:00"
            )
        return datetime(int(m[1]), int(m[2]), int(m[3]), tzinfo=UTC)
    m = _DATETIME.match(text)
    if not m:
        example = EXAMPLE_DATETIME if require_time else f"{EXAMPLE_DATE} or {EXAMPLE_DATETIME}"
        raise DateError(f"'{text}' is not a date in the form {example}")
    _check_calendar(m[1], m[2], m[3], text)
    if not m["offset"]:
        raise DateError(f"'{text}' has no time-zone offset: add one, e.g. {text}+00:00 for UTC")
    normalized = text.replace(" ", "T", 1)
    if re.search(r"[+-]\d{4}$", normalized):
        normalized = normalized[:-2] + ":" + normalized[-2:]
    try:
        value = datetime.fromisoformat(normalized)
    except ValueError as e:
        raise DateError(f"'{text}' is not a real date-time ({e})") from None
    if value.tzinfo is not None and value.utcoffset() == UTC.utcoffset(value):
        # Keep "Z" and "+00:00" alike: both are UTC.
        value = value.astimezone(UTC)
    return value
