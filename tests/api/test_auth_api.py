"""Who may call the API and how: tokens, scopes, expiry, session cookies, anonymity."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.db import commit, utcnow
from etwincms.models import ApiToken
from etwincms.services import tokens
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token

from .conftest import ApiCaller


def test_a_token_identifies_its_user(api: Any) -> None:
    answer = api("teacher").get("/me")
    assert answer.status_code == 200
    assert answer.get_json()["username"] == "teacher_user"


def test_a_read_token_may_read_but_not_write(api: Any, space: SpaceWithMembers) -> None:
    reader = api("teacher", scopes=("read",))
    slug = space.project.slug
    assert reader.get(f"/projects/{slug}/tree").status_code == 200
    answer = reader.post(f"/projects/{slug}/pages", json={"title": "New"})
    assert answer.status_code == 403
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert "may only read" in answer.get_json()["detail"]


def test_revoked_expired_and_unknown_tokens_get_401(
    client: FlaskClient, session: Session, space: SpaceWithMembers
) -> None:
    user = space.users["teacher"]
    revoked, revoked_secret = tokens.create_token(
        session, user, name="old", scopes=["read"]
    )
    expired, expired_secret = tokens.create_token(
        session, user, name="short", scopes=["read"], days=1
    )
    tokens.revoke_token(session, user, revoked.id)
    expired.expires_at = utcnow() - timedelta(seconds=1)
    commit(session)
    for secret in (revoked_secret, expired_secret, "etw_unknown", ""):
        answer = ApiCaller(client, secret or "x").get("/me")
        assert answer.status_code == 401, secret
        assert answer.headers["WWW-Authenticate"].startswith("Bearer")
    basic = client.get("/api/v1/me", headers={"Authorization": "Basic dTpw"})
    assert basic.status_code == 401


def test_only_the_hash_of_a_token_is_stored(
    session: Session, space: SpaceWithMembers
) -> None:
    token, secret = tokens.create_token(
        session, space.users["pupil"], name="app", scopes=["read"]
    )
    commit(session)
    stored = session.get(ApiToken, token.id)
    assert secret.startswith("etw_") and secret not in stored.token_hash
    assert stored.token_hash == tokens.digest(secret)


def test_token_use_is_recorded(api: Any, session: Session) -> None:
    api("pupil").get("/me")
    token = session.query(ApiToken).one()
    session.refresh(token)
    assert token.last_used_at is not None


def test_anonymous_callers_read_public_spaces_with_cors_and_never_write(
    api: Any, space: SpaceWithMembers, session: Session
) -> None:
    visitor = api(None)
    assert visitor.get("/me").status_code == 401
    assert visitor.get("/projects").get_json()["items"] == []
    space.project.is_public = True
    commit(session)
    listing = visitor.get("/projects")
    assert [s["slug"] for s in listing.get_json()["items"]] == [space.project.slug]
    assert listing.headers["Access-Control-Allow-Origin"] == "*"
    write = visitor.post(f"/projects/{space.project.slug}/pages", json={"title": "x"})
    assert write.status_code == 401


def test_session_calls_need_the_csrf_header_to_change_things(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    path = f"/api/v1/projects/{space.project.slug}/pages"
    assert client.get("/api/v1/me").get_json()["username"] == "teacher_user"
    refused = client.post(path, json={"title": "Via cookie"})
    assert refused.status_code == 403
    token = csrf_token(client.get("/spaces").get_data(as_text=True))
    done = client.post(
        path, json={"title": "Via cookie"}, headers={"X-CSRFToken": token}
    )
    assert done.status_code == 201
    assert "Access-Control-Allow-Origin" not in done.headers


def test_tokens_are_made_and_revoked_over_the_api(api: Any) -> None:
    teacher = api("teacher")
    made = teacher.post("/me/tokens", json={"name": "school site", "scopes": ["read"]})
    assert made.status_code == 201
    secret = made.get_json()["token"]
    listed = teacher.get("/me/tokens").get_json()
    assert [t["name"] for t in listed] == ["school site", "teacher token"]
    assert all("token" not in t for t in listed)
    new = ApiCaller(teacher.client, secret)
    assert new.get("/me").status_code == 200
    assert teacher.delete(f"/me/tokens/{made.get_json()['id']}").status_code == 204
    assert new.get("/me").status_code == 401


def test_errors_are_problem_documents_with_field_details(
    api: Any, space: SpaceWithMembers
) -> None:
    answer = api("teacher").post(
        f"/projects/{space.project.slug}/pages", json={"title": "", "colour": "red"}
    )
    problem = answer.get_json()
    assert answer.status_code == 422
    assert answer.headers["Content-Type"] == "application/problem+json"
    assert set(problem["errors"]) == {"title", "colour"}
    assert problem["status"] == 422 and problem["title"]


def test_wrong_methods_say_which_are_allowed(api: Any) -> None:
    answer = api("teacher").put("/me")
    assert answer.status_code == 405
    assert "GET" in answer.headers["Allow"]
