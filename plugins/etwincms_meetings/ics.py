"""iCalendar (RFC 5545) for meetings: one meeting's ``.ics`` and a space's feed.

Each meeting is one ``VEVENT`` whose ``DTSTART`` carries the zone it was planned in
(``TZID``, with the matching ``VTIMEZONE`` written out), so that calendar programs
repeat it at the same local time across daylight-saving changes; a recurring meeting
has an ``RRULE`` (``FREQ=WEEKLY``, ``INTERVAL``, ``COUNT`` or ``UNTIL`` in UTC, as the
standard asks when ``DTSTART`` has a zone). The description is the agenda's text; the
location is the video link only for those who may see it at any time.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta

from icalendar import Calendar, Event

from etwincms.db import utcnow

from . import schedule
from .models import Meeting

PRODUCT = "-//etwincms//meetings//EN"
MEDIA_TYPE = "text/calendar"


def calendar(
    meetings: Iterable[Meeting],
    *,
    name: str,
    host: str,
    url_of: Callable[[Meeting], str],
    link_of: Callable[[Meeting], str],
) -> bytes:
    """The iCalendar text of ``meetings``; ``link_of`` gives the video link to show."""
    cal = Calendar()
    cal.add("prodid", PRODUCT)
    cal.add("version", "2.0")
    cal.add("calscale", "GREGORIAN")
    cal.add("x-wr-calname", name)
    for meeting in meetings:
        cal.add_component(event(meeting, host, url_of(meeting), link_of(meeting)))
    cal.add_missing_timezones()
    return cal.to_ical()


def event(meeting: Meeting, host: str, url: str, link: str) -> Event:
    start = schedule.local(meeting.starts_at, meeting.time_zone)
    vevent = Event()
    vevent.add("uid", f"meeting-{meeting.id}@{host}")
    vevent.add("dtstamp", utcnow())
    vevent.add("dtstart", start)
    vevent.add("duration", timedelta(minutes=meeting.duration_minutes))
    vevent.add("summary", meeting.title)
    vevent.add("description", meeting.agenda)
    vevent.add("url", url)
    vevent.add("sequence", meeting.version)
    if link:
        vevent.add("location", link)
    if meeting.repeat_weeks:
        vevent.add("rrule", rule(meeting))
    return vevent


def rule(meeting: Meeting) -> dict[str, object]:
    recurrence: dict[str, object] = {"freq": "weekly", "interval": meeting.repeat_weeks}
    if meeting.repeat_count is not None:
        recurrence["count"] = meeting.repeat_count
    until = schedule.until_instant(meeting)
    if until is not None:
        recurrence["until"] = until
    return recurrence
