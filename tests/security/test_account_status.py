"""Disabling and enabling accounts: from the site admins' pages, the API and the command line.

A disabled account is signed out everywhere at once (its copied session cookie too), cannot
sign in through the form, and its API tokens are revoked; enabling it lets its owner sign
in again, but brings back no old session or token. Only site admins may (the rule of
``users.set_active``): everyone else is told the pages and accounts do not exist. Nobody
disables their own account. Every change leaves an audit entry.
"""

from __future__ import annotations

from typing import Any

import pytest
from click.testing import CliRunner
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.cli import main
from etwincms.db import commit
from etwincms.models import AuditEntry, User
from etwincms.services import tokens
from etwincms.testing import PASSWORD, AuthActions, RoleClient, SpaceWithMembers
from tests.api.conftest import ApiCaller

#: The most trusted of those who may not, and a pupil (the crawler tries every role).
NOT_MANAGERS = ("admin", "pupil")


@pytest.fixture
def browser(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> RoleClient:
    return RoleClient(client, auth, space.users)


def token_of(session: Session, user: User) -> str:
    _token, secret = tokens.create_token(
        session, user, name="script", scopes=["read", "write"]
    )
    commit(session)
    return secret


def active(session: Session, user: User) -> bool:
    session.expire_all()
    return session.get_one(User, user.id).is_active_account


def audited(session: Session, action: str) -> list[tuple[int | None, int | None]]:
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    )
    return [(entry.actor_id, entry.object_id) for entry in entries]


def test_a_site_admin_disables_and_enables_an_account_from_its_page(
    app: Flask,
    browser: RoleClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
) -> None:
    teacher, admin = space.users["teacher"], space.users["site_admin"]
    owner = app.test_client()  # the teacher's own browser, signed in
    AuthActions(owner).login(teacher.username)
    secret = token_of(session, teacher)
    script = ApiCaller(app.test_client(), secret)
    assert script.get("/me").status_code == 200
    browser.login("site_admin")
    listing = browser.get("/admin/accounts", query_string={"q": "TEACHER_U"}).text
    assert f"/admin/accounts/{teacher.id}" in listing
    assert f"/admin/accounts/{space.users['pupil'].id}" not in listing
    page = browser.get(f"/admin/accounts/{teacher.id}").text
    assert "Disable the account of" in page and "signed out everywhere" in page
    assert (
        browser.post(f"/admin/accounts/{teacher.id}", {"action": "disable"}).status_code
        == 302
    )
    assert not active(session, teacher)
    assert owner.get("/spaces").status_code == 302  # the open session has ended
    assert script.get("/me").status_code == 401  # and the token
    assert AuthActions(app.test_client()).login(teacher.username).status_code == 200
    assert "Enable the account of" in browser.get(f"/admin/accounts/{teacher.id}").text
    assert (
        browser.post(f"/admin/accounts/{teacher.id}", {"action": "enable"}).status_code
        == 302
    )
    assert AuthActions(app.test_client()).login(teacher.username).status_code == 302
    assert script.get("/me").status_code == 401  # a revoked token stays revoked
    assert owner.get("/spaces").status_code == 302
    assert audited(session, "user.disable") == [(admin.id, teacher.id)]
    assert audited(session, "user.enable") == [(admin.id, teacher.id)]


def test_only_site_admins_see_the_pages_and_none_disables_themselves(
    browser: RoleClient, session: Session, space: SpaceWithMembers
) -> None:
    pupil, admin = space.users["pupil"], space.users["site_admin"]
    for role in NOT_MANAGERS:
        browser.login(role)
        assert browser.get("/admin/accounts").status_code == 404, role
        assert browser.get(f"/admin/accounts/{pupil.id}").status_code == 404, role
        posted = browser.post(f"/admin/accounts/{pupil.id}", {"action": "disable"})
        assert posted.status_code == 404, role
    browser.login(None)
    assert browser.get("/admin/accounts").status_code == 302  # sign in first
    assert active(session, pupil)
    browser.login("site_admin")
    assert browser.get("/admin/accounts/999999").status_code == 404
    assert "your own account" in browser.get(f"/admin/accounts/{admin.id}").text
    answer = browser.post(f"/admin/accounts/{admin.id}", {"action": "disable"})
    assert answer.status_code == 400
    assert "cannot disable your own account" in answer.text
    unknown = browser.post(f"/admin/accounts/{pupil.id}", {"action": "x"})
    assert unknown.status_code == 400
    assert active(session, admin) and active(session, pupil)


@pytest.fixture
def command_line(
    app_config: dict[str, Any], monkeypatch: pytest.MonkeyPatch
) -> CliRunner:
    """``etwincms`` on the test's database (with no plugins, as the ``app`` has)."""
    for key in ("INSTANCE_PATH", "DATABASE_URL", "SECRET_KEY", "SEARCH_BACKEND"):
        monkeypatch.setenv(f"ETWINCMS_{key}", str(app_config[key]))
    monkeypatch.setenv("ETWINCMS_PLUGINS", "[]")
    monkeypatch.setenv("ETWINCMS_PASSWORD_HASH", "fast")
    return CliRunner()


def test_the_command_line_disables_and_enables_by_username(
    app: Flask, command_line: CliRunner, session: Session, space: SpaceWithMembers
) -> None:
    teacher = space.users["teacher"]
    secret = token_of(session, teacher)
    result = command_line.invoke(main, ["user", "disable", "Teacher_User"])
    assert result.exit_code == 0, result.output
    assert result.output == "User 'teacher_user' disabled.\n"
    assert not active(session, teacher)
    assert ApiCaller(app.test_client(), secret).get("/me").status_code == 401
    assert (
        AuthActions(app.test_client()).login(teacher.username, PASSWORD).status_code
        == 200
    )
    result = command_line.invoke(main, ["user", "enable", "teacher_user"])
    assert (result.exit_code, result.output) == (0, "User 'teacher_user' enabled.\n")
    assert AuthActions(app.test_client()).login(teacher.username).status_code == 302
    unknown = command_line.invoke(main, ["user", "disable", "nobody"])
    assert unknown.exit_code == 1
    assert unknown.output == "Error: No account has the username 'nobody'.\n"
    assert audited(session, "user.disable") == [(None, teacher.id)]
