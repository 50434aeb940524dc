"""A session that ends while someone types loses nothing: the form comes back to resend."""

from __future__ import annotations

import re
from typing import Any

import pytest
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.models import Page
from etwincms.services import pages
from etwincms.testing import PASSWORD, AuthActions, SpaceWithMembers, csrf_token

TEXT = "Day 1: arrival & <welcome>\nDay 2: the farm"


@pytest.fixture
def plan(session: Any, space: SpaceWithMembers) -> Page:
    page = pages.create_page(
        session, space.users["admin"], space.project, title="Plan", body="Old"
    )
    commit(session)
    return page


def edit_url(space: SpaceWithMembers, page: Page) -> str:
    return f"/s/{space.project.slug}/-/edit/{page.path}"


def hidden_fields(html: str, prefix: str = "") -> dict[str, str]:
    pairs = re.findall(r'<input type="hidden" name="([^"]+)" value="([^"]*)"', html)
    unescape = {"&amp;": "&", "&lt;": "<", "&gt;": ">", "&#34;": '"', "&#39;": "'"}
    found = {}
    for name, value in pairs:
        for entity, char in unescape.items():
            value = value.replace(entity, char)
        if name.startswith(prefix):
            found[name.removeprefix(prefix)] = value
    return found


def start_editing(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, page: Page
) -> dict[str, str]:
    space.login(auth, "teacher")
    html = client.get(edit_url(space, page)).get_data(as_text=True)
    return {"csrf_token": csrf_token(html), "base": "1", "title": "Plan", "body": TEXT}


def test_an_expired_session_keeps_the_text_through_sign_in_and_resend(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, plan: Page
) -> None:
    form = start_editing(client, auth, space, plan)
    client.delete_cookie("session")
    interrupted = client.post(edit_url(space, plan), data=form)
    html = interrupted.get_data(as_text=True)
    assert interrupted.status_code == 400
    assert "Sign in to continue" in html and 'name="password"' in html
    carried = hidden_fields(html, "carry:")
    assert carried["body"] == TEXT and "csrf_token" not in carried
    signed_in = client.post(
        "/login/resume",
        data={
            **{f"carry:{k}": v for k, v in carried.items()},
            "target": hidden_fields(html)["target"],
            "csrf_token": csrf_token(html),
            "username": space.users["teacher"].username,
            "password": PASSWORD,
        },
    )
    resend = signed_in.get_data(as_text=True)
    assert f'action="{edit_url(space, plan)}"' in resend
    saved = client.post(edit_url(space, plan), data=hidden_fields(resend))
    assert saved.status_code == 302
    page = client.get(saved.headers["Location"]).get_data(as_text=True)
    assert "the farm" in page and "Saved." in page


def test_a_stale_token_while_signed_in_offers_to_send_again(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, plan: Page
) -> None:
    form = start_editing(client, auth, space, plan)
    answer = client.post(edit_url(space, plan), data={**form, "csrf_token": "stale"})
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "Send it again" in html and 'name="password"' not in html
    assert hidden_fields(html)["body"] == TEXT


def test_a_wrong_password_keeps_the_text_for_another_try(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, plan: Page
) -> None:
    form = start_editing(client, auth, space, plan)
    client.delete_cookie("session")
    html = client.post(edit_url(space, plan), data=form).get_data(as_text=True)
    answer = client.post(
        "/login/resume",
        data={
            "carry:body": TEXT,
            "target": edit_url(space, plan),
            "csrf_token": csrf_token(html),
            "username": space.users["teacher"].username,
            "password": "wrong",
        },
    )
    again = answer.get_data(as_text=True)
    assert answer.status_code == 401
    assert "do not match" in again
    assert hidden_fields(again, "carry:")["body"] == TEXT


def test_resume_never_sends_the_form_off_site(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    token = csrf_token(client.get("/spaces").get_data(as_text=True))
    answer = client.post(
        "/login/resume",
        data={"target": "//evil.example/steal", "carry:x": "1", "csrf_token": token},
    )
    assert 'action="/spaces"' in answer.get_data(as_text=True)


def test_scripts_get_a_problem_document_instead(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    answer = client.post(
        f"/s/{space.project.slug}/-/preview",
        data={"body": "x"},
        headers={"Accept": "application/json"},
    )
    assert answer.status_code == 400
    assert answer.headers["Content-Type"] == "application/problem+json"
