"""Showing instants to a reader: in their zone, in their language, with the zone named.

Pages show a meeting as ``Mon 29 Mar 2027, 11:00`` followed by the zone and its current
abbreviation (``Europe/Berlin, CEST``), inside ``<time datetime="...">`` with the ISO
instant, so both people and programs read it right.
"""

from __future__ import annotations

from datetime import datetime
from zoneinfo import ZoneInfo

from babel.dates import format_datetime
from flask_babel import get_locale

PATTERN = "EEE d MMM y, HH:mm"


def shown(instant: datetime, zone: str) -> str:
    """``instant`` as a wall-clock time in ``zone``, in the reader's language."""
    return format_datetime(
        instant, PATTERN, tzinfo=ZoneInfo(zone), locale=get_locale() or "en"
    )


def hour(instant: datetime, zone: str) -> str:
    return instant.astimezone(ZoneInfo(zone)).strftime("%H:%M")


def zone_name(instant: datetime, zone: str) -> str:
    """``Europe/Berlin, CEST``: the zone and its abbreviation at that instant."""
    abbreviation = instant.astimezone(ZoneInfo(zone)).tzname() or ""
    if not abbreviation or abbreviation.lstrip("+-").isdigit():
        return zone
    return f"{zone}, {abbreviation}"


def iso(instant: datetime, zone: str) -> str:
    return instant.astimezone(ZoneInfo(zone)).isoformat(timespec="minutes")
