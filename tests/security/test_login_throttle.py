"""Sign-in throttling and what a failed sign-in reveals.

Failed attempts are counted per username typed (5 a minute by default) and per address
(here 8 a minute, to keep the test short); past either the form answers 429 without
looking at the password, the same for a real and an unknown name. Successful sign-ins
never count, so a class behind one school address is not slowed. A wrong password and
an unknown name get the same page, after the same password-hashing work.
"""

from __future__ import annotations

import re
import time
from typing import Any

import pytest
from argon2 import PasswordHasher
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.services import users
from etwincms.testing import PASSWORD, Factory, csrf_token, make_config

SCHOOL = "10.0.0.1"  # the address the attempts come from
ELSEWHERE = "10.0.0.2"


@pytest.fixture
def app_config(tmp_path: Any, database_url: str | None) -> dict[str, Any]:
    return make_config(tmp_path, database_url, LOGIN_RATE_LIMIT_ADDRESS="8 per minute")


@pytest.fixture
def names(make: Factory, session: Session) -> list[str]:
    """The usernames of four committed accounts (cheaper than a whole space)."""
    created = [make.user(f"user_{n}").username for n in range(4)]
    commit(session)
    return created


def attempt(
    client: FlaskClient, username: str, password: str, address: str = SCHOOL
) -> Any:
    """One sign-in through the form, from ``address``."""
    environ = {"REMOTE_ADDR": address}
    token = csrf_token(
        client.get("/login", environ_base=environ).get_data(as_text=True)
    )
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/login", data=data, environ_base=environ)


def test_failures_for_one_name_are_throttled(
    client: FlaskClient, names: list[str]
) -> None:
    teacher, other = names[:2]
    for _ in range(5):
        assert attempt(client, teacher, "not-the-password").status_code == 200
    throttled = attempt(client, teacher, PASSWORD)  # even the right password now
    assert throttled.status_code == 429
    assert 0 < int(throttled.headers["Retry-After"]) <= 60
    assert "Wait a few minutes" in throttled.get_data(as_text=True)
    assert client.get("/spaces").status_code == 302  # not signed in
    assert attempt(client, other, PASSWORD).status_code == 302


def test_an_unknown_name_looks_like_a_real_one_throttled_or_not(
    client: FlaskClient, names: list[str]
) -> None:
    """The first failure's page, and the 429 after five, are the same for both."""
    first, throttled = {}, {}
    for address, name in enumerate((names[0], "nobody_here")):
        at = f"10.1.0.{address}"
        first[name] = attempt(client, name, "not-the-password", address=at)
        for _ in range(4):
            attempt(client, name, "not-the-password", address=at)
        throttled[name] = attempt(client, name, "x" * 12, address=at)
    real, unknown = first.values()
    assert real.status_code == unknown.status_code == 200
    assert page_without(real, names[0]) == page_without(unknown, "nobody_here")
    real, unknown = throttled.values()
    assert real.status_code == unknown.status_code == 429
    assert real.get_data() == unknown.get_data()
    assert real.headers["Retry-After"] == unknown.headers["Retry-After"]


def test_only_failures_from_one_address_are_throttled(
    client: FlaskClient, names: list[str]
) -> None:
    successes = [attempt(client, name, PASSWORD).status_code for name in names * 3]
    assert set(successes) == {302}  # twelve sign-ins, more than the limit of eight
    for number in range(8):  # eight names, each failing once: no name is throttled
        assert attempt(client, f"guess{number}", "not-the-password").status_code == 200
    assert attempt(client, names[0], PASSWORD).status_code == 429
    signed_in = attempt(client, names[0], PASSWORD, ELSEWHERE)
    assert signed_in.status_code == 302


def page_without(answer: Any, typed_name: str) -> str:
    """The page less what differs by design: the CSRF token and the name typed."""
    html = answer.get_data(as_text=True).replace(typed_name, "")
    return re.sub(r'name="csrf_token"[^>]*value="[^"]+"', "", html)


def test_an_unknown_name_costs_a_password_check(app: Flask, session: Session) -> None:
    """A wrong name takes about as long as a wrong password (before the dummy check, it
    answered many times faster). A moderate argon2id cost makes the gap measurable."""
    app.extensions["etwincms"].hasher = PasswordHasher(time_cost=2, memory_cost=16384)
    users.create_user(
        session, None, username="lena", display_name="L", password=PASSWORD
    )
    commit(session)
    known = fastest(lambda: users.authenticate(session, "lena", "not-the-password"))
    unknown = fastest(lambda: users.authenticate(session, "nobody", "not-the-password"))
    assert unknown > known / 4


def fastest(call: Any, runs: int = 5) -> float:
    times = []
    for _ in range(runs):
        start = time.perf_counter()
        assert call() is None
        times.append(time.perf_counter() - start)
    return min(times)
