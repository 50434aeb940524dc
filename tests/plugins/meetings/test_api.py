"""The meetings API by role, and its ETag/If-Match editing."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.services import tokens
from etwincms_meetings import followup, services

from .conftest import LISBON_TEN, MeetingSpace

NEW = {
    "title": "Kick-off",
    "starts_at": LISBON_TEN.isoformat(),
    "time_zone": "Europe/Lisbon",
    "audience": "everyone",
}


def bearer(meetings: MeetingSpace, role: str) -> dict[str, str]:
    _token, secret = tokens.create_token(
        meetings.session, meetings.user(role), name="t", scopes=["read", "write"]
    )
    commit(meetings.session)
    return {"Authorization": f"Bearer {secret}"}


def calls(client: FlaskClient, meetings: MeetingSpace, headers: dict[str, str]) -> Any:
    meeting, spare = meetings.meeting(), meetings.meeting(title="Spare")
    hidden = meetings.meeting(audience="teachers")
    decision = followup.add_decision(
        meetings.session, meetings.user("teacher"), meetings.project, meeting, "Meet"
    )
    commit(meetings.session)
    url = f"{meetings.api}/meetings/{meeting.id}"
    read = client.get(url, headers=headers)
    etag = {**headers, "If-Match": read.headers.get("ETag", '"x"')}
    register = {"occurs_at": LISBON_TEN.isoformat(), "user_ids": []}
    return (
        client.get(f"{meetings.api}/meetings", headers=headers).status_code,
        read.status_code,
        client.get(f"{meetings.api}/meetings/{hidden.id}", headers=headers).status_code,
        client.put(
            f"{url}/rsvp", json={"answer": "maybe"}, headers=headers
        ).status_code,
        client.post(f"{meetings.api}/meetings", json=NEW, headers=headers).status_code,
        client.patch(url, json={"duration_minutes": 30}, headers=etag).status_code,
        client.put(f"{url}/attendance", json=register, headers=headers).status_code,
        client.delete(
            f"{meetings.api}/meetings/{spare.id}", headers=headers
        ).status_code,
        client.post(f"{url}/start", headers=headers).status_code,
        client.post(
            f"{url}/decisions", json={"text": "Go"}, headers=headers
        ).status_code,
        client.delete(f"{url}/decisions/{decision.id}", headers=headers).status_code,
    )


BY_ROLE = {
    "teacher": (200, 200, 200, 200, 201, 200, 200, 204, 200, 201, 204),
    "pupil": (200, 200, 404, 200, 403, 403, 403, 403, 403, 403, 403),
    "observer": (200, 200, 200, 403, 403, 403, 403, 403, 403, 403, 403),
    "outsider": (404,) * 11,
}


def test_api_actions_by_role(client: FlaskClient, meetings: MeetingSpace) -> None:
    got = {role: calls(client, meetings, bearer(meetings, role)) for role in BY_ROLE}
    assert got == BY_ROLE


def test_pupils_read_no_teachers_meeting_and_no_link_before_the_start(
    client: FlaskClient, meetings: MeetingSpace
) -> None:
    meetings.meeting(audience="teachers", title="Staff only")
    shared = meetings.meeting(title="With the class")
    pupil, teacher = bearer(meetings, "pupil"), bearer(meetings, "teacher")
    listed = client.get(f"{meetings.api}/meetings", headers=pupil).get_json()
    assert [m["title"] for m in listed["items"]] == ["With the class"]
    (item,) = listed["items"]
    assert item["conference_url"] == "" and item["conference_provider"] == "jitsi"
    started = client.get(f"{meetings.api}/meetings", headers=teacher).get_json()
    assert len(started["items"]) == 2
    assert started["items"][0]["conference_url"].startswith("https://meet.jit.si/")
    services.start_meeting(
        meetings.session, meetings.user("teacher"), meetings.project, shared
    )
    commit(meetings.session)
    again = client.get(f"{meetings.api}/meetings/{shared.id}", headers=pupil).get_json()
    assert again["started"] is True
    assert again["conference_url"] == "https://meet.jit.si/GreenRootsPartners"


def test_editing_needs_a_current_etag(
    client: FlaskClient, meetings: MeetingSpace
) -> None:
    meeting = meetings.meeting()
    headers, url = bearer(meetings, "teacher"), f"{meetings.api}/meetings/{meeting.id}"
    etag = client.get(url, headers=headers).headers["ETag"]
    assert client.patch(url, json={"title": "A"}, headers=headers).status_code == 428
    done = client.patch(url, json={"title": "A"}, headers={**headers, "If-Match": etag})
    assert done.status_code == 200 and done.get_json()["title"] == "A"
    stale = client.patch(
        url, json={"title": "B"}, headers={**headers, "If-Match": etag}
    )
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"


BAD = [
    ({"time_zone": "Mars/Olympus"}, "time_zone"),
    ({"conference_url": "http://meet.jit.si/x"}, "conference_url"),
    ({"conference_url": "javascript:alert(1)//x.org"}, "conference_url"),
    ({"repeat_weeks": 1}, "repeat_count"),
    ({"repeat_weeks": 1, "repeat_until": "9999-12-31"}, "repeat_until"),
    ({"starts_at": "9999-12-31T23:00:00-12:00"}, "starts_at"),
    ({"starts_at": "2027-03-22T10:00:00"}, "starts_at"),
    ({"title": "x", "colour": "red"}, "colour"),
]


def test_bad_input_is_a_422_naming_the_field(
    client: FlaskClient, meetings: MeetingSpace
) -> None:
    headers = bearer(meetings, "teacher")
    for change, field in BAD:
        sent = client.post(
            f"{meetings.api}/meetings", json={**NEW, **change}, headers=headers
        )
        assert sent.status_code == 422, change
        assert sent.mimetype == "application/problem+json"
        assert field in str(sent.get_json()), sent.get_json()
