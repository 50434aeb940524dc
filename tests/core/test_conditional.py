"""Conditional GETs: anonymous answers carry an ETag and come back as 304 when unchanged;
signed-in answers never do (they stay out of every cache)."""

from __future__ import annotations

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.models import Page
from etwincms.services import revisions
from etwincms.testing import AuthActions

from .conftest import Public


def test_an_unchanged_public_page_answers_304_without_a_body(
    client: FlaskClient, public: Public
) -> None:
    first = client.get(public.url)
    assert first.status_code == 200
    assert first.headers["Cache-Control"] == "no-cache"
    assert {"Cookie", "Accept-Language"} <= set(first.vary)
    again = client.get(public.url, headers={"If-None-Match": first.headers["ETag"]})
    assert again.status_code == 304
    assert again.get_data() == b""


def test_a_saved_page_gets_a_new_etag(
    client: FlaskClient, public: Public, session: Session
) -> None:
    before = client.get(public.url).headers["ETag"]
    page = session.get(Page, public.page.id)
    revisions.save_revision(
        session, public.admin, public.project, page, body="Bees.", base_number=1
    )
    session.commit()
    after = client.get(public.url, headers={"If-None-Match": before})
    assert after.status_code == 200
    assert "Bees." in after.get_data(as_text=True)
    assert after.headers["ETag"] != before


def test_signed_in_answers_have_no_etag_and_are_not_stored(
    client: FlaskClient, auth: AuthActions, public: Public
) -> None:
    auth.login("maria")
    response = client.get(public.url)
    assert response.status_code == 200
    assert "ETag" not in response.headers
    assert response.headers["Cache-Control"] == "private, no-store"


def test_a_form_that_sets_the_session_cookie_is_not_tagged(client: FlaskClient) -> None:
    response = client.get("/login")
    assert "Set-Cookie" in response.headers
    assert "ETag" not in response.headers
