"""Personal access tokens in the browser: list, make (the secret shown once), revoke.

Through real HTTP with CSRF on; the secret a page shows is then used against the API.
"""

from __future__ import annotations

import re
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import ApiToken
from etwincms.services import tokens
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token

from .test_html_quality import FormAudit, unlabelled

URL = "/account/tokens"


def text_of(response: Any) -> str:
    return response.get_data(as_text=True)


def make_token(client: FlaskClient, **fields: Any) -> Any:
    """Submit the form on the tokens page (read scope unless ``scopes`` says else)."""
    token = csrf_token(text_of(client.get(URL)))
    data = {"name": "School site", "scopes": ["read"], "days": "", **fields}
    return client.post(URL, data={"csrf_token": token, **data})


def shown_secret(html: str) -> str:
    match = re.search(r'id="new-token" value="([^"]+)" readonly', html)
    assert match is not None, "no secret on the page"
    return match.group(1)


def me(client: FlaskClient, secret: str) -> Any:
    return client.get("/api/v1/me", headers={"Authorization": f"Bearer {secret}"})


def revoke(client: FlaskClient, token_id: int) -> Any:
    token = csrf_token(text_of(client.get(URL)))
    return client.post(f"{URL}/{token_id}/revoke", data={"csrf_token": token})


def test_the_tokens_page_needs_signing_in(client: FlaskClient) -> None:
    response = client.get(URL)
    assert response.status_code == 302
    assert response.headers["Location"].startswith("/login")


def test_the_profile_links_to_the_tokens(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "pupil")
    assert f'href="{URL}"' in text_of(client.get("/account/profile"))
    page = text_of(client.get(URL))
    assert "You have no tokens." in page
    assert 'href="/api/v1/docs"' in page


def test_a_new_token_is_shown_once_and_works(
    app: Any, client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    response = make_token(client, scopes=["read", "write"], days="30")
    assert response.status_code == 200
    assert response.headers["Cache-Control"] == "no-store"
    html = text_of(response)
    secret = shown_secret(html)
    assert '<label for="new-token">' in html
    assert secret.startswith("etw_")
    answer = me(app.test_client(), secret)
    assert answer.status_code == 200
    assert answer.get_json()["username"] == space.users["teacher"].username
    later = text_of(client.get(URL))
    assert secret not in later
    assert "School site" in later
    assert "read, write" in later
    assert "not used yet" not in later  # the call above was recorded


def test_a_revoked_token_stops_working(
    app: Any,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
) -> None:
    space.login(auth, "teacher")
    secret = shown_secret(text_of(make_token(client)))
    [token] = tokens.list_tokens(session, space.users["teacher"])
    response = revoke(client, token.id)
    assert response.status_code == 302
    assert response.headers["Location"] == URL
    assert me(app.test_client(), secret).status_code == 401
    assert "You have no tokens." in text_of(client.get(URL))


def test_posts_without_the_csrf_token_are_refused(
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
) -> None:
    owner = space.users["teacher"]
    token, _secret = tokens.create_token(session, owner, name="old", scopes=["read"])
    commit(session)
    space.login(auth, "teacher")
    made = client.post(URL, data={"name": "Sneaky", "scopes": ["write"]})
    assert made.status_code == 400
    assert "etw_" not in text_of(made)
    revoked = client.post(f"{URL}/{token.id}/revoke")
    assert revoked.status_code == 400
    assert [t.name for t in tokens.list_tokens(session, owner)] == ["old"]


def test_another_users_token_cannot_be_revoked(
    app: Any,
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
) -> None:
    token, secret = tokens.create_token(
        session, space.users["admin"], name="admin's", scopes=["read"]
    )
    commit(session)
    space.login(auth, "teacher")
    assert revoke(client, token.id).status_code == 404
    assert revoke(client, 999_999).status_code == 404
    assert "admin&#39;s" not in text_of(client.get(URL))
    assert me(app.test_client(), secret).status_code == 200


def test_mistakes_are_shown_with_what_was_typed(
    client: FlaskClient, auth: AuthActions, session: Session, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    no_scope = make_token(client, name="Robot", scopes=[])
    assert no_scope.status_code == 400
    assert 'value="Robot"' in text_of(no_scope)
    for days in ("ten", "0", "999"):
        wrong = make_token(client, days=days)
        assert wrong.status_code == 400, days
        assert re.search(r'id="token-days"[^>]*aria-invalid="true"', text_of(wrong))
    unnamed = make_token(client, name="  ")
    assert re.search(r'id="token-name"[^>]*aria-invalid="true"', text_of(unnamed))
    assert session.scalar(select(ApiToken)) is None


def test_the_page_has_unique_ids_and_labelled_fields(
    client: FlaskClient, auth: AuthActions, session: Session, space: SpaceWithMembers
) -> None:
    user = space.users["teacher"]
    for name in ("one", "two"):
        tokens.create_token(session, user, name=name, scopes=["read"])
    commit(session)
    space.login(auth, "teacher")
    for html in (text_of(client.get(URL)), text_of(make_token(client))):
        audit = FormAudit()
        audit.feed(html)
        assert len(audit.ids) == len(set(audit.ids))
        assert unlabelled(audit) == []
