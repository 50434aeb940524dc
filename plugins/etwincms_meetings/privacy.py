"""What the meetings plugin stores about a person, for the export and erase hooks.

Columns naming a person: ``meetings_meeting.organiser_id`` (meetings organised),
``meetings_rsvp.user_id`` (answers to invitations), ``meetings_attendance.user_id``
(presence noted) and ``recorded_by_id`` (who noted it), ``meetings_preference.user_id``
(their time zone) and ``meetings_feed_token.user_id`` (their calendar addresses).
Erasing deletes their answers, presence, time zone and feeds, and detaches them from
the meetings they organised and the registers they took (those stay: they are the
space's record).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from etwincms.db import get_session
from etwincms.models import User

from .models import Attendance, FeedToken, Meeting, Preference, Rsvp


def export(user: User) -> dict[str, Any]:
    session = get_session()
    organised = session.scalars(select(Meeting).where(Meeting.organiser_id == user.id))
    answers = session.scalars(select(Rsvp).where(Rsvp.user_id == user.id))
    present = session.scalars(select(Attendance).where(Attendance.user_id == user.id))
    preference = session.get(Preference, user.id)
    feeds = session.scalars(select(FeedToken).where(FeedToken.user_id == user.id))
    return {
        "meetings_organised": [{"id": m.id, "title": m.title} for m in organised],
        "rsvps": [
            {
                "meeting_id": r.meeting_id,
                "answer": r.answer,
                "at": r.updated_at.isoformat(),
            }
            for r in answers
        ],
        "attendance": [
            {"meeting_id": a.meeting_id, "occurs_at": a.occurs_at.isoformat()}
            for a in present
        ],
        "time_zone": preference.time_zone if preference else None,
        "calendar_feeds": [
            {"space_id": f.project_id, "created_at": f.created_at.isoformat()}
            for f in feeds
        ],
    }


def erase(user: User) -> None:
    session = get_session()
    for model in (Rsvp, Attendance, Preference, FeedToken):
        session.execute(delete(model).where(model.user_id == user.id))
    session.execute(
        update(Meeting).where(Meeting.organiser_id == user.id).values(organiser_id=None)
    )
    session.execute(
        update(Attendance)
        .where(Attendance.recorded_by_id == user.id)
        .values(recorded_by_id=None)
    )
