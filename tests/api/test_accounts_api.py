"""Accounts over the API, by role: one's own data and deletion; site admins' disabling,
enabling and listing of accounts, someone's data; erasing someone else's account.

Each operation answers what its browser twin answers (tests/security/test_privacy_account.py
and test_account_status.py): the same services, the same rules, 404 where the browser
says the account does not exist. Erasure is for good, so refusals are tried first.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import AuditEntry, User
from etwincms.services import materials
from etwincms.testing import PASSWORD, SpaceWithMembers

#: The most trusted of those who may not, and a pupil (the crawler tries every role).
NOT_MANAGERS = ("admin", "pupil")
CORE = "etwincms.core_plugins.privacy"


def audited(session: Session, action: str) -> list[tuple[int | None, int | None]]:
    entries = session.scalars(
        select(AuditEntry).where(AuditEntry.action == action).order_by(AuditEntry.id)
    )
    return [(entry.actor_id, entry.object_id) for entry in entries]


def erased(session: Session, user: User) -> bool:
    session.expire_all()
    return session.get_one(User, user.id).display_name == "Former member"


def zip_data(answer: Any) -> dict[str, Any]:
    assert answer.status_code == 200, answer.get_data(as_text=True)
    assert answer.mimetype == "application/zip"
    assert answer.headers["Cache-Control"] == "no-store"
    archive = zipfile.ZipFile(io.BytesIO(answer.get_data()))
    return {"data": json.loads(archive.read("data.json")), "names": archive.namelist()}


def test_data_downloads_ones_own_and_for_site_admins_anyones(
    api: Any, session: Session, space: SpaceWithMembers
) -> None:
    teacher, pupil = space.users["teacher"], space.users["pupil"]
    materials.attach_material(
        session, teacher, space.project, io.BytesIO(b"notes"), filename="../notes.txt"
    )
    commit(session)
    got = zip_data(api("teacher", scopes=("read",)).get("/me/data", buffered=True))
    assert got["data"][CORE]["account"]["username"] == "teacher_user"
    assert "files/etwincms.core_plugins.privacy/1-notes.txt" in got["names"]
    assert api(None).get("/me/data").status_code == 401
    for role in NOT_MANAGERS:  # the space admin manages the pupil, but exports are not
        assert api(role).get(f"/users/{pupil.id}/data").status_code == 404, role
    assert api(None).get(f"/users/{pupil.id}/data").status_code == 401
    site_admin = api("site_admin", scopes=("read",))
    assert site_admin.get("/users/999999/data").status_code == 404
    got = zip_data(site_admin.get(f"/users/{pupil.id}/data", buffered=True))
    assert got["data"][CORE]["account"]["username"] == "pupil_user"
    assert audited(session, "user.data_export") == [
        (teacher.id, teacher.id),
        (space.users["site_admin"].id, pupil.id),
    ]


def test_an_adult_deletes_their_own_account_with_their_password(
    api: Any, session: Session, space: SpaceWithMembers
) -> None:
    teacher, pupil = api("teacher"), api("pupil")
    assert pupil.post("/me/delete", json={"password": PASSWORD}).status_code == 403
    wrong = teacher.post("/me/delete", json={"password": "not-it"})
    assert wrong.status_code == 422 and "password" in wrong.get_json()["errors"]
    assert teacher.post("/me/delete", json={}).status_code == 422
    assert (
        api("teacher", scopes=("read",))
        .post("/me/delete", json={"password": PASSWORD})
        .status_code
        == 403
    )
    last_admin = api("admin").post("/me/delete", json={"password": PASSWORD})
    assert last_admin.status_code == 422 and "admin" in last_admin.get_json()["detail"]
    assert not erased(session, space.users["admin"])
    assert not erased(session, space.users["pupil"])
    done = teacher.post("/me/delete", json={"password": PASSWORD})
    assert done.status_code == 204
    assert erased(session, space.users["teacher"])
    assert teacher.get("/me").status_code == 401  # the token went with the account
    assert audited(session, "user.data_erase") == [
        (space.users["teacher"].id, space.users["teacher"].id)
    ]


#: (who tries, whose account, allowed?): refusals first, since an erase is for good.
ERASERS = (
    ("teacher", "pupil", False),  # a teacher of another school does not manage them
    ("outsider", "pupil", False),
    ("pupil_lead", "pupil", False),
    ("observer", "pupil", False),
    ("admin", "teacher", False),  # adults: themselves, or a site admin
    ("teacher", "teacher", False),  # oneself: POST /me/delete, with the password
    ("admin", "pupil", True),  # the space admin manages every pupil of the space
    ("site_admin", "teacher", True),
)


def test_who_may_erase_someone_elses_account(
    api: Any, session: Session, space: SpaceWithMembers
) -> None:
    last_admin = api("site_admin").post(f"/users/{space.users['admin'].id}/erase")
    assert last_admin.status_code == 422  # the space would be left without an admin
    assert not erased(session, space.users["admin"])
    assert api(None).post(f"/users/{space.users['pupil'].id}/erase").status_code == 401
    read_only = api("site_admin", scopes=("read",))
    assert read_only.post(f"/users/{space.users['pupil'].id}/erase").status_code == 403
    for actor, target, allowed in ERASERS:
        person = space.users[target]
        answer = api(actor).post(f"/users/{person.id}/erase")
        assert (answer.status_code, erased(session, person)) == (
            (204, True) if allowed else (404, False)
        ), (actor, target)
    assert api("site_admin").post("/users/999999/erase").status_code == 404
    assert audited(session, "user.data_erase") == [
        (space.users["admin"].id, space.users["pupil"].id),
        (space.users["site_admin"].id, space.users["teacher"].id),
    ]


def test_the_api_disables_enables_and_lists_accounts(
    api: Any, session: Session, space: SpaceWithMembers
) -> None:
    pupil, teacher = space.users["pupil"], space.users["teacher"]
    pupil_script = api("pupil")
    site_admin = api("site_admin")
    for role in NOT_MANAGERS:
        caller = api(role)
        assert caller.post(f"/users/{teacher.id}/disable").status_code == 404, role
        assert caller.get("/users").status_code == 404, role
    assert api(None).post(f"/users/{teacher.id}/disable").status_code == 401
    assert (
        api("site_admin", scopes=("read",))
        .post(f"/users/{pupil.id}/disable")
        .status_code
        == 403
    )
    disabled = site_admin.post(f"/users/{pupil.id}/disable")
    assert disabled.status_code == 200
    assert disabled.get_json() | {"id": 0} == {
        "id": 0,
        "username": "pupil_user",
        "display_name": pupil.display_name,
        "kind": "pupil",
        "email": pupil.email,
        "is_site_admin": False,
        "active": False,
    }
    assert pupil_script.get("/me").status_code == 401
    assert site_admin.post(f"/users/{pupil.id}/enable").get_json()["active"] is True
    assert pupil_script.get("/me").status_code == 401  # revoked, not only paused
    own = site_admin.post(f"/users/{space.users['site_admin'].id}/disable")
    assert own.status_code == 422
    found = site_admin.get("/users", query_string={"q": "_user", "limit": 3}).get_json()
    assert [a["username"] for a in found["items"]] == [
        "admin_user", "teacher_user", "pupil_lead_user",
    ]  # fmt: skip
    rest = site_admin.get(
        "/users", query_string={"q": "_user", "cursor": found["next_cursor"]}
    ).get_json()
    assert [a["username"] for a in rest["items"]] == [
        "pupil_user", "observer_user", "outsider_user", "site_admin_user",
    ]  # fmt: skip
    assert rest["next_cursor"] is None
    assert audited(session, "user.disable") == [
        (space.users["site_admin"].id, pupil.id)
    ]
