"""Accounts over the API, by role: site admins' disabling, enabling and listing of accounts.

Each operation answers what its browser twin answers (tests/security/test_account_status.py):
the same services, the same rules, 404 where the browser says the account does not exist.
"""

from __future__ import annotations

import io
import json
import zipfile
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.models import AuditEntry, User
from etwincms.testing import SpaceWithMembers

NOT_MANAGERS = ("admin", "teacher", "pupil_lead", "pupil", "observer", "outsider")


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
