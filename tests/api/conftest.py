"""Fixtures for the JSON API: callers with personal access tokens for each role.

``api("teacher")`` answers an :class:`ApiCaller` that sends that member's token (write
scope unless asked otherwise); ``api(None)`` calls anonymously. Everything goes through
the real app, database and token check.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.services import tokens
from etwincms.testing import SpaceWithMembers


class ApiCaller:
    """Calls ``/api/v1`` with a bearer token (or none)."""

    def __init__(self, client: FlaskClient, secret: str | None) -> None:
        self.client = client
        self.headers = {"Authorization": f"Bearer {secret}"} if secret else {}

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(
            f"/api/v1{path}", method=method, headers=headers, **kwargs
        )

    def get(self, path: str, **kwargs: Any) -> Any:
        return self("GET", path, **kwargs)

    def post(self, path: str, **kwargs: Any) -> Any:
        return self("POST", path, **kwargs)

    def put(self, path: str, **kwargs: Any) -> Any:
        return self("PUT", path, **kwargs)

    def patch(self, path: str, **kwargs: Any) -> Any:
        return self("PATCH", path, **kwargs)

    def delete(self, path: str, **kwargs: Any) -> Any:
        return self("DELETE", path, **kwargs)


def make_secret(
    session: Session, space: SpaceWithMembers, role: str, scopes: list[str]
) -> str:
    _token, secret = tokens.create_token(
        session, space.users[role], name=f"{role} token", scopes=scopes
    )
    commit(session)
    return secret


@pytest.fixture
def api(
    app: Any, session: Session, space: SpaceWithMembers
) -> Callable[..., ApiCaller]:
    """``api(role, scopes=("read", "write"))``: a caller with a fresh client and token."""

    def caller(
        role: str | None, scopes: tuple[str, ...] = ("read", "write")
    ) -> ApiCaller:
        secret = make_secret(session, space, role, list(scopes)) if role else None
        return ApiCaller(app.test_client(), secret)

    return caller
