"""The end of a project, as its admin lives it: the settings page has the archive button,
the archived space refuses every write, and its home page says it has ended, with the
retention schedule's dates for whoever may reopen it (and for nobody else)."""

from __future__ import annotations

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.permissions import can
from etwincms.testing import AuthActions, RoleClient, SpaceWithMembers


def test_the_admin_archives_the_space_and_its_home_says_so(
    app: Flask, client: FlaskClient, auth: AuthActions, space: SpaceWithMembers,
    session: Session,
) -> None:  # fmt: skip
    slug = space.project.slug
    browser = RoleClient(client, auth, space.users)
    browser.login("admin")
    settings = browser.get(f"/s/{slug}/-/settings").get_data(as_text=True)
    assert "Archive the space" in settings
    assert browser.post(f"/s/{slug}/-/settings/archive").status_code == 302
    session.refresh(space.project)
    assert space.project.is_archived
    assert not can(space.users["admin"], "page.create", space.project)
    assert not can(space.users["teacher"], "page.edit", space.project)
    home = browser.get(f"/s/{slug}/").get_data(as_text=True)
    assert "This project has ended" in home and "erased on" in home
    browser.login("teacher")
    home = browser.get(f"/s/{slug}/").get_data(as_text=True)
    assert "This project has ended" in home and "erased on" not in home


def test_an_active_space_shows_no_notice(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    commit(session)
    space.login(auth, "admin")
    home = client.get(f"/s/{space.project.slug}/").get_data(as_text=True)
    assert "This project has ended" not in home
