"""Password rules (OWASP ASVS 5.0, V6.2) where people choose passwords.

At least 8 characters, up to 256 (passphrases welcome), no composition rules, none of
the 3000 most common passwords (in any case) and not the username. Tried through the
password-change form, where every user chooses theirs, and through account creation
(the command line's path); the one-time passwords generated for pupils follow the rules.
"""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms import passwords
from etwincms.db import commit
from etwincms.errors import ValidationError
from etwincms.models import User
from etwincms.services import users
from etwincms.testing import PASSWORD, AuthActions, Factory, csrf_token

REFUSED = {
    "seven77": "at least 8 characters",
    "x" * 257: "at most 256 characters",
    "password1": "one of the most used",
    "QwertyUiop": "one of the most used",
    "Teacher_User": "cannot be your username",
}
#: No digits, no capitals, no symbols needed; long passphrases and any script are fine.
ACCEPTED = ("lettuce tram", "ünïcödé-pässwörd", "a sentence " * 23)


@pytest.fixture
def teacher(make: Factory, session: Session) -> User:
    user = make.user("teacher_user")
    commit(session)
    return user


def change(client: FlaskClient, new: str) -> tuple[int, str]:
    form = client.get("/account/password").get_data(as_text=True)
    data = {
        "current": PASSWORD,
        "new": new,
        "repeat": new,
        "csrf_token": csrf_token(form),
    }
    answer = client.post("/account/password", data=data, follow_redirects=True)
    return answer.status_code, answer.get_data(as_text=True)


def test_the_change_form_applies_the_rules(
    client: FlaskClient, auth: AuthActions, teacher: User
) -> None:
    auth.login(teacher.username)
    for new, reason in REFUSED.items():
        status, page = change(client, new)
        assert (status, reason in page) == (400, True), new
    status, page = change(client, ACCEPTED[-1])
    assert status == 200 and "Your password is changed." in page
    auth.logout()
    assert auth.login(teacher.username, ACCEPTED[-1]).status_code == 302


def test_creating_an_account_applies_the_rules(session: Session) -> None:
    with pytest.raises(ValidationError, match="most used"):
        users.create_user(
            session, None, username="lena", display_name="Lena", password="Sunshine"
        )
    for number, password in enumerate(ACCEPTED):
        users.create_user(
            session, None, username=f"ok{number}", display_name="Ok", password=password
        )


def test_the_list_is_the_bundled_thousand() -> None:
    common = passwords.common_passwords()
    assert (
        len(common) == 3000
    )  # ASVS 5.0: at least the top 3,000 the length rule admits
    assert all(len(entry) >= passwords.MIN_LENGTH for entry in common)


def test_generated_pupil_passwords_follow_the_rules() -> None:
    for _ in range(100):
        passwords.acceptable(passwords.one_time_password())
