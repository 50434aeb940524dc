"""The privacy hooks: a person's answers, presence, time zone and calendar addresses are
exported and erased; the meetings they organised stay, no longer pointing to them."""

from __future__ import annotations

from sqlalchemy import func, select

from etwincms.db import commit
from etwincms_meetings import feeds, followup, privacy, schedule, services
from etwincms_meetings.models import Attendance, FeedToken, Meeting, Preference, Rsvp

from .conftest import LISBON_TEN, MeetingSpace


def count(meetings: MeetingSpace, model: type) -> int:
    return meetings.session.scalar(select(func.count()).select_from(model))


def test_export_and_erase(meetings: MeetingSpace) -> None:
    session, project = meetings.session, meetings.project
    pupil, teacher = meetings.user("pupil"), meetings.user("teacher")
    meeting = meetings.meeting()
    services.answer(session, pupil, project, meeting, "yes")
    followup.take_attendance(session, teacher, project, meeting, LISBON_TEN, {pupil.id})
    schedule.choose_zone(session, pupil, "Europe/Madrid")
    feeds.new_feed(session, pupil, project)
    commit(session)

    exported = privacy.export(pupil)
    assert exported["rsvps"][0]["answer"] == "yes"
    assert exported["attendance"] == [
        {"meeting_id": meeting.id, "occurs_at": LISBON_TEN.isoformat()}
    ]
    assert exported["time_zone"] == "Europe/Madrid"
    assert len(exported["calendar_feeds"]) == 1
    assert privacy.export(teacher)["meetings_organised"] == [
        {"id": meeting.id, "title": meeting.title}
    ]

    privacy.erase(pupil)
    privacy.erase(teacher)
    session.commit()
    for model in (Rsvp, Preference, FeedToken, Attendance):
        assert count(meetings, model) == 0
    kept = session.scalars(select(Meeting)).one()
    assert kept.organiser_id is None and kept.title == meeting.title
