"""Members over the API: listing by school, privacy of names, invitations, roles, pupils
and invite links, each as the roles allowed and the roles refused."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Role, User
from etwincms.services import members, spaces
from etwincms.testing import SpaceWithMembers


def url(space: SpaceWithMembers, rest: str = "") -> str:
    return f"/projects/{space.project.slug}{rest}"


def member_id(session: Session, space: SpaceWithMembers, role: str) -> int:
    found = members.find_membership(session, space.project, space.users[role])
    assert found is not None
    return found.id


def everyone(listing: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    """Members of every school group, by name."""
    return {m["name"]: m for group in listing for m in group["members"]}


def test_members_are_listed_by_school_with_their_roles(
    api: Any, space: SpaceWithMembers
) -> None:
    answer = api("pupil").get(url(space, "/members"))
    assert answer.status_code == 200
    schools = {(g["school"] or {}).get("name"): g["members"] for g in answer.json}
    assert set(schools) == {"School ES", "School DE", None}
    assert {m["role"] for m in schools["School ES"]} == {"admin", "pupil", "pupil_lead"}
    assert [m["role"] for m in schools[None]] == ["observer"]
    assert everyone(answer.json)["Pupil_User"]["kind"] == "pupil"


def test_usernames_only_for_those_who_look_after_the_member(
    api: Any, space: SpaceWithMembers
) -> None:
    def usernames(role: str) -> dict[str, Any]:
        listing = api(role).get(url(space, "/members")).json
        return {name: m["username"] for name, m in everyone(listing).items()}

    assert usernames("admin")["Pupil_User"] == "pupil_user"
    # The teacher is from the partner school: the pupils are not theirs.
    assert usernames("teacher")["Pupil_User"] is None
    assert set(usernames("pupil").values()) == {None}


@pytest.mark.parametrize(("role", "status"), [("outsider", 404), (None, 404)])
def test_a_private_space_hides_its_members(
    api: Any, space: SpaceWithMembers, role: str | None, status: int
) -> None:
    assert api(role).get(url(space, "/members")).status_code == status


@pytest.mark.parametrize(("role", "status"), [("outsider", 403), (None, 401)])
def test_a_public_space_never_names_its_pupils_to_outsiders(
    api: Any, space: SpaceWithMembers, session: Session, role: str | None, status: int
) -> None:
    space.project.is_public = True
    commit(session)
    answer = api(role).get(url(space, "/members"))
    assert answer.status_code == status
    assert "Pupil_User" not in answer.get_data(as_text=True)


def test_a_role_without_member_view_gets_no_names(
    api: Any, space: SpaceWithMembers, session: Session
) -> None:
    spaces.set_role_override(
        session,
        space.users["admin"],
        space.project,
        Role.OBSERVER,
        "member.view",
        False,
    )
    commit(session)
    answer = api("observer").get(url(space, "/members"))
    assert answer.status_code == 403
    assert "Pupil_User" not in answer.get_data(as_text=True)


def test_invite_list_and_withdraw(api: Any, space: SpaceWithMembers) -> None:
    admin = api("admin")
    made = admin.post(
        url(space, "/invitations"), json={"who": "outsider_user", "role": "observer"}
    )
    assert made.status_code == 201
    assert (made.json["status"], made.json["role"]) == ("invited", "observer")
    waiting = admin.get(url(space, "/invitations")).json
    assert [m["name"] for m in waiting] == ["Outsider_User"]
    assert admin.delete(url(space, f"/members/{made.json['id']}")).status_code == 204
    assert admin.get(url(space, "/invitations")).json == []


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"who": "nobody_at_all"}, "who"),
        ({"who": "outsider_user", "role": "pupil"}, "role"),
        ({"who": "outsider_user", "colour": "red"}, "colour"),
        ({}, "who"),
        ({"who": "outsider_user\x00"}, "who"),
    ],
)
def test_invalid_invitations_name_the_field(
    api: Any, space: SpaceWithMembers, body: dict[str, Any], field: str
) -> None:
    answer = api("admin").post(url(space, "/invitations"), json=body)
    assert answer.status_code == 422
    assert field in answer.json["errors"]


def test_only_those_who_manage_members_invite(
    api: Any, space: SpaceWithMembers
) -> None:
    body = {"who": "outsider_user"}
    assert api("teacher").post(url(space, "/invitations"), json=body).status_code == 403
    assert api("teacher").get(url(space, "/invitations")).status_code == 403
    assert (
        api("outsider").post(url(space, "/invitations"), json=body).status_code == 404
    )
    assert api(None).post(url(space, "/invitations"), json=body).status_code == 401
    read_only = api("admin", scopes=("read",))
    assert read_only.post(url(space, "/invitations"), json=body).status_code == 403


def test_change_a_role(api: Any, space: SpaceWithMembers, session: Session) -> None:
    path = url(space, f"/members/{member_id(session, space, 'teacher')}")
    changed = api("admin").patch(path, json={"role": "observer"})
    assert changed.status_code == 200
    assert (changed.json["role"], changed.json["name"]) == ("observer", "Teacher_User")
    refused = api("admin").patch(path, json={"role": "pupil"})
    assert refused.status_code == 422 and "role" in refused.json["errors"]
    assert api("admin").patch(path, json={"role": "chief"}).status_code == 422


def test_the_last_admin_stays(
    api: Any, space: SpaceWithMembers, session: Session
) -> None:
    path = url(space, f"/members/{member_id(session, space, 'admin')}")
    answer = api("admin").patch(path, json={"role": "teacher"})
    assert answer.status_code == 422 and "role" in answer.json["errors"]
    assert api("admin").delete(path).status_code == 422


@pytest.mark.parametrize(
    ("role", "scopes", "status"),
    [
        ("teacher", ("read", "write"), 403),
        ("pupil", ("read", "write"), 403),
        ("outsider", ("read", "write"), 404),
        (None, (), 401),
        ("admin", ("read",), 403),
    ],
)
def test_refused_role_changes(
    api: Any,
    space: SpaceWithMembers,
    session: Session,
    role: str | None,
    scopes: tuple[str, ...],
    status: int,
) -> None:
    path = url(space, f"/members/{member_id(session, space, 'observer')}")
    caller = api(role, scopes=scopes)
    assert caller.patch(path, json={"role": "teacher"}).status_code == status
    assert caller.delete(path).status_code == status


def test_remove_a_member(api: Any, space: SpaceWithMembers, session: Session) -> None:
    admin = api("admin")
    path = url(space, f"/members/{member_id(session, space, 'observer')}")
    assert admin.delete(path).status_code == 204
    assert "Observer_User" not in everyone(admin.get(url(space, "/members")).json)
    assert admin.delete(path).status_code == 404


def test_pupils_from_a_class_list_get_one_time_passwords_once(
    api: Any, space: SpaceWithMembers, session: Session
) -> None:
    answer = api("admin").post(
        url(space, "/pupils"),
        json={"names": "Lucía Martínez Ruiz\nOkafor, Ben\n\nLucía Martínez Ruiz"},
    )
    assert answer.status_code == 201
    assert answer.headers["Cache-Control"] == "no-store"
    items = answer.json["items"]
    assert [(i["name"], i["username"]) for i in items] == [
        ("Lucía Martínez Ruiz", "lucia.m"),
        ("Ben Okafor", "ben.o"),
    ]
    assert all(len(i["password"]) >= 8 for i in items)
    made = session.scalars(select(User).where(User.username == "lucia.m")).one()
    assert made.is_pupil and made.must_change_password
    assert "password" not in api("admin").get(url(space, "/members")).get_data(
        as_text=True
    )


def test_a_teacher_adds_pupils_of_their_own_school_only(
    api: Any, space: SpaceWithMembers, make: Any
) -> None:
    teacher = api("teacher")
    own = teacher.post(url(space, "/pupils"), json={"names": "Anna Weber"})
    assert own.status_code == 201
    other = make.school("es").id
    body = {"names": "Pablo Ortega", "school_id": other}
    assert teacher.post(url(space, "/pupils"), json=body).status_code == 403


@pytest.mark.parametrize(
    ("body", "field"),
    [
        ({"names": "\n \n"}, "names"),
        ({"names": ""}, "names"),
        ({"names": "Anna Weber", "school_id": 999_999}, "school_id"),
        ({"names": ["Anna Weber"]}, "names"),
        ({"names": "Anna\x00 Weber"}, "names"),
    ],
)
def test_invalid_class_lists_name_the_field(
    api: Any, space: SpaceWithMembers, body: dict[str, Any], field: str
) -> None:
    answer = api("admin").post(url(space, "/pupils"), json=body)
    assert answer.status_code == 422
    assert field in answer.json["errors"]


@pytest.mark.parametrize(
    ("role", "scopes", "status"),
    [
        ("pupil", ("read", "write"), 403),
        ("observer", ("read", "write"), 403),
        ("outsider", ("read", "write"), 404),
        (None, (), 401),
        ("teacher", ("read",), 403),
    ],
)
def test_refused_pupil_accounts(
    api: Any,
    space: SpaceWithMembers,
    role: str | None,
    scopes: tuple[str, ...],
    status: int,
) -> None:
    answer = api(role, scopes=scopes).post(url(space, "/pupils"), json={"names": "X"})
    assert answer.status_code == status
    assert "password" not in answer.get_data(as_text=True)


def test_a_pupils_new_password_from_their_teacher(
    api: Any, space: SpaceWithMembers, session: Session
) -> None:
    path = url(space, f"/members/{member_id(session, space, 'pupil')}/password")
    answer = api("admin").post(path)
    assert answer.status_code == 201
    assert answer.headers["Cache-Control"] == "no-store"
    assert answer.json["items"][0]["username"] == "pupil_user"
    assert api("teacher").post(path).status_code == 403  # another school's pupil
    assert api("pupil").post(path).status_code == 403
    staff = url(space, f"/members/{member_id(session, space, 'teacher')}/password")
    assert api("admin").post(staff).status_code == 422


def test_invite_links_made_listed_and_withdrawn(
    api: Any, space: SpaceWithMembers
) -> None:
    admin = api("admin")
    made = admin.post(url(space, "/invite-links"), json={"role": "observer", "days": 3})
    assert made.status_code == 201
    assert made.headers["Cache-Control"] == "no-store"
    assert "/join/" in made.json["url"] and made.json["role"] == "observer"
    listed = admin.get(url(space, "/invite-links")).json
    assert [(link["id"], link["uses"]) for link in listed] == [(made.json["id"], 0)]
    assert "url" not in listed[0]
    gone = admin.delete(url(space, f"/invite-links/{made.json['id']}"))
    assert gone.status_code == 204
    assert admin.get(url(space, "/invite-links")).json == []
    assert admin.delete(url(space, "/invite-links/999999")).status_code == 404


@pytest.mark.parametrize(
    ("body", "field"),
    [({"role": "admin"}, "role"), ({"days": 31}, "days"), ({"days": 0}, "days")],
)
def test_invalid_invite_links_name_the_field(
    api: Any, space: SpaceWithMembers, body: dict[str, Any], field: str
) -> None:
    answer = api("admin").post(url(space, "/invite-links"), json=body)
    assert answer.status_code == 422 and field in answer.json["errors"]


def test_only_those_who_manage_members_make_links(
    api: Any, space: SpaceWithMembers
) -> None:
    assert api("teacher").get(url(space, "/invite-links")).status_code == 403
    assert api("teacher").post(url(space, "/invite-links"), json={}).status_code == 403
    assert api("outsider").get(url(space, "/invite-links")).status_code == 404
    assert api(None).post(url(space, "/invite-links"), json={}).status_code == 401
    read_only = api("admin", scopes=("read",))
    assert read_only.post(url(space, "/invite-links"), json={}).status_code == 403
