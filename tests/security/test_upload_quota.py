"""Size limits per file and per space, over HTTP, for the materials library and the gallery.

The space quota (``SPACE_QUOTA_BYTES``, 10 KB here) counts the library's live materials
and the gallery's items together; an upload that would pass it is refused with a message
naming the limit and leaves nothing stored; moving files to the trash frees room; another
space is not charged; 0 means no limit. The per-file limit (``MAX_MATERIAL_BYTES``) is
checked while the upload is read, before anything is stored.
"""

from __future__ import annotations

import io
import os
from pathlib import Path
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy import func, select
from sqlalchemy.orm import Session

import etwincms_gallery
from etwincms.db import commit
from etwincms.models import Material, Project
from etwincms.services import materials, quota
from etwincms.services import plugins as space_plugins
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token, make_config
from etwincms_gallery import services as gallery
from tests.security.uploading import files_under, png, post_files

JSON = {"Accept": "application/json"}
QUOTA = 10 * 1024
LIMIT = 12 * 1024


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_gallery]


@pytest.fixture
def app_config(tmp_path: Path, database_url: str | None) -> dict[str, Any]:
    return make_config(
        tmp_path, database_url, SPACE_QUOTA_BYTES=QUOTA, MAX_MATERIAL_BYTES=LIMIT
    )


@pytest.fixture
def teacher(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> FlaskClient:
    space.login(auth, "teacher")
    return client


def materials_count(session: Session) -> int:
    return session.scalar(select(func.count()).select_from(Material)) or 0


def test_the_library_and_the_gallery_share_the_space_quota(
    app: Flask, teacher: FlaskClient, space: SpaceWithMembers, session: Session
) -> None:
    library = f"/s/{space.project.slug}/-/materials"
    upload_url = album_upload_url(session, space)
    photo = png()
    assert (
        post_files(teacher, upload_url, [("a.png", photo)], **JSON).status_code == 201
    )
    room = QUOTA - quota.used_bytes(session, space.project)  # the photo, re-encoded
    assert 0 < room < QUOTA
    first = post_files(teacher, library, [("big.bin", os.urandom(room - 100))], **JSON)
    assert first.status_code == 201
    assert quota.usage(session, space.project).used == QUOTA - 100
    stored = files_under(Path(app.config["STORAGE_DIR"]))
    refused = post_files(teacher, library, [("more.bin", os.urandom(101))], **JSON)
    assert refused.status_code == 400
    assert "may keep 10 KB of files" in refused.get_json()["error"]
    assert files_under(Path(app.config["STORAGE_DIR"])) == stored
    assert materials_count(session) == 1
    fits = post_files(teacher, library, [("last.bin", os.urandom(100))], **JSON)
    assert fits.status_code == 201  # exactly full is allowed
    full = post_files(teacher, upload_url, [("b.png", png(7))], **JSON)
    assert full.status_code == 422 and "This space is full" in full.get_json()["error"]


def test_the_trash_frees_room_other_spaces_pay_their_own_and_zero_is_no_limit(
    app: Flask, teacher: FlaskClient, space: SpaceWithMembers, session: Session
) -> None:
    library = f"/s/{space.project.slug}/-/materials"
    kept = post_files(teacher, library, [("a.bin", os.urandom(6000))], **JSON)
    assert send(teacher, library, 6000) == 400
    page = teacher.get(library).get_data(as_text=True)
    assert "keeps 5.9 KB of files out of the 10 KB it may keep (59%)" in page
    other = session.scalars(select(Project).where(Project.id != space.project.id)).one()
    outsider = space.users["outsider"]
    materials.attach_material(
        session, outsider, other, io.BytesIO(bytes(9000)), filename="x"
    )
    commit(session)
    assert quota.used_bytes(session, space.project) == 6000
    material_id = kept.get_json()["materials"][0]["id"]
    token = csrf_token(teacher.get(library).get_data(as_text=True))
    teacher.post(f"{library}/{material_id}/delete", data={"csrf_token": token})
    assert send(teacher, library, 6000) == 201
    app.config["SPACE_QUOTA_BYTES"] = 0
    assert send(teacher, library, 6000) == 201
    assert "it may keep" not in teacher.get(library).get_data(as_text=True)


def send(client: FlaskClient, url: str, size: int) -> int:
    """Upload ``size`` random bytes; the answer's status."""
    return int(
        post_files(client, url, [("f.bin", os.urandom(size))], **JSON).status_code
    )


def test_a_file_past_the_size_limit_is_refused_before_it_is_stored(
    app: Flask, teacher: FlaskClient, space: SpaceWithMembers, session: Session
) -> None:
    library = f"/s/{space.project.slug}/-/materials"
    refused = post_files(
        teacher, library, [("huge.bin", os.urandom(LIMIT + 1))], **JSON
    )
    error = refused.get_json()["error"]
    assert refused.status_code == 400 and "larger than the limit of 12 KB" in error
    assert files_under(Path(app.config["STORAGE_DIR"])) == set()
    assert materials_count(session) == 0


def album_upload_url(session: Session, space: SpaceWithMembers) -> str:
    admin = space.users["admin"]
    space_plugins.enable_plugin(session, admin, space.project, "gallery")
    album = gallery.create_album(session, admin, space.project, title="Quota")
    commit(session)
    return f"/s/{space.project.slug}/-/gallery/a/{album.id}/upload"
