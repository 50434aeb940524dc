"""Your account in the browser: change password, first-login change, profile.

Through real HTTP with CSRF on; data is built with the services and committed first.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.models import User
from etwincms.testing import (
    PASSWORD,
    AuthActions,
    Factory,
    SpaceWithMembers,
    csrf_token,
)

NEW_PASSWORD = "blue-kite-river-7"


def text_of(response: Any) -> str:
    return response.get_data(as_text=True)


def post_form(client: FlaskClient, url: str, data: dict[str, str]) -> Any:
    """Post ``data`` to ``url`` with the CSRF token of the form on that page."""
    token = csrf_token(text_of(client.get(url)))
    return client.post(url, data={"csrf_token": token, **data})


def change_password(client: FlaskClient, current: str, new: str, repeat: str) -> Any:
    data = {"current": current, "new": new, "repeat": repeat}
    return post_form(client, "/account/password", data)


def reload(session: Session, user: User) -> User:
    session.refresh(user)
    return user


# ---------------------------------------------------------------- password


def test_the_password_page_needs_signing_in(client: FlaskClient) -> None:
    response = client.get("/account/password")
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_a_wrong_current_password_is_refused(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    response = change_password(client, "not-my-password", NEW_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 400
    html = text_of(response)
    assert "The current password is not right." in html
    assert NEW_PASSWORD not in html  # typed passwords are never sent back
    assert 'aria-invalid="true"' in html


def test_new_passwords_that_differ_are_refused(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    response = change_password(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD + "x")
    assert response.status_code == 400
    assert "The two new passwords are not the same." in text_of(response)


def test_a_too_short_password_is_refused(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    response = change_password(client, PASSWORD, "short", "short")
    assert response.status_code == 400
    assert "at least 8 characters" in text_of(response)


def test_a_changed_password_is_the_one_that_signs_in(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    response = change_password(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    assert response.status_code == 302
    assert response.headers["Location"] == "/spaces"
    assert "Your password is changed." in text_of(client.get("/spaces"))
    auth.logout()
    assert "do not match" in text_of(auth.login("teacher_user", PASSWORD))
    assert auth.login("teacher_user", NEW_PASSWORD).headers["Location"] == "/spaces"


def test_a_post_without_csrf_token_is_refused(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "teacher")
    data = {"current": PASSWORD, "new": NEW_PASSWORD, "repeat": NEW_PASSWORD}
    assert client.post("/account/password", data=data).status_code == 400
    assert auth.logout().status_code == 302
    assert auth.login("teacher_user", PASSWORD).headers["Location"] == "/spaces"


# ---------------------------------------------------------------- first login


@pytest.fixture
def must_change(space: SpaceWithMembers, session: Session) -> User:
    pupil = space.users["pupil"]
    pupil.must_change_password = True
    session.commit()
    return pupil


def test_a_forced_change_keeps_every_other_page_away_until_done(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    must_change: User,
    session: Session,
) -> None:
    space.login(auth, "pupil")
    slug = space.project.slug
    for url in ("/spaces", f"/s/{slug}/", "/account/profile", f"/s/{slug}/-/people"):
        response = client.get(url)
        assert response.status_code == 302, url
        assert response.headers["Location"] == "/account/password"
    html = text_of(client.get("/account/password"))
    assert "Please choose your own password before you go on." in html
    assert "Choose your own password" in html
    with client.get("/static/themes/default/css/etwincms.css") as stylesheet:
        assert stylesheet.status_code == 200
    change_password(client, PASSWORD, NEW_PASSWORD, NEW_PASSWORD)
    assert client.get("/spaces").status_code == 200
    assert not reload(session, must_change).must_change_password


def test_one_who_must_change_can_still_sign_out(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, must_change: User
) -> None:
    space.login(auth, "pupil")
    token = csrf_token(text_of(client.get("/account/password")))
    response = client.post("/logout", data={"csrf_token": token})
    assert response.headers["Location"] == "/login"
    assert client.get("/spaces").headers["Location"].startswith("/login")


# ---------------------------------------------------------------- profile


def test_a_teacher_changes_name_language_and_school(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    make: Factory,
    session: Session,
) -> None:
    italy = make.school("it")
    session.commit()
    space.login(auth, "teacher")
    data = {
        "display_name": "  Katrin   Weber ",
        "locale": "de",
        "school": str(italy.id),
    }
    response = post_form(client, "/account/profile", data)
    assert response.status_code == 302
    assert response.headers["Location"] == "/account/profile"
    teacher = reload(session, space.users["teacher"])
    assert (teacher.display_name, teacher.locale) == ("Katrin Weber", "de")
    assert teacher.school_id == italy.id
    html = text_of(client.get("/account/profile"))
    assert 'lang="de"' in html  # the interface follows the chosen language
    assert 'value="Katrin Weber"' in html


def test_a_teacher_may_leave_no_school(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "teacher")
    data = {"display_name": "Teacher", "locale": "en", "school": ""}
    assert post_form(client, "/account/profile", data).status_code == 302
    assert reload(session, space.users["teacher"]).school_id is None


@pytest.mark.parametrize(
    ("field", "value", "message"),
    [
        ("display_name", "   ", "The display name must not be empty."),
        ("locale", "xx", "Choose a language from the list."),
        ("school", "999999", "Choose a school from the list."),
    ],
)
def test_a_bad_profile_is_refused_and_nothing_changes(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    session: Session,
    field: str,
    value: str,
    message: str,
) -> None:
    space.login(auth, "teacher")
    data = {"display_name": "Renamed", "locale": "es", "school": "", field: value}
    response = post_form(client, "/account/profile", data)
    assert response.status_code == 400
    assert message in text_of(response)
    teacher = reload(session, space.users["teacher"])
    assert (teacher.display_name, teacher.locale) == ("Teacher_User", "en")
    assert teacher.school_id is not None


def test_a_pupil_changes_only_the_language(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "pupil")
    html = text_of(client.get("/account/profile"))
    assert 'name="display_name"' not in html
    assert 'name="school"' not in html
    assert "Your teacher looks after your name and school." in html
    assert post_form(client, "/account/profile", {"locale": "es"}).status_code == 302
    assert reload(session, space.users["pupil"]).locale == "es"


def test_a_pupil_may_not_change_their_name(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, session: Session
) -> None:
    space.login(auth, "pupil")
    data = {"display_name": "Someone Else", "locale": "es"}
    response = post_form(client, "/account/profile", data)
    assert response.status_code == 400
    assert "Your teacher looks after your name and school" in text_of(response)
    pupil = reload(session, space.users["pupil"])
    assert (pupil.display_name, pupil.locale) == ("Pupil_User", "en")
