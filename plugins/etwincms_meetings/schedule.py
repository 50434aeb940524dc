"""Time for meetings: which zone a person reads them in, and when each occurrence is.

A meeting is planned at a wall-clock time in a zone (the organiser's, unless they chose
another). Its first start is stored as a UTC instant; later occurrences of a recurring
meeting are found by adding whole weeks to the *local* wall clock and converting each
back to UTC, so a 10:00 Lisbon meeting stays at 10:00 in Lisbon across daylight-saving
changes (and moves by an hour for partners whose clocks change on other dates).

A reader's zone is the one they chose (:class:`.models.Preference`); else the main zone
of their school's country (CLDR's territory zones, through Babel); else UTC.
"""

from __future__ import annotations

from datetime import UTC, date, datetime, time, timedelta
from functools import cache
from zoneinfo import ZoneInfo, available_timezones

from babel.core import get_global
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from etwincms.errors import ValidationError
from etwincms.models import User

from .models import Meeting, Preference

#: A series never yields more occurrences than this (two years of weekly meetings).
MAX_OCCURRENCES = 104
#: Countries with several zones whose first CLDR zone is not the one most people use.
MAIN_ZONE = {
    "AU": "Australia/Sydney",
    "BR": "America/Sao_Paulo",
    "CA": "America/Toronto",
    "CY": "Asia/Nicosia",
    "KZ": "Asia/Almaty",
    "MX": "America/Mexico_City",
    "PT": "Europe/Lisbon",
    "RU": "Europe/Moscow",
    "US": "America/New_York",
}
#: Legacy and technical names left out of the choice offered to people.
HIDDEN_AREAS = ("Etc/", "SystemV/", "US/", "posix", "right/", "Brazil/", "Canada/")


@cache
def zone_choices() -> tuple[str, ...]:
    """The zones people choose from: ``Area/City`` names, sorted."""
    names = available_timezones()
    return tuple(
        sorted(n for n in names if "/" in n and not n.startswith(HIDDEN_AREAS))
    )


def valid_zone(name: str | None, field: str = "time_zone") -> str:
    """``name`` when it is a known IANA zone (or UTC); else a ValidationError."""
    name = (name or "").strip()
    if name != "UTC" and name not in zone_choices():
        raise ValidationError(
            _("Unknown time zone '%(name)s'.", name=name[:64]), field=field
        )
    return name


def country_zone(country: str | None) -> str | None:
    """The main zone of a country (ISO 3166-1 alpha-2), or None when unknown."""
    if not country:
        return None
    country = country.upper()
    if country in MAIN_ZONE:
        return MAIN_ZONE[country]
    zones = get_global("territory_zones").get(country, [])
    european = [z for z in zones if z.startswith("Europe/")]
    return (european or zones or [None])[0]


def zone_of(session: Session, user: User | None) -> str:
    """The zone ``user`` reads meetings in: chosen, else their school's country, else UTC."""
    if user is None:
        return "UTC"
    chosen = session.get(Preference, user.id)
    if chosen is not None:
        return chosen.time_zone
    school = user.school
    return country_zone(school.country if school else None) or "UTC"


def planned_start(day: date, at: time, zone: str) -> datetime:
    """The UTC instant of wall-clock ``day`` ``at`` in ``zone``; refuses times that the
    clocks skip (the hour lost in spring)."""
    if not 2000 <= day.year <= 2200:
        raise ValidationError(_("Give a date between 2000 and 2200."), field="date")
    local = datetime.combine(day, at, tzinfo=ZoneInfo(zone))
    instant = local.astimezone(UTC)
    if instant.astimezone(ZoneInfo(zone)).replace(tzinfo=None) != local.replace(
        tzinfo=None
    ):
        raise ValidationError(
            _(
                "%(time)s does not exist on %(day)s in %(zone)s: the clocks change then.",
                time=f"{at:%H:%M}",
                day=day,
                zone=zone,
            ),
            field="start_time",
        )
    return instant


def local(instant: datetime, zone: str) -> datetime:
    return instant.astimezone(ZoneInfo(zone))


def occurrences(meeting: Meeting, limit: int = MAX_OCCURRENCES) -> list[datetime]:
    """Every start of the meeting, as UTC instants, in order (at most ``limit``)."""
    if not meeting.repeat_weeks:
        return [meeting.starts_at]
    zone = ZoneInfo(meeting.time_zone)
    wall = meeting.starts_at.astimezone(zone).replace(tzinfo=None)
    step = timedelta(weeks=meeting.repeat_weeks)
    found: list[datetime] = []
    for n in range(min(limit, MAX_OCCURRENCES)):
        if meeting.repeat_count is not None and n >= meeting.repeat_count:
            break
        start = wall + n * step
        if meeting.repeat_until is not None and start.date() > meeting.repeat_until:
            break
        found.append(start.replace(tzinfo=zone).astimezone(UTC))
    return found


def ends(meeting: Meeting, start: datetime) -> datetime:
    return start + timedelta(minutes=meeting.duration_minutes)


def upcoming(meeting: Meeting, now: datetime, limit: int = 10) -> list[datetime]:
    """The occurrences that have not ended yet at ``now``."""
    return [s for s in occurrences(meeting) if ends(meeting, s) > now][:limit]


def next_start(meeting: Meeting, now: datetime) -> datetime | None:
    coming = upcoming(meeting, now, limit=1)
    return coming[0] if coming else None


def until_instant(meeting: Meeting) -> datetime | None:
    """The end of the series' last day in its zone, as UTC (RFC 5545's ``UNTIL``)."""
    if meeting.repeat_until is None:
        return None
    last = datetime.combine(
        meeting.repeat_until, time(23, 59, 59), tzinfo=ZoneInfo(meeting.time_zone)
    )
    return last.astimezone(UTC)


def choose_zone(session: Session, user: User, zone: str) -> None:
    """Keep ``zone`` as the zone ``user`` reads meetings in ("" goes back to the default)."""
    chosen = session.get(Preference, user.id)
    if not zone:
        if chosen is not None:
            session.delete(chosen)
        return
    zone = valid_zone(zone)
    if chosen is None:
        session.add(Preference(user_id=user.id, time_zone=zone))
    else:
        chosen.time_zone = zone
