"""Your data and your account, from the browser: download it all, delete the account.

A person downloads a zip of ``data.json`` and the files they uploaded (materials, gallery
photos). Adults delete their own account with their password; pupils cannot, their
teacher (only for pupils they manage) or a site admin can. Erasing keeps the space's
pages readable, signed by "a former member", and leaves audit entries.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

import etwincms_gallery
from etwincms.db import commit
from etwincms.models import AuditEntry, Page, User, Visibility
from etwincms.services import materials, pages, revisions
from etwincms.services import plugins as space_plugins
from etwincms.testing import PASSWORD, AuthActions, RoleClient, SpaceWithMembers
from etwincms_gallery import services as gallery
from tests.plugins.gallery.conftest import png

NOTES = b"Our compost notes\n"


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_gallery]


@pytest.fixture
def browser(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> RoleClient:
    return RoleClient(client, auth, space.users)


@pytest.fixture
def written(session: Session, space: SpaceWithMembers) -> Page:
    """A public page by the teacher, with a material and a photo the teacher uploaded."""
    teacher, project = space.users["teacher"], space.project
    project.is_public = True
    page = pages.create_page(
        session,
        space.users["admin"],
        project,
        title="Compost",
        visibility=Visibility.PUBLIC,
    )
    revisions.save_revision(
        session, teacher, project, page, body="Worms eat leaves.", base_number=1
    )
    materials.attach_material(
        session, teacher, project, io.BytesIO(NOTES), filename="../../notes.txt"
    )
    space_plugins.enable_plugin(session, space.users["admin"], project, "gallery")
    album = gallery.create_album(session, space.users["admin"], project, title="Trip")
    gallery.upload_items(
        session, teacher, project, album, [(io.BytesIO(png()), "me.png")]
    )
    commit(session)
    return page


def actions(session: Session, action: str) -> list[AuditEntry]:
    query = (
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    )
    return list(session.scalars(query))


def test_a_person_downloads_their_data_and_files_as_one_zip(
    browser: RoleClient, session: Session, written: Page
) -> None:
    browser.login("teacher")
    assert "Download my data" in browser.get("/account/data").get_data(as_text=True)
    answer = browser.get("/account/data/download", buffered=True)
    assert answer.status_code == 200 and answer.mimetype == "application/zip"
    assert answer.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(answer.get_data()))
    data = json.loads(archive.read("data.json"))
    core = data["etwincms.core_plugins.privacy"]
    assert core["account"]["username"] == "teacher_user"
    assert "Worms eat leaves." in [r["body"] for r in core["revisions"]]
    notes = core["materials"][0]["stored_file"]
    assert notes == "files/etwincms.core_plugins.privacy/1-notes.txt"  # no "../"
    assert archive.read(notes) == NOTES
    photo = data["gallery"]["uploads"][0]["stored_file"]
    assert archive.read(photo)[:4] == b"\x89PNG"
    assert all(
        not n.startswith(("/", "..")) and ".." not in n for n in archive.namelist()
    )
    assert len(actions(session, "user.data_export")) == 1


def test_an_adult_deletes_their_account_with_their_password(
    browser: RoleClient,
    client: FlaskClient,
    session: Session,
    space: SpaceWithMembers,
    written: Page,
) -> None:
    teacher = space.users["teacher"]
    browser.login("teacher")
    wrong = browser.post("/account/delete", {"password": "not-it"})
    assert wrong.status_code == 400
    assert browser.get("/account/profile").status_code == 200  # still signed in
    done = browser.post("/account/delete", {"password": PASSWORD})
    assert done.status_code == 302 and done.location.endswith("/login")
    session.expire_all()
    erased = session.get(User, teacher.id)
    assert erased.display_name == "Former member" and erased.email is None
    assert erased.password_hash is None and not erased.is_active_account
    page = client.get(f"/s/{space.project.slug}/{written.path}").get_data(as_text=True)
    assert "Worms eat leaves." in page and "a former member" in page
    assert "Teacher_User" not in page
    assert len(actions(session, "user.data_erase")) == 1
    assert browser.auth.login("teacher_user").status_code != 302  # no way back in


def test_pupils_and_a_spaces_last_admin_cannot_delete_their_own_account(
    browser: RoleClient, session: Session, space: SpaceWithMembers
) -> None:
    browser.login("pupil")
    assert "Ask your teacher" in browser.get("/account/data").get_data(as_text=True)
    assert browser.post("/account/delete", {"password": PASSWORD}).status_code == 403
    browser.login("admin")
    answer = browser.post("/account/delete", {"password": PASSWORD})
    assert answer.status_code == 400
    assert "at least one admin" in answer.get_data(as_text=True)
    session.expire_all()
    kept = {session.get(User, space.users[r].id).username for r in ("pupil", "admin")}
    assert kept == {"pupil_user", "admin_user"}


#: (who tries, whose account, allowed?): refusals first, since an erase is for good.
ERASERS = (
    ("teacher", "pupil", False),  # a teacher of another school does not manage them
    ("outsider", "pupil", False),
    ("pupil_lead", "pupil", False),
    ("admin", "teacher", False),  # adults: themselves, or a site admin
    ("admin", "pupil", True),  # the space admin manages every pupil of the space
    ("site_admin", "teacher", True),
)


def test_who_may_erase_someone_elses_account(
    browser: RoleClient, session: Session, space: SpaceWithMembers
) -> None:
    pupil_data = f"/account/data/{space.users['pupil'].id}/download"
    browser.login("admin")  # manages the pupil, but exports are for site admins
    assert browser.get(pupil_data).status_code == 404
    people = browser.get(f"/s/{space.project.slug}/-/people").text
    assert f"/account/erase/{space.users['pupil'].id}" in people
    browser.login("site_admin")  # the erase page offers to download the data first
    assert pupil_data in browser.get(f"/account/erase/{space.users['pupil'].id}").text
    assert browser.get(pupil_data, buffered=True).mimetype == "application/zip"
    people = browser.get(f"/s/{space.project.slug}/-/people").text
    assert f"/account/erase/{space.users['teacher'].id}" in people  # adults too
    for actor, target, allowed in ERASERS:
        person = space.users[target]
        browser.login(actor)
        shown = browser.get(f"/account/erase/{person.id}")
        answer = browser.post(f"/account/erase/{person.id}")
        session.expire_all()
        erased = session.get(User, person.id).display_name == "Former member"
        expected = (200, 302, True) if allowed else (404, 404, False)
        assert (shown.status_code, answer.status_code, erased) == expected, actor
    erasures = actions(session, "user.data_erase")
    assert [(e.actor_id, e.object_id) for e in erasures] == [
        (space.users["admin"].id, space.users["pupil"].id),
        (space.users["site_admin"].id, space.users["teacher"].id),
    ]
