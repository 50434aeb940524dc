"""Invite links in the browser: made on the people page, shown once, joined at /join/<secret>.

Through real HTTP with CSRF on. In the ``space`` fixture ``outsider`` is a teacher of
school DE who is not a member of the space.
"""

from __future__ import annotations

import re
from datetime import timedelta
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import utcnow
from etwincms.models import InviteLink, MembershipStatus, Role
from etwincms.services import invites, members
from etwincms.testing import AuthActions, Factory, SpaceWithMembers, csrf_token

GONE = "This invite link has expired or was withdrawn."


def text_of(response: Any) -> str:
    return response.get_data(as_text=True)


def people_url(space: SpaceWithMembers, rest: str = "") -> str:
    return f"/s/{space.project.slug}/-/people{rest}"


def post(client: FlaskClient, url: str, data: dict[str, str]) -> Any:
    """Post with a CSRF token taken from the dashboard (tokens are per session)."""
    token = csrf_token(text_of(client.get("/spaces")))
    return client.post(url, data={"csrf_token": token, **data})


def make_link(client: FlaskClient, role: str = "teacher", days: str = "7") -> Any:
    return post(
        client, "/s/test-space/-/people/links", {"link_role": role, "days": days}
    )


def shown_url(response: Any) -> str:
    match = re.search(r'id="invite-url" value="([^"]+)"', text_of(response))
    assert match is not None
    return match.group(1)


def secret_of(url: str) -> str:
    return url.rsplit("/", 1)[1]


@pytest.fixture
def secret(session: Session, space: SpaceWithMembers) -> str:
    """The secret of a live teacher link of the test space."""
    _, secret = invites.create_invite_link(
        session, space.users["admin"], space.project, role="teacher"
    )
    session.commit()
    return secret


# ---------------------------------------------------------------- making links


def test_an_admin_makes_a_link_and_sees_its_url_once(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "admin")
    people = text_of(client.get(people_url(space)))
    assert "Make an invite link" in people
    assert 'for="link-days"' in people
    response = make_link(client, "observer", "10")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    url = shown_url(response)
    assert url.startswith("http://localhost/join/")
    html = text_of(response)
    assert "This link is shown only once." in html
    assert "can join as observer until" in html
    link = session.scalars(select(InviteLink)).one()
    assert link.token_hash == invites.hash_secret(secret_of(url))
    assert (link.role, link.expires_at - link.created_at) == (
        Role.OBSERVER,
        timedelta(days=10),
    )
    people = text_of(client.get(people_url(space)))
    assert secret_of(url) not in people
    assert "Link for observer" in people
    assert "not used yet" in people


@pytest.mark.parametrize(
    ("role", "days", "message"),
    [
        ("teacher", "31", "valid for 1 to 30 days"),
        ("teacher", "a week", "valid for 1 to 30 days"),
        ("admin", "7", "invite admins by name"),
        ("pupil", "7", "teachers and observers"),
    ],
)
def test_a_refused_link_says_why_and_keeps_what_was_chosen(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    role: str,
    days: str,
    message: str,
) -> None:
    space.login(auth, "admin")
    response = make_link(client, role, days)
    assert response.status_code == 400
    html = text_of(response)
    assert message in html
    assert f'value="{days}"' in html
    assert session.scalars(select(InviteLink)).first() is None


def test_a_teacher_neither_sees_nor_makes_links(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    assert "Make an invite link" not in text_of(client.get(people_url(space)))
    assert make_link(client).status_code == 403


def test_an_admin_withdraws_a_link_and_it_stops_working(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    secret: str,
) -> None:
    link = invites.find_live_link(session, secret)
    space.login(auth, "admin")
    response = post(client, people_url(space, f"/links/{link.id}/revoke"), {})
    assert response.headers["Location"] == people_url(space)
    people = text_of(client.get(people_url(space)))
    assert "it no longer works" in people
    assert "Link for teacher" not in people
    assert client.get(f"/join/{secret}").status_code == 404


def test_a_post_without_csrf_token_is_refused(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    secret: str,
) -> None:
    space.login(auth, "admin")
    data = {"link_role": "teacher", "days": "7"}
    assert client.post(people_url(space, "/links"), data=data).status_code == 400
    auth.logout()
    space.login(auth, "outsider")
    response = client.post(f"/join/{secret}")
    assert response.status_code == 400
    assert response.headers["Referrer-Policy"] == "no-referrer"
    outsider = space.users["outsider"]
    assert members.find_membership(session, space.project, outsider) is None
    assert len(session.scalars(select(InviteLink)).all()) == 1


# ---------------------------------------------------------------- joining


def test_a_visitor_signs_in_comes_back_and_joins(
    client: FlaskClient, space: SpaceWithMembers, session: Session, secret: str
) -> None:
    response = client.get(f"/join/{secret}")
    assert response.status_code == 302
    login_url = response.headers["Location"]
    assert login_url == f"/login?next=/join/{secret}"
    assert response.headers["Referrer-Policy"] == "no-referrer"
    token = csrf_token(text_of(client.get(login_url)))
    data = {"username": "outsider_user", "password": "correct-horse-1"}
    response = client.post(login_url, data={"csrf_token": token, **data})
    assert response.headers["Location"] == f"/join/{secret}"

    page = client.get(f"/join/{secret}")
    assert page.status_code == 200
    assert page.headers["Referrer-Policy"] == "no-referrer"
    html = text_of(page)
    assert "<h1>Test space</h1>" in html
    assert "You are invited to join this space as teacher." in html
    assert "Join Test space</button>" in html
    response = client.post(f"/join/{secret}", data={"csrf_token": csrf_token(html)})
    assert response.headers["Location"] == f"/s/{space.project.slug}/"
    assert "Welcome to Test space." in text_of(client.get(response.headers["Location"]))
    session.expire_all()
    joined = members.find_membership(session, space.project, space.users["outsider"])
    assert joined is not None
    assert (joined.status, joined.role) == (MembershipStatus.ACTIVE, Role.TEACHER)
    assert invites.find_live_link(session, secret).uses == 1


def test_a_member_is_told_they_are_one_already(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, secret: str
) -> None:
    space.login(auth, "teacher")
    html = text_of(client.get(f"/join/{secret}"))
    assert "You are already a member of Test space." in html
    assert "Join Test space</button>" not in html
    response = post(client, f"/join/{secret}", {})
    assert response.headers["Location"] == f"/s/{space.project.slug}/"
    assert "already a member" in text_of(client.get(response.headers["Location"]))


def test_a_pupil_is_told_that_pupils_do_not_join_by_link(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    make: Factory,
    secret: str,
) -> None:
    pupil = make.user("newpupil", kind="pupil", school=make.school("es"))
    session.commit()
    auth.login("newpupil")
    html = text_of(client.get(f"/join/{secret}"))
    assert "Pupil accounts cannot join by link" in html
    assert "Join Test space</button>" not in html
    response = post(client, f"/join/{secret}", {})
    assert response.status_code == 400
    assert members.find_membership(session, space.project, pupil) is None


@pytest.mark.parametrize("signed_in", [False, True])
def test_an_expired_or_unknown_link_is_not_found_with_a_clear_message(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    secret: str,
    signed_in: bool,
) -> None:
    invites.find_live_link(session, secret).expires_at = utcnow() - timedelta(seconds=1)
    session.commit()
    if signed_in:
        space.login(auth, "outsider")
    for url in (f"/join/{secret}", "/join/no-such-link"):
        response = client.get(url)
        assert response.status_code == 404
        assert GONE in text_of(response)
        assert response.headers["Referrer-Policy"] == "no-referrer"
    if signed_in:
        assert post(client, f"/join/{secret}", {}).status_code == 404
