"""Who may do what with meetings, asked through HTTP as each kind of visitor.

The tables are the specification: for every role of the space, a site admin, a member
of another space (non-member) and an anonymous visitor, the status each meeting action
answers with. 200/302 = allowed, 403 = refused, 404 = hidden from them (the space, or a
meeting for teachers only), "login" = sent to the sign-in page, 401 = the sign-in page
keeping the posted form.
"""

from __future__ import annotations

import re
from typing import Any

from etwincms.db import commit
from etwincms.testing import RoleClient
from etwincms_meetings import followup

from .conftest import MeetingSpace

ACTIONS = (
    "index", "show", "ics", "zone", "save_zone", "rsvp", "feed", "revoke_feed",
    "teachers_only", "new", "create", "edit_form", "edit", "start", "attendance",
    "take_attendance", "decision", "remove_decision", "minutes", "delete",
)  # fmt: skip
READS = (200, 200, 200, 200, 302)
ORGANISER = (
    *READS,
    302,
    200,
    302,
    200,
    200,
    302,
    200,
    302,
    302,
    200,
    302,
    302,
    302,
    302,
    302,
)
PUPIL = (
    *READS,
    302,
    200,
    302,
    404,
    403,
    403,
    403,
    403,
    403,
    403,
    403,
    403,
    403,
    403,
    403,
)
OBSERVER = (
    *READS,
    403,
    200,
    302,
    200,
    403,
    403,
    403,
    403,
    403,
    403,
    403,
    403,
    403,
    403,
    403,
)
MEMBERS_ONLY: dict[str | None, tuple[Any, ...]] = {
    "admin": ORGANISER,
    "teacher": ORGANISER,
    "pupil_lead": PUPIL,
    "pupil": PUPIL,
    "observer": OBSERVER,
    "site_admin": ORGANISER,
    "outsider": (404,) * 20,
    None: (404,) * 20,
}
PUBLIC_SPACE: dict[str | None, tuple[Any, ...]] = {
    "outsider": (403,) * 20,
    None: ("login",) * 4
    + (401, 401, 401, 401, "login", "login", 401, "login")
    + (401, 401, "login", 401, 401, 401, 401, 401),
}
FORM = {
    "title": "Changed",
    "date": "2027-03-22",
    "start_time": "10:00",
    "time_zone": "Europe/Lisbon",
    "duration_minutes": "45",
    "audience": "everyone",
    "repeat_weeks": "0",
}


def attempt(browser: RoleClient, targets: dict[str, int], action: str) -> Any:
    url, spare = f"/{targets['meeting']}", f"/{targets['spare']}"
    requests = {
        "index": lambda: browser.get("/"),
        "show": lambda: browser.get(url),
        "ics": lambda: browser.get(f"{url}/meeting.ics"),
        "zone": lambda: browser.get("/zone"),
        "save_zone": lambda: browser.post("/zone", {"time_zone": "Europe/Riga"}),
        "rsvp": lambda: browser.post(f"{url}/rsvp", {"answer": "yes"}),
        "feed": lambda: browser.post("/feed"),
        "revoke_feed": lambda: browser.post("/feed/revoke"),
        "teachers_only": lambda: browser.get(f"/{targets['teachers_only']}"),
        "new": lambda: browser.get("/new"),
        "create": lambda: browser.post("/new", {**FORM, "title": "New"}),
        "edit_form": lambda: browser.get(f"{url}/edit"),
        "edit": lambda: browser.post(f"{url}/edit", FORM),
        "start": lambda: browser.post(f"{url}/start"),
        "attendance": lambda: browser.get(f"{url}/attendance"),
        "take_attendance": lambda: browser.post(f"{url}/attendance", {"present": ""}),
        "decision": lambda: browser.post(f"{url}/decisions", {"text": "Use Jitsi"}),
        "remove_decision": lambda: browser.post(
            f"{url}/decisions/{targets['decision']}/delete"
        ),
        "minutes": lambda: browser.post(f"{url}/minutes"),
        "delete": lambda: browser.post(f"{spare}/delete"),
    }
    response = requests[action]()
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return response.status_code


def answers(
    browser: RoleClient, meetings: MeetingSpace, role: str | None
) -> dict[str, Any]:
    meeting = meetings.meeting()
    decision = followup.add_decision(
        meetings.session, meetings.user("teacher"), meetings.project, meeting, "Meet"
    )
    commit(meetings.session)
    targets = {
        "meeting": meeting.id,
        "decision": decision.id,
        "teachers_only": meetings.meeting(audience="teachers").id,
        "spare": meetings.meeting(title="Spare").id,
    }
    browser.login(role)
    return {action: attempt(browser, targets, action) for action in ACTIONS}


def table_of(
    browser: RoleClient,
    meetings: MeetingSpace,
    table: dict[str | None, tuple[Any, ...]],
) -> None:
    """Every role of ``table`` in turn (one site: each gets meetings of its own)."""
    got = {role: answers(browser, meetings, role) for role in table}
    wanted = {role: dict(zip(ACTIONS, row, strict=True)) for role, row in table.items()}
    assert got == wanted


def test_meeting_actions_by_role_in_a_members_only_space(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    table_of(browser, meetings, MEMBERS_ONLY)


def test_visitors_of_a_public_space_see_no_meeting(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meetings.make_public()
    table_of(browser, meetings, PUBLIC_SPACE)


def test_the_nav_item_shows_to_members_only(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meetings.make_public()
    home = f"/s/{meetings.project.slug}/"
    link = f'href="{meetings.url}/"'
    browser.login("pupil")
    assert link in browser.client.get(home).get_data(as_text=True)
    browser.login(None)
    assert link not in browser.client.get(home).get_data(as_text=True)


def test_a_meeting_of_another_space_is_not_found(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meeting = meetings.meeting()
    browser.login("outsider")
    other = browser.client.get("/spaces").get_data(as_text=True)
    slug = re.search(r'href="/s/([a-z0-9-]+)/"', other)
    assert slug is not None and slug.group(1) != meetings.project.slug
    path = f"/s/{slug.group(1)}/-/meetings/{meeting.id}"
    assert browser.client.get(path).status_code == 404
