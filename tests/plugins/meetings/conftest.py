"""Fixtures for the meetings plugin's tests: the core's fixtures with the plugin loaded.

``meetings`` switches the plugin on in the core's ``space`` (a member of every role, an
outsider, a site admin) through the real service and schedules meetings through the
plugin's services; ``browser`` drives the test client as any of them, posting with a
CSRF token. Dates are fixed: a weekly meeting from Monday 22 March 2027, whose series
crosses the change to summer time on Sunday 28 March in Lisbon, Berlin and Athens.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

import etwincms_meetings
from etwincms.db import commit
from etwincms.models import Project, User
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, RoleClient, SpaceWithMembers
from etwincms_meetings import schedule, services
from etwincms_meetings.models import Meeting

#: Monday 22 March 2027, 10:00 in Lisbon (WET, UTC+0); clocks go forward on the 28th.
FIRST_DAY = date(2027, 3, 22)
LISBON_TEN = schedule.planned_start(FIRST_DAY, time(10, 0), "Europe/Lisbon")


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_meetings]


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    # The index is fed by the outbox's worker, not after every commit: these tests make
    # many meetings and search none (test_search.py feeds it inline and searches).
    return {**app_config, "SEARCH_DRAIN": "worker"}


class MeetingSpace:
    """The core's test space with meetings on; helpers act by role name."""

    def __init__(self, space: SpaceWithMembers, session: Session) -> None:
        self.session, self.users = session, space.users
        self.project: Project = space.project
        space_plugins.enable_plugin(
            session, self.users["admin"], self.project, "meetings"
        )
        commit(session)

    @property
    def url(self) -> str:
        return f"/s/{self.project.slug}/-/meetings"

    @property
    def api(self) -> str:
        return f"/api/v1/projects/{self.project.slug}/meetings"

    def user(self, role: str) -> User:
        return self.users[role]

    def meeting(self, role: str = "teacher", **fields: Any) -> Meeting:
        fields = {
            "title": "Partners' meeting",
            "starts_at": LISBON_TEN,
            "time_zone": "Europe/Lisbon",
            "audience": "everyone",
            "conference_url": "https://meet.jit.si/GreenRootsPartners",
            **fields,
        }
        meeting = services.schedule_meeting(
            self.session, self.users[role], self.project, **fields
        )
        commit(self.session)
        return meeting

    def make_public(self) -> None:
        self.project.is_public = True
        self.session.commit()

    def switch(self, on: bool) -> None:
        change = space_plugins.enable_plugin if on else space_plugins.disable_plugin
        change(self.session, self.users["admin"], self.project, "meetings")
        commit(self.session)


@pytest.fixture
def meetings(space: SpaceWithMembers, session: Session) -> MeetingSpace:
    return MeetingSpace(space, session)


@pytest.fixture
def browser(
    client: FlaskClient, auth: AuthActions, meetings: MeetingSpace
) -> RoleClient:
    return RoleClient(client, auth, meetings.users, meetings.url)


def text(response: Any) -> str:
    return response.get_data(as_text=True)
