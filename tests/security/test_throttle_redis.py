"""The sign-in and API throttles with their counters in a real Redis, shared by workers.

Two application instances on one database and one Redis stand for two gunicorn workers:
failures counted by one throttle the other, and API calls to one count against the
other's limit (with ``memory://`` each would count alone). Each test uses a key prefix of
its own and deletes its keys afterwards. Without Redis the tests are skipped on a
developer's machine, but fail when ``CI=true``: CI must not pass by not trying.
"""

from __future__ import annotations

import os
import uuid
from collections.abc import Iterator
from typing import Any

import pytest
import redis
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.app import create_app
from etwincms.db import commit
from etwincms.services import tokens
from etwincms.testing import PASSWORD, Factory, IsolatedClient, csrf_token, make_config

#: A database number of its own, so nothing else on the server is touched.
REDIS_URL = os.environ.get("ETWINCMS_TEST_REDIS_URL", "redis://127.0.0.1:6379/13")


@pytest.fixture
def redis_prefix() -> Iterator[str]:
    """A key prefix nothing else uses; its keys are deleted after the test."""
    client = redis.Redis.from_url(REDIS_URL, socket_connect_timeout=2)
    try:
        client.ping()
    except redis.exceptions.ConnectionError:
        client.close()
        if os.environ.get("CI") == "true":
            pytest.fail(
                f"Redis is required when CI=true, but {REDIS_URL} is not reachable"
            )
        pytest.skip(f"Redis is not reachable at {REDIS_URL}")
    prefix = f"etwincms-test-{uuid.uuid4().hex}"
    yield prefix
    keys = list(client.scan_iter(match=f"*{prefix}*"))
    if keys:
        client.delete(*keys)
    client.close()


@pytest.fixture
def app_config(
    tmp_path: Any, database_url: str | None, redis_prefix: str
) -> dict[str, Any]:
    return make_config(
        tmp_path,
        database_url,
        RATELIMIT_STORAGE_URI=REDIS_URL,
        RATELIMIT_KEY_PREFIX=redis_prefix,
        API_RATE_LIMIT="3 per minute",
    )


@pytest.fixture
def second_worker(app: Flask, app_config: dict[str, Any]) -> Iterator[Flask]:
    """Another instance of the application: same configuration, database and Redis."""
    other = create_app(app_config, plugins=[])
    other.test_client_class = IsolatedClient
    yield other
    other.extensions["etwincms"].db.dispose()


def attempt(client: FlaskClient, username: str, password: str) -> int:
    """One sign-in through the form; its status code."""
    token = csrf_token(client.get("/login").get_data(as_text=True))
    data = {"username": username, "password": password, "csrf_token": token}
    return client.post("/login", data=data).status_code


def test_counts_of_one_worker_throttle_the_other(
    app: Flask, second_worker: Flask, make: Factory, session: Session, redis_prefix: str
) -> None:
    user = make.user("teacher_user")
    _token, secret = tokens.create_token(session, user, name="script", scopes=["read"])
    commit(session)
    name, script = user.username, {"Authorization": f"Bearer {secret}"}
    first, second = app.test_client(), second_worker.test_client()
    for _ in range(3):
        assert attempt(first, name, "not-the-password") == 200
    for _ in range(2):  # five failures in all: the limit per name
        assert attempt(second, name, "not-the-password") == 200
    assert attempt(first, name, PASSWORD) == 429
    assert attempt(second, name, PASSWORD) == 429  # even the right password, anywhere
    stored = redis.Redis.from_url(REDIS_URL).keys(f"*{redis_prefix}*")
    assert stored and not any(name.encode() in key for key in stored)  # names hashed
    for worker in (first, second, first):  # API calls: three a minute in all
        assert worker.get("/api/v1/me", headers=script).status_code == 200
    refused = second.get("/api/v1/me", headers=script)
    assert refused.status_code == 429 and int(refused.headers["Retry-After"]) > 0
