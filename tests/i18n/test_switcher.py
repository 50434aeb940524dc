"""The language switcher and the choice of language: account, cookie, browser, default.

Each language is checked on a real page by a string its catalogue translates, and dates
and numbers are checked in each locale's own format.
"""

from __future__ import annotations

from datetime import date

import pytest
from flask import Flask
from flask.testing import FlaskClient
from flask_babel import force_locale, format_date, format_decimal
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import User
from etwincms.testing import AuthActions, Factory, csrf_token
from etwincms.web.i18n import LANGUAGE_COOKIE

#: "Sign in" as the sign-in page shows it, per language.
SIGN_IN = {
    "en": "Sign in",
    "es": "Iniciar sesión",
    "de": "Anmelden",
    "fr": "Se connecter",
    "it": "Accedi",
    "pl": "Zaloguj się",
}
#: 5 March 2026 in each locale's medium date format, and 1234567.5 as a number.
DATES = {
    "en": "Mar 5, 2026",
    "es": "5 mar 2026",
    "de": "05.03.2026",
    "fr": "5 mars 2026",
    "it": "5 mar 2026",
    "pl": "5 mar 2026",
}
NUMBERS = {
    "en": "1,234,567.5",
    "es": "1.234.567,5",
    "de": "1.234.567,5",
    "fr": "1\u202f234\u202f567,5",
    "it": "1.234.567,5",
    "pl": "1\u00a0234\u00a0567,5",
}


def switch(client: FlaskClient, language: str, next_url: str = "/login") -> str:
    response = client.get(f"/language?language={language}&next={next_url}")
    assert response.status_code == 302
    return response.headers["Location"]


def page_language(html: str) -> str:
    return html.split('<html lang="', 1)[1].split('"', 1)[0]


@pytest.mark.parametrize("language", sorted(SIGN_IN))
def test_switcher_changes_the_language_of_a_visitors_page(
    client: FlaskClient, language: str
) -> None:
    assert switch(client, language) == "/login"
    html = client.get("/login").get_data(as_text=True)
    assert page_language(html) == language
    assert f">{SIGN_IN[language]}<" in html
    assert client.get_cookie(LANGUAGE_COOKIE).value == language


def test_switcher_is_a_form_without_javascript(client: FlaskClient) -> None:
    html = client.get("/login").get_data(as_text=True)
    form = html.split('class="language-switcher"', 1)[1].split("</form>", 1)[0]
    assert '<select id="language-switcher" name="language">' in form
    assert all(f'value="{code}"' in form for code in SIGN_IN)
    assert '<button type="submit">' in form


def test_cookie_beats_the_browser_and_the_browser_beats_the_default(
    client: FlaskClient,
) -> None:
    german = {"Accept-Language": "de-DE,de;q=0.9"}
    assert page_language(client.get("/login", headers=german).get_data(True)) == "de"
    switch(client, "pl")
    assert page_language(client.get("/login", headers=german).get_data(True)) == "pl"
    client.delete_cookie(LANGUAGE_COOKIE)
    unknown = {"Accept-Language": "ja"}
    assert page_language(client.get("/login", headers=unknown).get_data(True)) == "en"


def test_unknown_language_is_refused_without_a_cookie(client: FlaskClient) -> None:
    response = client.get("/language?language=xx&next=/login", follow_redirects=True)
    assert "Choose a language from the list." in response.get_data(as_text=True)
    assert client.get_cookie(LANGUAGE_COOKIE) is None


def test_switcher_never_leaves_the_site(client: FlaskClient) -> None:
    assert switch(client, "fr", "//evil.example/") == "/spaces"


def test_signed_in_switch_is_saved_to_the_account(
    client: FlaskClient, auth: AuthActions, make: Factory, session: Session
) -> None:
    make.user("teacher_i18n")
    commit(session)
    auth.login("teacher_i18n")
    token = csrf_token(client.get("/spaces").get_data(as_text=True))
    response = client.post(
        "/language", data={"language": "it", "next": "/spaces", "csrf_token": token}
    )
    assert response.headers["Location"] == "/spaces"
    session.expire_all()
    assert session.query(User).filter_by(username="teacher_i18n").one().locale == "it"
    client.delete_cookie(LANGUAGE_COOKIE)  # the account's choice holds without it
    html = client.get("/spaces", headers={"Accept-Language": "de"}).get_data(True)
    assert page_language(html) == "it"


def test_account_language_beats_the_cookie(
    client: FlaskClient, auth: AuthActions, make: Factory, session: Session
) -> None:
    user = make.user("pupil_i18n", kind="pupil")
    user.locale = "es"
    commit(session)
    switch(client, "de")
    auth.login("pupil_i18n")
    assert page_language(client.get("/spaces").get_data(as_text=True)) == "es"


def test_signed_in_switch_needs_the_csrf_token(
    client: FlaskClient, auth: AuthActions, make: Factory, session: Session
) -> None:
    make.user("teacher_csrf")
    commit(session)
    auth.login("teacher_csrf")
    response = client.post("/language", data={"language": "pl", "next": "/spaces"})
    assert response.status_code == 400
    session.expire_all()
    assert session.query(User).filter_by(username="teacher_csrf").one().locale == "en"


@pytest.mark.parametrize("language", sorted(DATES))
def test_dates_and_numbers_follow_the_locale(app: Flask, language: str) -> None:
    with app.test_request_context("/"), force_locale(language):
        assert format_date(date(2026, 3, 5)) == DATES[language]
        assert format_decimal(1234567.5) == NUMBERS[language]


@pytest.mark.parametrize("language", ["de", "fr", "pl"])
def test_space_home_shows_its_dates_in_the_readers_locale(
    client: FlaskClient, make: Factory, session: Session, language: str
) -> None:
    admin = make.user("admin_dates")
    make.space(admin, title="Dated", start_date="2026-03-05", is_public=True)
    commit(session)
    switch(client, language)
    response = client.get("/s/dated/")
    assert response.status_code == 200
    assert DATES[language] in response.get_data(as_text=True)
