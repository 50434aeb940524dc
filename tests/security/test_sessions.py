"""Sessions end when they should: a copied cookie is worth nothing afterwards.

A thief is a second browser holding a copy of the victim's session (or remember-me)
cookie. Each test first shows the copy works (so the check can fail), then does what
should end it (signing out, changing the password, a disabled account) and shows it no
longer opens anything, while the victim's own fresh session goes on where it should.
Signing in starts a new session, and signing in and out is audited.
"""

from __future__ import annotations

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import AuditEntry, Membership, User
from etwincms.services import pupils, users
from etwincms.testing import (
    PASSWORD,
    AuthActions,
    Factory,
    SpaceWithMembers,
    csrf_token,
)

NEW_PASSWORD = "a-brand-new-one-42"


@pytest.fixture
def teacher(make: Factory, session: Session) -> User:
    """One committed teacher account (cheaper than a whole space)."""
    user = make.user("teacher_user")
    commit(session)
    return user


def thief_with(app: Flask, client: FlaskClient, *names: str) -> FlaskClient:
    """A second browser holding copies of ``client``'s cookies called ``names``."""
    thief = app.test_client()
    for name in names:
        cookie = client.get_cookie(name)
        assert cookie is not None, f"no {name} cookie to copy"
        thief.set_cookie(name, cookie.value)
    return thief


def signed_in(browser: FlaskClient) -> bool:
    return browser.get("/spaces").status_code == 200


def test_signing_in_starts_a_new_session(
    client: FlaskClient, auth: AuthActions, teacher: User
) -> None:
    client.get("/login")
    with client.session_transaction() as planted:
        planted["planted"] = "by someone before sign-in"
    auth.login(teacher.username)
    with client.session_transaction() as after:
        assert "planted" not in after
        assert "_user_id" in after


def test_copied_cookies_die_at_sign_out(
    app: Flask, client: FlaskClient, auth: AuthActions, teacher: User
) -> None:
    auth.login(teacher.username, remember="y")
    assert signed_in(
        thief_with(app, client, "remember_token")
    )  # the cookie alone works
    session_thief = thief_with(app, client, "session")
    remember_thief = thief_with(app, client, "remember_token")
    assert signed_in(session_thief)
    auth.logout()
    assert not signed_in(client)
    assert not signed_in(session_thief)
    assert not signed_in(remember_thief)


def test_a_password_change_ends_the_other_sessions_only(
    app: Flask, client: FlaskClient, auth: AuthActions, teacher: User
) -> None:
    auth.login(teacher.username, remember="y")
    thief = thief_with(app, client, "session", "remember_token")
    assert signed_in(thief)
    form = client.get("/account/password").get_data(as_text=True)
    changed = client.post(
        "/account/password",
        data={
            "current": PASSWORD,
            "new": NEW_PASSWORD,
            "repeat": NEW_PASSWORD,
            "csrf_token": csrf_token(form),
        },
    )
    assert changed.status_code == 302
    assert signed_in(client)  # the one who changed it goes on
    assert not signed_in(thief)


def test_a_disabled_account_loses_its_sessions_for_good(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    teacher: User,
) -> None:
    auth.login(teacher.username, remember="y")
    thief = thief_with(app, client, "session", "remember_token")
    users.set_active(session, None, fresh(session, teacher), False)
    commit(session)
    assert not signed_in(client) and not signed_in(thief)
    users.set_active(session, None, fresh(session, teacher), True)
    commit(session)
    assert not signed_in(thief)  # enabling again does not bring old cookies back
    assert auth.login(teacher.username).status_code == 302


def test_a_rehash_at_sign_in_keeps_the_other_sessions(
    app: Flask, client: FlaskClient, auth: AuthActions, teacher: User
) -> None:
    """A stronger hash of the same password is no reason to sign anyone out."""
    auth.login(teacher.username)
    app.extensions["etwincms"].hasher = PasswordHasher(time_cost=2, memory_cost=2048)
    other = app.test_client()
    assert AuthActions(other).login(teacher.username).status_code == 302
    assert signed_in(client) and signed_in(other)


def test_a_reset_by_the_teacher_signs_the_pupil_out(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
) -> None:
    space.login(auth, "pupil")
    assert signed_in(client)
    membership = session.scalar(
        select(Membership).where(Membership.user_id == space.users["pupil"].id)
    )
    pupils.reset_password(session, space.users["admin"], space.project, membership)
    commit(session)
    assert not signed_in(client)


def test_signing_in_and_out_is_audited_without_secrets(
    client: FlaskClient, auth: AuthActions, session: Session, teacher: User
) -> None:
    auth.login(teacher.username, "wrong-password-1")
    auth.login("no-such-person", "wrong-password-2")
    auth.login(teacher.username)
    auth.logout()
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action.startswith("auth."))
    ).all()
    assert [(e.action, e.object_id) for e in entries] == [
        ("auth.login_failed", teacher.id),
        ("auth.login_failed", None),
        ("auth.login", teacher.id),
        ("auth.logout", teacher.id),
    ]
    stored = repr([(e.details, e.object_type) for e in entries])
    assert "wrong-password" not in stored and "no-such-person" not in stored


def fresh(session: Session, user: User) -> User:
    """The row as the requests left it (they ran in sessions of their own)."""
    session.expire_all()
    return session.get_one(User, user.id)
