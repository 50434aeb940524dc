"""Browser sessions end on the server's clock: after SESSION_IDLE_MINUTES unused, or
SESSION_MAX_HOURS after sign-in, whatever the browser does.

The application's clock is replaced by one the test moves (no sleeping). Each test first
shows the session working just inside the limit, then just past it; the owner is told
why on the next page. A form posted into an expired session is kept, to be sent again.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.app import create_app
from etwincms.db import commit
from etwincms.errors import StartupError
from etwincms.models import User
from etwincms.services import tokens
from etwincms.testing import AuthActions, Factory, csrf_token, make_config
from etwincms.web.session_limits import EXTENSION

START = 1_800_000_000.0
MINUTE, HOUR = 60, 3600


class Clock:
    """The time the application sees; ``advance`` moves it on."""

    def __init__(self) -> None:
        self.now = START

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock(app: Flask) -> Clock:
    clock = Clock()
    app.extensions[EXTENSION].clock = clock
    return clock


@pytest.fixture
def teacher(make: Factory, session: Session) -> User:
    user = make.user("teacher_user")
    commit(session)
    return user


def signed_in(client: FlaskClient) -> bool:
    return client.get("/spaces").status_code == 200


def sets_session_cookie(answer: Any) -> bool:
    return any(h.startswith("session=") for h in answer.headers.getlist("Set-Cookie"))


def test_an_unused_session_ends_after_the_idle_time_and_use_is_noted_once_a_minute(
    client: FlaskClient, auth: AuthActions, clock: Clock, teacher: User
) -> None:
    auth.login(teacher.username)
    assert sets_session_cookie(client.get("/spaces"))  # first seen: the times noted
    clock.advance(30)
    assert not sets_session_cookie(client.get("/spaces"))  # rewritten once a minute
    clock.advance(30)
    assert sets_session_cookie(client.get("/spaces"))
    clock.advance(119 * MINUTE)
    assert signed_in(client)  # used just in time: the idle time starts again
    clock.advance(119 * MINUTE)
    assert signed_in(client)
    clock.advance(120 * MINUTE + 1)
    answer = client.get("/spaces", follow_redirects=True)
    assert answer.request.path == "/login"
    assert "signed out after 120 minutes without activity" in answer.text
    assert not signed_in(client)
    assert auth.login(teacher.username).status_code == 302  # signing in again works
    assert signed_in(client)


def test_a_session_ends_after_the_longest_time_keeping_a_form_being_sent(
    client: FlaskClient, auth: AuthActions, clock: Clock, teacher: User
) -> None:
    auth.login(teacher.username)
    for _ in range(12 * 2):  # busy every half hour for twelve hours
        token = csrf_token(client.get("/account/profile").text)
        clock.advance(30 * MINUTE)
    clock.advance(1)  # twelve hours and a second after the sign-in
    answer = client.post(
        "/account/profile",
        data={
            "display_name": "Ms Vidal, typed slowly",
            "locale": "en",
            "csrf_token": token,
        },
    )
    assert answer.status_code == 401
    assert "Ms Vidal, typed slowly" in answer.text  # kept, to be sent after signing in
    assert "a session lasts at most 12 hours" in answer.text
    assert not signed_in(client)


def test_remember_me_api_tokens_and_zero_are_left_alone(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    clock: Clock,
    teacher: User,
) -> None:
    _token, secret = tokens.create_token(
        session, teacher, name="script", scopes=["read"]
    )
    commit(session)
    script = {"Authorization": f"Bearer {secret}"}
    assert app.test_client().get("/api/v1/me", headers=script).status_code == 200
    auth.login(teacher.username, remember="y")
    clock.advance(13 * HOUR)  # past both limits: "remember me" has its own duration
    assert signed_in(client)
    assert app.test_client().get("/api/v1/me", headers=script).status_code == 200
    other = app.test_client()
    AuthActions(other).login(teacher.username)
    app.config.update(SESSION_IDLE_MINUTES=0, SESSION_MAX_HOURS=0)
    clock.advance(24 * HOUR)
    assert signed_in(other)
    app.config.update(SESSION_IDLE_MINUTES=120)
    clock.advance(121 * MINUTE)
    assert not signed_in(other)


def test_a_bad_limit_stops_the_start(tmp_path: Any) -> None:
    config = make_config(tmp_path, None, SESSION_MAX_HOURS=-1)
    with pytest.raises(StartupError, match="SESSION_MAX_HOURS must be a whole number"):
        create_app(config, plugins=[])
