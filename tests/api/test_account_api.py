"""The caller's account over the API: profile, password, invitations, joining by link;
and the space-level helpers: role overrides, Markdown preview, title suggestions."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Role
from etwincms.services import accounts, invites, pages
from etwincms.testing import PASSWORD, Factory, SpaceWithMembers


def test_profile_and_password(api: Any) -> None:
    teacher = api("teacher")
    changed = teacher.patch("/me", json={"display_name": "Ms Vidal", "locale": "es"})
    assert changed.get_json()["display_name"] == "Ms Vidal"
    wrong = teacher.post(
        "/me/password", json={"current_password": "nope", "new_password": "x" * 12}
    )
    assert wrong.status_code == 422 and "current" in wrong.get_json()["errors"]
    done = teacher.post(
        "/me/password",
        json={"current_password": PASSWORD, "new_password": "olive-harvest-2027"},
    )
    assert done.status_code == 204


def test_pupils_change_only_their_language(api: Any) -> None:
    pupil = api("pupil")
    assert pupil.patch("/me", json={"locale": "de"}).status_code == 200
    assert pupil.patch("/me", json={"display_name": "Boss"}).status_code == 422


def test_invitations_are_listed_and_accepted(
    api: Any, session: Session, space: SpaceWithMembers, make: Factory
) -> None:
    guest = make.user("guest_teacher")
    accounts.invite(
        session,
        space.users["admin"],
        space.project,
        who="guest_teacher",
        role="teacher",
    )
    commit(session)
    space.users["guest"] = guest
    caller = api("guest")
    assert caller.get("/me/invitations").get_json() == [
        {"slug": space.project.slug, "title": "Test space", "role": "teacher"}
    ]
    assert (
        caller.post(f"/me/invitations/{space.project.slug}/accept").status_code == 204
    )
    assert caller.get(f"/projects/{space.project.slug}").get_json()["role"] == "teacher"


def test_joining_by_invite_link(
    api: Any, session: Session, space: SpaceWithMembers, make: Factory
) -> None:
    _link, secret = invites.create_invite_link(
        session, space.users["admin"], space.project, role=Role.OBSERVER, days=3
    )
    space.users["newcomer"] = make.user("newcomer")
    commit(session)
    caller = api("newcomer")
    assert caller.post("/me/joins", json={"secret": "wrong"}).status_code == 404
    assert caller.post("/me/joins", json={"secret": secret}).status_code == 204
    assert (
        caller.get(f"/projects/{space.project.slug}").get_json()["role"] == "observer"
    )


def test_role_overrides(api: Any, space: SpaceWithMembers) -> None:
    admin, path = api("admin"), f"/projects/{space.project.slug}/roles"
    given = admin.put(f"{path}/pupil/page.create", json={"granted": True})
    assert given.get_json()["overrides"] == {"pupil": {"page.create": True}}
    never = admin.put(f"{path}/pupil/member.manage", json={"granted": True})
    assert never.status_code == 422
    assert admin.put(f"{path}/pupil/no.such", json={"granted": True}).status_code == 404
    assert api("teacher").get(path).status_code == 403


def test_preview_and_titles(
    api: Any, session: Session, space: SpaceWithMembers
) -> None:
    pages.create_page(session, space.users["admin"], space.project, title="Compost")
    commit(session)
    pupil, base = api("pupil"), f"/projects/{space.project.slug}"
    html = pupil.post(f"{base}/preview", json={"body": "[[Compost]] *now*"})
    assert html.status_code == 403  # pupils may edit, not create, pages here
    teacher = api("teacher")
    html = teacher.post(
        f"{base}/preview", json={"body": "[[Compost]] *now*"}
    ).get_json()
    assert "<em>now</em>" in html["html"] and "/-/id/" in html["html"]
    titles = pupil.get(f"{base}/titles?q=comp").get_json()
    assert [t["title"] for t in titles] == ["Compost"]
