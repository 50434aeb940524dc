"""Text with NUL characters is refused at the door, on every path (PostgreSQL can't store it)."""

from __future__ import annotations

from typing import Any

from flask.testing import FlaskClient

from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token


def test_web_forms_and_queries_with_nul_are_refused(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    token = csrf_token(client.get("/spaces").get_data(as_text=True))
    page = client.post(
        f"/s/{space.project.slug}/-/new",
        data={"csrf_token": token, "title": "Bad\x00title", "body": "x"},
    )
    assert page.status_code == 400
    assert client.get("/search?q=a%00b").status_code == 400
    assert client.get("/search?q=fine").status_code == 200


def test_api_json_with_nul_names_the_field(api: Any, space: SpaceWithMembers) -> None:
    answer = api("teacher").post(
        f"/projects/{space.project.slug}/pages",
        json={"title": "ok", "body": "fine", "nested": [{"deep": "a\x00"}]},
    )
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {
        "deep": ["Text cannot contain NUL characters."]
    }
