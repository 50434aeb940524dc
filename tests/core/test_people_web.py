"""A space's people in the browser: invitations, roles, removal, pupils and their passwords.

Through real HTTP with CSRF on. In the ``space`` fixture the admin and the pupils belong
to school ES, the teacher to school DE; ``es_teacher`` adds a teacher of school ES.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.models import Membership, MembershipStatus, Role, User
from etwincms.services import members, spaces
from etwincms.testing import (
    PASSWORD,
    AuthActions,
    Factory,
    SpaceWithMembers,
    csrf_token,
)

#: An inline script (one without ``src``), an event-handler attribute or a style attribute.
INLINE_CODE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|\son[a-z]+\s*=|\sstyle\s*=", re.I
)

NEW_PASSWORD = "blue-kite-river-7"
CLASS_LIST = "Martínez Ruiz, Lucía\nPablo García\n\nPablo García\n"


def text_of(response: Any) -> str:
    return response.get_data(as_text=True)


def people_url(space: SpaceWithMembers, rest: str = "") -> str:
    return f"/s/{space.project.slug}/-/people{rest}"


def post(client: FlaskClient, url: str, data: dict[str, str]) -> Any:
    """Post with a CSRF token taken from the dashboard (tokens are per session)."""
    token = csrf_token(text_of(client.get("/spaces")))
    return client.post(url, data={"csrf_token": token, **data})


def membership(session: Session, space: SpaceWithMembers, user: User) -> Membership:
    session.expire_all()
    found = members.find_membership(session, space.project, user)
    assert found is not None
    return found


def sheet(html: str) -> list[tuple[str, str]]:
    """(username, one-time password) of each row of a sign-in sheet."""
    return re.findall(
        r'class="username"><code>([^<]+)</code></td><td class="password"><code>([^<]+)<',
        html,
    )


@pytest.fixture
def es_teacher(space: SpaceWithMembers, make: Factory, session: Session) -> User:
    """A teacher of the pupils' school (ES)."""
    school = make.school("es")
    teacher = make.user("es_teacher", school=school)
    make.member(space.project, teacher, Role.TEACHER, school=school)
    session.commit()
    return teacher


# ---------------------------------------------------------------- the list


@pytest.mark.parametrize("who", [None, "outsider"])
def test_outsiders_do_not_find_the_people_page(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, who: str | None
) -> None:
    if who:
        space.login(auth, who)
    assert client.get(people_url(space)).status_code == 404


def test_a_pupil_sees_the_people_by_school_without_buttons(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "pupil")
    response = client.get(people_url(space))
    assert response.status_code == 200
    html = text_of(response)
    assert "School ES (ES)" in html
    assert "School DE (DE)" in html
    assert "Teacher_User" in html
    assert "pupil lead" in html
    for button in ("Change role", "Remove", "New password", "Invite"):
        assert button not in html


def test_an_admin_sees_role_choices_fitting_each_account_and_the_invite_form(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "admin")
    html = text_of(client.get(people_url(space)))
    assert "Invite a teacher" in html
    pupil = membership(session, space, space.users["pupil"])
    select = re.search(rf'id="role-{pupil.id}".*?</select>', html, re.S)
    assert select is not None
    assert 'value="pupil_lead"' in select.group(0)
    assert 'value="admin"' not in select.group(0)
    assert f'for="role-{pupil.id}"' in html


# ---------------------------------------------------------------- invitations


@pytest.mark.parametrize("who", ["outsider_user", " Outsider@School.example "])
def test_an_invited_teacher_accepts_and_becomes_a_member(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    who: str,
) -> None:
    outsider = space.users["outsider"]
    outsider.email = "outsider@school.example"
    session.commit()
    space.login(auth, "admin")
    response = post(
        client, people_url(space, "/invite"), {"who": who, "role": "teacher"}
    )
    assert response.status_code == 302
    html = text_of(client.get(people_url(space)))
    assert "Outsider_User is invited" in html
    assert "Invitations not accepted yet" in html
    auth.logout()

    space.login(auth, "outsider")
    assert client.get(people_url(space)).status_code == 404
    invitations = text_of(client.get("/account/invitations"))
    assert "Test space" in invitations
    assert "You are invited as teacher." in invitations
    accept_url = f"/account/invitations/{space.project.slug}/accept"
    response = post(client, accept_url, {})
    assert response.headers["Location"] == f"/s/{space.project.slug}/"
    assert client.get(people_url(space)).status_code == 200
    joined = membership(session, space, outsider)
    assert (joined.status, joined.role) == (MembershipStatus.ACTIVE, Role.TEACHER)
    assert "No invitations are waiting" in text_of(client.get("/account/invitations"))


def test_accepting_without_an_invitation_is_not_found(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "outsider")
    url = f"/account/invitations/{space.project.slug}/accept"
    assert post(client, url, {}).status_code == 404


@pytest.mark.parametrize(
    ("who", "role", "message"),
    [
        ("nobody_here", "teacher", "No account has the username or email"),
        ("teacher_user", "observer", "already a member"),
        ("pupil_user", "teacher", "never admins, teachers or observers"),
        ("outsider_user", "pupil", "Invite people as teacher, observer or admin."),
    ],
)
def test_a_refused_invitation_says_why_and_keeps_what_was_typed(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    who: str,
    role: str,
    message: str,
) -> None:
    space.login(auth, "admin")
    response = post(client, people_url(space, "/invite"), {"who": who, "role": role})
    assert response.status_code == 400
    html = text_of(response)
    assert message in html
    assert f'value="{who}"' in html


def test_a_teacher_cannot_invite(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    data = {"who": "outsider_user", "role": "teacher"}
    assert post(client, people_url(space, "/invite"), data).status_code == 403


def test_an_invitation_can_be_withdrawn(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "admin")
    data = {"who": "outsider_user", "role": "observer"}
    post(client, people_url(space, "/invite"), data)
    invited = membership(session, space, space.users["outsider"])
    url = people_url(space, f"/{invited.id}/remove")
    assert "Withdraw the invitation" in text_of(client.get(url))
    assert post(client, url, {}).status_code == 302
    session.expire_all()
    assert (
        members.find_membership(session, space.project, space.users["outsider"]) is None
    )


# ---------------------------------------------------------------- roles and removal


def test_an_admin_changes_a_role(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    teacher = membership(session, space, space.users["teacher"])
    space.login(auth, "admin")
    url = people_url(space, f"/{teacher.id}/role")
    response = post(client, url, {"role": "observer"})
    assert response.status_code == 302
    assert "role is changed" in text_of(client.get(people_url(space)))
    assert membership(session, space, space.users["teacher"]).role is Role.OBSERVER


def test_a_teacher_cannot_change_roles(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    pupil = membership(session, space, space.users["pupil"])
    space.login(auth, "teacher")
    assert "Change role" not in text_of(client.get(people_url(space)))
    url = people_url(space, f"/{pupil.id}/role")
    assert post(client, url, {"role": "pupil_lead"}).status_code == 403
    assert membership(session, space, space.users["pupil"]).role is Role.PUPIL


def test_a_pupil_cannot_be_made_admin(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    pupil = membership(session, space, space.users["pupil"])
    space.login(auth, "admin")
    response = post(client, people_url(space, f"/{pupil.id}/role"), {"role": "admin"})
    assert response.status_code == 400
    assert "never admins" in text_of(response)


def test_the_last_admin_cannot_step_down_and_is_told_why(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    admin = membership(session, space, space.users["admin"])
    space.login(auth, "admin")
    response = post(client, people_url(space, f"/{admin.id}/role"), {"role": "teacher"})
    assert response.status_code == 400
    assert "A space always needs at least one admin" in text_of(response)
    response = post(client, people_url(space, f"/{admin.id}/remove"), {})
    assert response.status_code == 400
    assert "A space always needs at least one admin" in text_of(response)
    assert membership(session, space, space.users["admin"]).role is Role.ADMIN


def test_an_admin_removes_a_member_after_confirming(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    observer = membership(session, space, space.users["observer"])
    space.login(auth, "admin")
    url = people_url(space, f"/{observer.id}/remove")
    confirm = client.get(url)
    assert confirm.status_code == 200
    assert "Remove Observer_User from this space?" in text_of(confirm)
    response = post(client, url, {})
    assert response.headers["Location"] == people_url(space)
    assert "no longer in this space" in text_of(client.get(people_url(space)))
    session.expire_all()
    assert (
        members.find_membership(session, space.project, space.users["observer"]) is None
    )


def test_teachers_remove_only_their_own_schools_pupils(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    es_teacher: User,
) -> None:
    pupil = membership(session, space, space.users["pupil"])
    url = people_url(space, f"/{pupil.id}/remove")
    space.login(auth, "teacher")
    assert client.get(url).status_code == 403
    assert post(client, url, {}).status_code == 403
    auth.logout()
    auth.login("es_teacher")
    assert post(client, url, {}).status_code == 302
    session.expire_all()
    assert members.find_membership(session, space.project, space.users["pupil"]) is None


def test_a_membership_of_another_space_is_not_found(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "admin")
    other = session.scalars(
        select(Membership).where(Membership.project_id != space.project.id)
    ).first()
    assert other is not None
    assert client.get(people_url(space, f"/{other.id}/remove")).status_code == 404


def test_a_post_without_csrf_token_is_refused(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "admin")
    data = {"who": "outsider_user", "role": "teacher"}
    assert client.post(people_url(space, "/invite"), data=data).status_code == 400
    session.expire_all()
    assert (
        members.find_membership(session, space.project, space.users["outsider"]) is None
    )


# ---------------------------------------------------------------- pupils


def create_class(client: FlaskClient, space: SpaceWithMembers, **extra: str) -> Any:
    url = people_url(space, "/pupils")
    token = csrf_token(text_of(client.get(url)))
    return client.post(url, data={"csrf_token": token, "names": CLASS_LIST, **extra})


def test_a_class_list_becomes_a_printable_sheet_and_pupils_choose_a_password(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, es_teacher: User
) -> None:
    auth.login("es_teacher")
    response = create_class(client, space)
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = text_of(response)
    assert "These passwords are shown only once." in html
    assert re.search(r'href="[^"]*css/print\.css[^"]*" media="print"', html)
    assert "Lucía Martínez Ruiz" in html
    rows = sheet(html)
    assert [username for username, _ in rows] == ["lucia.m", "pablo.g"]
    auth.logout()

    username, one_time = rows[0]
    assert auth.login(username, one_time).headers["Location"] == "/spaces"
    assert client.get("/spaces").headers["Location"] == "/account/password"
    slug = space.project.slug
    assert client.get(f"/s/{slug}/").headers["Location"] == "/account/password"
    token = csrf_token(text_of(client.get("/account/password")))
    data = {"current": one_time, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    response = client.post("/account/password", data={"csrf_token": token, **data})
    assert response.headers["Location"] == "/spaces"
    dashboard = client.get("/spaces")
    assert dashboard.status_code == 200
    assert "Test space" in text_of(dashboard)
    assert "Lucía M." in text_of(client.get(people_url(space)))


def test_the_new_pupils_are_of_the_teachers_school(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    make: Factory,
) -> None:
    space.login(auth, "teacher")  # school DE
    rows = sheet(text_of(create_class(client, space)))
    session.expire_all()
    pupil = session.scalars(select(User).where(User.username == rows[0][0])).one()
    assert pupil.school_id == make.school("de").id
    assert pupil.must_change_password


def test_an_admin_may_choose_the_pupils_school(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    make: Factory,
) -> None:
    germany = make.school("de")
    spaces.add_partner_school(session, space.users["admin"], space.project, germany)
    session.commit()
    space.login(auth, "admin")
    form = text_of(client.get(people_url(space, "/pupils")))
    assert 'name="school"' in form
    rows = sheet(text_of(create_class(client, space, school=str(germany.id))))
    session.expire_all()
    pupil = session.scalars(select(User).where(User.username == rows[0][0])).one()
    assert pupil.school_id == germany.id


def test_a_teacher_gets_no_school_choice_and_cannot_add_pupils_of_another_school(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    make: Factory,
) -> None:
    space.login(auth, "teacher")  # school DE
    assert 'name="school"' not in text_of(client.get(people_url(space, "/pupils")))
    response = create_class(client, space, school=str(make.school("es").id))
    assert response.status_code == 403


def test_an_empty_class_list_is_refused(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "admin")
    url = people_url(space, "/pupils")
    response = post(client, url, {"names": "\n  \n"})
    assert response.status_code == 400
    assert "Give at least one name." in text_of(response)


@pytest.mark.parametrize("role", ["pupil", "observer"])
def test_pupils_and_observers_cannot_add_pupils(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, role: str
) -> None:
    space.login(auth, role)
    assert client.get(people_url(space, "/pupils")).status_code == 403


@pytest.mark.parametrize(
    ("who", "status"),
    [("teacher_user", 403), ("es_teacher", 200), ("admin_user", 200)],
)
def test_a_pupils_password_is_reset_by_their_own_teacher_or_an_admin(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    es_teacher: User,
    who: str,
    status: int,
) -> None:
    pupil = membership(session, space, space.users["pupil"])
    auth.login(who)
    response = post(client, people_url(space, f"/{pupil.id}/reset"), {})
    assert response.status_code == status
    auth.logout()
    if status == 403:
        assert auth.login("pupil_user").headers["Location"] == "/spaces"
        return
    assert response.headers["Cache-Control"] == "no-store"
    [(username, one_time)] = sheet(text_of(response))
    assert username == "pupil_user"
    assert "do not match" in text_of(auth.login("pupil_user", PASSWORD))
    auth.login("pupil_user", one_time)
    assert client.get("/spaces").headers["Location"] == "/account/password"


def test_only_pupils_get_a_password_reset(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    teacher = membership(session, space, space.users["teacher"])
    space.login(auth, "admin")
    html = text_of(client.get(people_url(space)))
    assert html.count(">New password<") == 2  # the pupil and the pupil lead
    assert (
        post(client, people_url(space, f"/{teacher.id}/reset"), {}).status_code == 403
    )


# ---------------------------------------------------------------- valid, labelled HTML


class Fields(HTMLParser):
    """Ids, label targets and form fields of a document."""

    def __init__(self, html: str) -> None:
        super().__init__()
        self.ids: list[str] = []
        self.labelled: set[str] = set()
        self.fields: list[str] = []
        self.feed(html)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        found = dict(attrs)
        if found.get("id"):
            self.ids.append(found["id"] or "")
        if tag == "label" and found.get("for"):
            self.labelled.add(found["for"] or "")
        hidden = found.get("type") == "hidden"
        if tag in {"input", "select", "textarea"} and not hidden:
            self.fields.append(found.get("id") or "")


@pytest.mark.parametrize(
    "url",
    [
        "/s/{slug}/-/people",
        "/s/{slug}/-/people/pupils",
        "/account/profile",
        "/account/password",
        "/account/invitations",
    ],
)
def test_pages_have_unique_ids_and_a_label_on_every_field(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, url: str
) -> None:
    space.login(auth, "admin")
    html = text_of(client.get(url.format(slug=space.project.slug)))
    parsed = Fields(html)
    assert len(parsed.ids) == len(set(parsed.ids))
    assert all(field in parsed.labelled for field in parsed.fields)
    assert INLINE_CODE.findall(html) == []
