"""Frames: every answer says where frames may come from and who may frame the site.

``frame-src`` lists this site and exactly the hosts the sanitizer admits in ``<iframe
src>`` (what plugins declare for their embeds), so an embed that slipped past the
sanitizer still could not load; ``frame-ancestors 'self'`` keeps other sites from
framing pages (clickjacking). Served files keep their own, stricter policy.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.services import materials
from etwincms.testing import AuthActions, SpaceWithMembers
from tests.fixtures.plugins import embeds


@pytest.fixture
def plugins() -> list[Any]:
    return [embeds]


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_frames_come_only_from_declared_hosts(client: FlaskClient) -> None:
    policy = directives(client.get("/").headers["Content-Security-Policy"])
    assert policy["frame-src"] == f"'self' https://{embeds.VIDEO_HOST}"
    assert policy["frame-ancestors"] == "'self'"


def test_without_embeds_only_the_site_frames(tmp_path: Any) -> None:
    from etwincms.app import create_app
    from etwincms.testing import make_config

    bare: Flask = create_app(make_config(tmp_path, None), plugins=[])
    policy = bare.test_client().get("/login").headers["Content-Security-Policy"]
    assert directives(policy)["frame-src"] == "'self'"


def test_served_files_keep_their_own_policy(
    client: FlaskClient, auth: AuthActions, session: Any, space: SpaceWithMembers
) -> None:
    material = materials.attach_material(
        session,
        space.users["admin"],
        space.project,
        io.BytesIO(b"notes"),
        filename="notes.txt",
    )
    commit(session)
    space.login(auth, "pupil")
    url = f"/s/{space.project.slug}/-/materials/{material.id}/notes.txt"
    with client.get(url) as answer:
        assert answer.status_code == 200
        policy = answer.headers["Content-Security-Policy"]
    assert policy.startswith("default-src 'none'")
