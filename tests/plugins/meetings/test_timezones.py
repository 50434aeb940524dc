"""One meeting, three partner schools, three time zones, across a daylight-saving change.

A teacher in Lisbon plans a weekly meeting at 10:00 Lisbon time from Monday 22 March
2027 (WET, UTC+0); Europe's clocks go forward on Sunday 28 March. A teacher in Berlin
must read 11:00 every week and one in Athens 12:00, in the HTML pages and the API; the
``.ics`` must parse with ``icalendar`` and give the same instants, and its RRULE must
expand (with ``dateutil``) to the same instants the plugin computed.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from zoneinfo import ZoneInfo

import pytest
from dateutil.rrule import rrulestr
from flask.testing import FlaskClient
from icalendar import Calendar

from etwincms.db import commit
from etwincms.errors import ValidationError
from etwincms.models import Role
from etwincms.services import tokens
from etwincms.testing import AuthActions, Factory
from etwincms_meetings import schedule

from .conftest import MeetingSpace, text

#: The three Mondays at 10:00 in Lisbon, as UTC instants: 10:00 UTC before the
#: change, 09:00 UTC after it.
EXPECTED = [
    datetime(2027, 3, 22, 10, 0, tzinfo=UTC),
    datetime(2027, 3, 29, 9, 0, tzinfo=UTC),
    datetime(2027, 4, 5, 9, 0, tzinfo=UTC),
]
TEACHERS = {"lisbon": "PT", "berlin": "DE", "athens": "GR"}
HOURS = {"lisbon": "10:00", "berlin": "11:00", "athens": "12:00"}


@pytest.fixture
def partners(meetings: MeetingSpace, make: Factory) -> MeetingSpace:
    """Three teachers of the space, each at a school in another country."""
    for name, country in TEACHERS.items():
        user = make.user(name, school=make.school(name, country=country))
        make.member(meetings.project, user, Role.TEACHER)
        meetings.users[name] = user
    commit(meetings.session)
    return meetings


@pytest.fixture
def weekly(partners: MeetingSpace):
    return partners.meeting(
        "lisbon",
        title="Weekly partners' call",
        time_zone=schedule.zone_of(partners.session, partners.user("lisbon")),
        starts_at=schedule.planned_start(
            EXPECTED[0].date(), datetime(2027, 1, 1, 10).time(), "Europe/Lisbon"
        ),
        repeat_weeks=1,
        repeat_count=3,
    )


def test_the_series_keeps_lisbon_s_wall_clock(partners: MeetingSpace, weekly) -> None:
    assert weekly.time_zone == "Europe/Lisbon"  # the organiser's school is in Portugal
    assert schedule.occurrences(weekly) == EXPECTED
    every_other = partners.meeting(
        "lisbon", repeat_weeks=2, repeat_until=datetime(2027, 4, 19).date()
    )
    assert schedule.occurrences(every_other) == [
        EXPECTED[0],
        datetime(2027, 4, 5, 9, 0, tzinfo=UTC),
        datetime(2027, 4, 19, 9, 0, tzinfo=UTC),
    ]


def test_each_teacher_reads_the_hour_of_their_own_zone(
    client: FlaskClient, auth: AuthActions, partners: MeetingSpace, weekly
) -> None:
    for who in TEACHERS:
        assert auth.login(who).status_code == 302
        check_page(text(client.get(f"{partners.url}/{weekly.id}")), who)
        auth.logout()


def check_page(page: str, who: str) -> None:
    dates = re.search(r'<ol class="meetings-dates">(.*?)</ol>', page, re.S)
    assert dates is not None
    shown = re.findall(r'<time datetime="([^"]+)">([^<]+)</time>', dates.group(1))
    assert [datetime.fromisoformat(iso) for iso, _label in shown] == EXPECTED
    assert all(label.endswith(HOURS[who]) for _iso, label in shown), shown


def test_the_api_gives_each_teacher_their_own_hour(
    client: FlaskClient, partners: MeetingSpace, weekly
) -> None:
    for who in TEACHERS:
        check_api(client, partners, weekly, who)


def check_api(client: FlaskClient, partners: MeetingSpace, weekly, who: str) -> None:
    _token, secret = tokens.create_token(
        partners.session, partners.user(who), name="t", scopes=["read"]
    )
    commit(partners.session)
    body = client.get(
        f"{partners.api}/meetings/{weekly.id}",
        headers={"Authorization": f"Bearer {secret}"},
    ).get_json()
    zone = {
        "lisbon": "Europe/Lisbon",
        "berlin": "Europe/Berlin",
        "athens": "Europe/Athens",
    }
    assert body["viewer_time_zone"] == zone[who]
    starts = [datetime.fromisoformat(o["starts_at"]) for o in body["occurrences"]]
    assert starts == EXPECTED
    local = [datetime.fromisoformat(o["local"]) for o in body["occurrences"]]
    assert local == EXPECTED  # the same instants...
    assert {f"{t:%H:%M}" for t in local} == {HOURS[who]}  # ...at their wall clock


def test_a_chosen_zone_wins_over_the_school_s_country(
    client: FlaskClient, auth: AuthActions, partners: MeetingSpace, weekly
) -> None:
    auth.login("berlin")
    page = text(client.get(f"{partners.url}/zone"))
    token = re.search(r'name="csrf_token" value="([^"]+)"', page).group(1)
    sent = client.post(
        f"{partners.url}/zone",
        data={"csrf_token": token, "time_zone": "America/New_York"},
    )
    assert sent.status_code == 302
    shown = text(client.get(f"{partners.url}/{weekly.id}"))
    # 22 March: New York is already on summer time (UTC-4), Lisbon not yet: 06:00.
    assert "Mon 22 Mar 2027, 06:00" in shown
    bad = client.post(
        f"{partners.url}/zone", data={"csrf_token": token, "time_zone": "Mars/Olympus"}
    )
    assert bad.status_code == 400 and "Unknown time zone" in text(bad)


def test_the_ics_gives_the_same_instants(
    client: FlaskClient, auth: AuthActions, partners: MeetingSpace, weekly
) -> None:
    auth.login("athens")
    response = client.get(f"{partners.url}/{weekly.id}/meeting.ics")
    assert response.status_code == 200
    assert response.mimetype == "text/calendar"
    assert "attachment" in response.headers["Content-Disposition"]
    calendar = Calendar.from_ical(response.data)
    (event,) = calendar.walk("VEVENT")
    start = event.decoded("dtstart")
    assert start.tzinfo is not None and start == EXPECTED[0]
    assert str(event["dtstart"].params["TZID"]) == "Europe/Lisbon"
    assert [tz["TZID"] for tz in calendar.walk("VTIMEZONE")] == ["Europe/Lisbon"]
    assert event.decoded("duration").total_seconds() == 3600
    rule = event["rrule"].to_ical().decode()
    expanded = list(rrulestr(rule, dtstart=start.astimezone(ZoneInfo("Europe/Lisbon"))))
    assert expanded == EXPECTED
    assert [f"{t.astimezone(ZoneInfo('Europe/Athens')):%H:%M}" for t in expanded] == [
        "12:00"
    ] * 3


def test_a_time_the_clocks_skip_is_refused() -> None:
    with pytest.raises(ValidationError, match="clocks change"):
        schedule.planned_start(
            datetime(2027, 3, 28).date(),
            datetime(2027, 1, 1, 1, 30).time(),
            "Europe/Lisbon",
        )
    with pytest.raises(ValidationError, match="between 2000 and 2200"):
        schedule.planned_start(
            datetime(9999, 12, 31).date(), datetime(2027, 1, 1, 23).time(), "Etc/GMT+12"
        )
