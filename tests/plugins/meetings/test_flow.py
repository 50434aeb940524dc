"""A meeting's life through the web pages: the link opens to pupils when a teacher
starts it, members answer, the organiser takes attendance, notes decisions and keeps the
minutes as a page (linked both ways), reminders show on the space's home, and the
calendar feed works without a session, for what its owner may see, until revoked."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from icalendar import Calendar

from etwincms.db import commit, utcnow
from etwincms.errors import ValidationError
from etwincms.models import Membership
from etwincms.services import members
from etwincms.testing import RoleClient
from etwincms_meetings import followup

from .conftest import LISBON_TEN, MeetingSpace, text

JOIN = 'class="meetings-join" href="https://meet.jit.si/GreenRootsPartners"'


def test_pupils_get_the_link_once_a_teacher_starts_the_meeting(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meeting = meetings.meeting()
    browser.login("pupil")
    before = text(browser.get(f"/{meeting.id}"))
    assert JOIN not in before and "when a teacher starts the meeting" in before
    assert "Join on Jitsi Meet" not in before
    browser.login("observer")
    assert JOIN in text(browser.get(f"/{meeting.id}"))  # observers are supervisors
    browser.login("teacher")
    assert JOIN in text(browser.get(f"/{meeting.id}"))
    assert browser.post(f"/{meeting.id}/start").status_code == 302
    browser.login("pupil")
    after = text(browser.get(f"/{meeting.id}"))
    assert JOIN in after and "Join on Jitsi Meet" in after


def test_members_answer_and_the_organiser_sees_who_comes(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meeting = meetings.meeting()
    browser.login("pupil")
    assert browser.post(f"/{meeting.id}/rsvp", {"answer": "maybe"}).status_code == 302
    assert 'meetings-own-answer">Maybe' in text(browser.get(f"/{meeting.id}"))
    wrong = browser.post(f"/{meeting.id}/rsvp", {"answer": "perhaps"})
    assert wrong.status_code == 302
    assert "Answer yes, no or maybe." in text(browser.get(f"/{meeting.id}"))
    browser.login("teacher")
    invited = re.search(
        r'<ul class="meetings-invitees">(.*?)</ul>',
        text(browser.get(f"/{meeting.id}")),
        re.S,
    ).group(1)
    assert "Pupil_User: Maybe" in invited
    assert "Observer_User" not in invited  # observers read, they are not invited
    staff = meetings.meeting(audience="teachers")
    page = text(browser.get(f"/{staff.id}"))
    assert "Pupil_User" not in page and "Teacher_User: No answer yet" in page


def test_attendance_is_kept_per_occurrence_for_invited_members(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meeting = meetings.meeting(repeat_weeks=1, repeat_count=2)
    second = LISBON_TEN + timedelta(weeks=1) - timedelta(hours=1)  # summer time
    at = {"first": "2027-03-22T10:00:00Z", "second": "2027-03-29T09:00:00Z"}
    pupil, observer = meetings.user("pupil"), meetings.user("observer")
    browser.login("teacher")
    sent = browser.post(
        f"/{meeting.id}/attendance",
        {"at": second.isoformat(), "present": str(pupil.id)},
    )
    assert sent.status_code == 302
    page = text(browser.get(f"/{meeting.id}/attendance?at={at['second']}"))
    assert f'value="{pupil.id}" checked' in page
    first = text(browser.get(f"/{meeting.id}/attendance?at={at['first']}"))
    assert f'value="{pupil.id}" checked' not in first
    session, teacher = meetings.session, meetings.user("teacher")
    with pytest.raises(ValidationError, match="invited"):
        followup.take_attendance(
            session, teacher, meetings.project, meeting, second, {observer.id}
        )
    with pytest.raises(ValidationError, match="does not take place"):
        followup.take_attendance(
            session,
            teacher,
            meetings.project,
            meeting,
            LISBON_TEN + timedelta(days=1),
            set(),
        )
    for odd in ("yesterday", "2027-03-22T10:00:00"):  # not a time; no zone
        answer = browser.get(f"/{meeting.id}/attendance?at={odd}")
        assert answer.status_code == 302  # back to the meeting, with the reason


def test_decisions_and_minutes_are_linked_both_ways(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meeting = meetings.meeting(title="Kick-off call")
    browser.login("teacher")
    browser.post(f"/{meeting.id}/decisions", {"text": "Meet every Monday"})
    form = text(browser.get(f"/{meeting.id}/edit"))
    fields = dict(re.findall(r'name="(\w+)"[^>]*value="([^"]*)"', form))
    recording = "https://bbb.example.org/playback/presentation/2.3/abc"
    saved = browser.post(
        f"/{meeting.id}/edit",
        {
            **fields,
            **{
                "time_zone": "Europe/Lisbon",
                "audience": "everyone",
                "repeat_weeks": "0",
            },
            "recording_url": recording,
        },
    )
    assert saved.status_code == 302
    assert browser.post(f"/{meeting.id}/decisions", {"text": " "}).status_code == 302
    made = browser.post(f"/{meeting.id}/minutes")
    assert made.status_code == 302
    minutes_url = made.headers["Location"]
    page = text(browser.client.get(minutes_url))
    assert "Minutes: Kick-off call (2027-03-22)" in page
    assert "<li>Meet every Monday</li>" in page
    back = f'href="/s/{meetings.project.slug}/-/meetings/{meeting.id}"'
    assert "Minutes of the meeting" in page and back in page
    shown = text(browser.get(f"/{meeting.id}"))
    assert f'class="meetings-minutes" href="{minutes_url}"' in shown
    assert "Meet every Monday" in shown
    assert (
        f'<a href="{recording}" rel="noopener noreferrer">Watch the recording' in shown
    )
    assert "Mon 22 Mar 2027, 11:00" in shown  # the edit kept the time (Berlin: 11:00)
    browser.login(
        "pupil"
    )  # the pupil may read the page and the meeting: the link shows
    assert back in text(browser.client.get(minutes_url))
    staff = meetings.meeting(audience="teachers", title="Staff call")
    browser.login("teacher")
    path = minutes_url.split(f"/s/{meetings.project.slug}/", 1)[1]
    linked = browser.post(f"/{staff.id}/minutes", {"path": path})
    assert linked.status_code == 302
    browser.login("pupil")  # the teachers' meeting stays hidden from the pupil
    page = text(browser.client.get(minutes_url))
    assert f"/-/meetings/{staff.id}" not in page


def test_reminders_show_on_the_space_s_home(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meetings.meeting(title="Tomorrow's call", starts_at=utcnow() + timedelta(days=1))
    meetings.meeting(
        title="Staff call", audience="teachers", starts_at=utcnow() + timedelta(days=2)
    )
    meetings.meeting(title="Far away", starts_at=utcnow() + timedelta(days=30))
    home = f"/s/{meetings.project.slug}/"
    browser.login("pupil")
    page = text(browser.client.get(home))
    assert "Meetings coming up" in page and "Tomorrow&#39;s call" in page
    assert "Staff call" not in page and "Far away" not in page
    assert "Your answer: No answer yet" in page
    browser.login("teacher")
    assert "Staff call" in text(browser.client.get(home))
    assert "scheduled a meeting" in text(browser.client.get(home))  # the activity


def test_the_calendar_feed_needs_no_session_and_can_be_revoked(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meetings.meeting(title="With pupils")
    meetings.meeting(title="Teachers only", audience="teachers")
    addresses = {}
    for role in ("teacher", "pupil"):
        browser.login(role)
        page = text(browser.post("/feed"))
        addresses[role] = re.search(
            r'id="feed-address" readonly value="([^"]+)"', page
        )[1]
    browser.login(None)
    assert titles(browser, addresses["teacher"]) == ["Teachers only", "With pupils"]
    assert titles(browser, addresses["pupil"]) == ["With pupils"]
    assert browser.client.get(addresses["teacher"]).headers.get("Set-Cookie") is None
    browser.login("teacher")
    browser.post("/feed")  # a new address: the old one stops working
    browser.login(None)
    assert browser.client.get(addresses["teacher"]).status_code == 404
    pupil = meetings.user("pupil")
    membership = meetings.session.query(Membership).filter_by(user_id=pupil.id).one()
    members.remove_member(meetings.session, meetings.user("admin"), membership)
    commit(meetings.session)
    assert browser.client.get(addresses["pupil"]).status_code == 404
    assert browser.client.get(addresses["pupil"][:-6] + "x.ics").status_code == 404


def titles(browser: RoleClient, address: str) -> list[str]:
    answer = browser.client.get(address)
    assert answer.status_code == 200 and answer.mimetype == "text/calendar"
    calendar = Calendar.from_ical(answer.data)
    return sorted(str(event["summary"]) for event in calendar.walk("VEVENT"))


def test_the_agenda_is_sanitized_and_the_title_escaped(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meeting = meetings.meeting(
        title="<b>Call</b>",
        agenda="<script>alert(1)</script> [x](javascript:alert(1)) *fine*",
    )
    browser.login("pupil")
    page = text(browser.get(f"/{meeting.id}"))
    assert "&lt;b&gt;Call&lt;/b&gt;" in page and "<b>Call</b>" not in page
    assert "<script>alert" not in page and 'href="javascript:' not in page
    assert "<em>fine</em>" in page
