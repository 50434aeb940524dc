"""Nothing needs the meetings plugin: a database used with it works without it, and
keeps its data.

A SQLite file migrated and used with meetings is opened by an application that does not
load the plugin (as an operator who uninstalled it would): spaces and pages work, the
plugin's routes, navigation, API and calendar feeds are gone, its tables are left alone
and ignored by the drift check. Loading it again brings the meetings back, unchanged.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

from sqlalchemy import func, select, text

import etwincms_meetings
from etwincms import migrate
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.services import pages
from etwincms.testing import AuthActions, Factory, make_config
from etwincms_meetings import feeds, services
from etwincms_meetings.models import Meeting

from .conftest import LISBON_TEN


def build(app: Any) -> tuple[str, str, int, str]:
    """A space with a page, a meeting and a calendar feed, made through the services."""
    with app.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        teacher = make.user("teacher", school=make.school("pt"))
        project = make.space(teacher, title="Green Roots")
        page = pages.create_page(
            session, teacher, project, title="Plan", body="**Plan**"
        )
        meeting = services.schedule_meeting(
            session, teacher, project, title="Kick-off", starts_at=LISBON_TEN
        )
        secret = feeds.new_feed(session, teacher, project)
        commit(session)
        return project.slug, page.path, meeting.id, secret


def test_without_meetings_everything_else_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    with_it = create_app(make_config(tmp_path, url), plugins=[etwincms_meetings])
    migrate.upgrade(with_it)
    slug, path, meeting_id, secret = build(with_it)

    without = create_app(make_config(tmp_path, url), plugins=[])
    assert migrate.drift(without) == []
    client = without.test_client()
    AuthActions(client).login("teacher")
    home = client.get(f"/s/{slug}/")
    assert home.status_code == 200
    assert "/-/meetings/" not in home.get_data(as_text=True)
    assert "<strong>Plan</strong>" in client.get(f"/s/{slug}/{path}").get_data(
        as_text=True
    )
    assert client.get(f"/s/{slug}/-/meetings/").status_code == 404
    assert client.get(f"/api/v1/projects/{slug}/meetings/meetings").status_code == 404
    assert client.get(f"/-/meetings/feed/{secret}.ics").status_code == 404
    with migrate.engine_of(without).connect() as connection:
        count = connection.execute(text("SELECT count(*) FROM meetings_meeting"))
        assert count.scalar() == 1

    again = create_app(make_config(tmp_path, url), plugins=[etwincms_meetings])
    with again.test_request_context("/"):
        assert get_session().scalar(select(func.count()).select_from(Meeting)) == 1
    client = again.test_client()
    AuthActions(client).login("teacher")
    shown = client.get(f"/s/{slug}/-/meetings/{meeting_id}").get_data(as_text=True)
    assert "Kick-off" in shown
    assert client.get(f"/-/meetings/feed/{secret}.ics").status_code == 200
    for app in (with_it, without, again):
        migrate.engine_of(app).dispose()
