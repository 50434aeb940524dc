"""The wiki's JSON API: articles with ETags, history, diffs, reverts, changes, patrol and
discussion; its permissions by role; and its place in the OpenAPI document.

Calls send a personal access token of one member (or none, for anonymous visitors).
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.services import tokens
from etwincms_wiki import moderation

from .conftest import WikiSpace

OPERATIONS = {
    ("get", "/articles"),
    ("post", "/articles"),
    ("get", "/articles/{article_id}"),
    ("put", "/articles/{article_id}"),
    ("patch", "/articles/{article_id}/settings"),
    ("post", "/articles/{article_id}/versions"),
    ("get", "/articles/{article_id}/links"),
    ("get", "/articles/{article_id}/revisions"),
    ("get", "/articles/{article_id}/revisions/{number}"),
    ("get", "/articles/{article_id}/diff"),
    ("post", "/articles/{article_id}/revert"),
    ("get", "/articles/{article_id}/comments"),
    ("post", "/articles/{article_id}/comments"),
    ("get", "/changes"),
    ("get", "/unreviewed"),
    ("post", "/revisions/{revision_id}/review"),
}


class Caller:
    """Calls the wiki's API as one member with a token (``role=None``: anonymously)."""

    def __init__(
        self, client: FlaskClient, wiki: WikiSpace, role: str | None, scopes: list[str]
    ) -> None:
        self.client, self.base = client, f"/api/v1{wiki.api_url}"
        self.headers: dict[str, str] = {}
        if role is not None:
            _token, secret = tokens.create_token(
                wiki.session, wiki.user(role), name="wiki", scopes=scopes
            )
            commit(wiki.session)
            self.headers = {"Authorization": f"Bearer {secret}"}

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(
            self.base + path, method=method, headers=headers, **kwargs
        )


@pytest.fixture
def call(client: FlaskClient, wiki: WikiSpace) -> Any:
    def make(role: str | None, scopes: tuple[str, ...] = ("read", "write")) -> Caller:
        return Caller(client, wiki, role, list(scopes))

    return make


def test_every_operation_is_in_the_openapi_document(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    prefix = "/api/v1/projects/{slug}/wiki"
    found = {
        (method, path.removeprefix(prefix))
        for path, item in paths.items()
        if path.startswith(prefix)
        for method in item
        if method != "parameters"
    }
    assert found == OPERATIONS


def test_create_read_and_update_with_etags(call: Any, wiki: WikiSpace) -> None:
    pupil = call("pupil")
    created = pupil(
        "POST", "/articles", json={"title": "Compost", "body": "See [[Worms]]."}
    )
    assert created.status_code == 201
    data = created.get_json()
    assert data["revision"] == 1 and "wikilink-missing" in data["html"]
    etag = created.headers["ETag"]
    assert etag == f'"w{data["id"]}r1"'
    url = f"/articles/{data['id']}"
    assert pupil("PUT", url, json={"body": "New"}).status_code == 428
    saved = pupil("PUT", url, json={"body": "New"}, headers={"If-Match": etag})
    assert saved.status_code == 200 and saved.get_json()["body"] == "New"
    stale = pupil("PUT", url, json={"body": "Older"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.content_type == "application/problem+json"
    assert call("observer")("GET", url).get_json()["body"] == "New"


def test_invalid_input_is_a_problem_naming_the_field(
    call: Any, wiki: WikiSpace
) -> None:
    wiki.article("teacher", "Compost")
    answer = call("teacher")(
        "POST", "/articles", json={"title": "compost", "body": "x"}
    )
    assert answer.status_code == 422
    assert answer.get_json()["errors"] == {
        "title": ["An article with this title exists already."]
    }
    unknown = call("teacher")(
        "POST", "/articles", json={"title": "A", "body": "x", "x": 1}
    )
    assert unknown.status_code == 422


def test_writes_follow_the_capabilities(call: Any, wiki: WikiSpace) -> None:
    article = wiki.article("teacher", "Compost")
    body = {"title": "Soil", "body": "Dirt"}
    assert call("observer")("POST", "/articles", json=body).status_code == 403
    assert call("pupil", ("read",))("POST", "/articles", json=body).status_code == 403
    settings = f"/articles/{article.id}/settings"
    assert (
        call("pupil_lead")("PATCH", settings, json={"protected": True}).status_code
        == 403
    )
    protected = call("teacher")(
        "PATCH", settings, json={"protected": True, "public": True}
    )
    assert protected.get_json()["protected"] and protected.get_json()["public"]
    etag = protected.headers["ETag"]
    edit = call("pupil")(
        "PUT", f"/articles/{article.id}", json={"body": "x"}, headers={"If-Match": etag}
    )
    assert edit.status_code == 403


def test_lists_are_paged_with_cursors(call: Any, wiki: WikiSpace) -> None:
    for title in ("One", "Two", "Three"):
        wiki.article("teacher", title)
    first = call("observer")("GET", "/articles?limit=2").get_json()
    assert [a["title"] for a in first["items"]] == ["One", "Two"]
    rest = call("observer")("GET", f"/articles?limit=2&cursor={first['next_cursor']}")
    assert [a["title"] for a in rest.get_json()["items"]] == ["Three"]
    assert rest.get_json()["next_cursor"] is None
    changes = call("observer")("GET", "/changes?limit=2").get_json()
    assert [c["article"]["title"] for c in changes["items"]] == ["Three", "Two"]
    older = call("observer")(
        "GET", f"/changes?cursor={changes['next_cursor']}"
    ).get_json()
    assert [c["article"]["title"] for c in older["items"]] == ["One"]
    wiki.article("teacher", "Uno", language="es")
    spanish = call("observer")("GET", "/articles?language=es&limit=1").get_json()
    assert [a["title"] for a in spanish["items"]] == ["Uno"]


def test_history_diff_revert_and_patrol(call: Any, wiki: WikiSpace) -> None:
    article = wiki.article("teacher", "Harvest", "We pick olives.")
    wiki.edit("pupil", article, "lol")
    teacher, url = call("teacher"), f"/articles/{article.id}"
    history = teacher("GET", f"{url}/revisions").get_json()["items"]
    assert [(r["number"], r["author"], r["needs_review"]) for r in history] == [
        (2, "Pupil_User", True),
        (1, "Teacher_User", False),
    ]
    assert teacher("GET", f"{url}/revisions/1").get_json()["body"] == "We pick olives."
    diff = teacher("GET", f"{url}/diff?from=1&to=2").get_json()
    assert diff["lines"] == [
        {"kind": "removed", "text": "We pick olives."},
        {"kind": "added", "text": "lol"},
    ]
    assert [c["number"] for c in teacher("GET", "/unreviewed").get_json()["items"]] == [
        2
    ]
    assert call("pupil")("POST", f"{url}/revert", json={"number": 1}).status_code == 200
    assert teacher("GET", "/unreviewed").get_json()["items"][0]["number"] == 3
    review = teacher("POST", f"/revisions/{history[0]['id']}/review")
    assert review.status_code == 200 and review.get_json()["reviewed"]
    assert call("pupil")("GET", "/unreviewed").status_code == 403


def test_backlinks_versions_and_discussion(call: Any, wiki: WikiSpace) -> None:
    soil = wiki.article("teacher", "Soil", "Dirt", language="en")
    wiki.article("teacher", "Farm", "See [[Soil]].")
    suelo = wiki.article("teacher", "Suelo", "Tierra", language="es")
    pupil, url = call("pupil"), f"/articles/{soil.id}"
    assert [a["title"] for a in pupil("GET", f"{url}/links").get_json()] == ["Farm"]
    linked = pupil("POST", f"{url}/versions", json={"article_id": suelo.id})
    assert [v["title"] for v in linked.get_json()["versions"]] == ["Suelo"]
    posted = call("observer")("POST", f"{url}/comments", json={"body": "**Nice**"})
    assert posted.status_code == 201
    assert "<strong>Nice</strong>" in posted.get_json()["html"]
    assert [c["author"] for c in pupil("GET", f"{url}/comments").get_json()] == [
        "Observer_User"
    ]


def test_visitors_read_public_articles_without_names(
    call: Any, wiki: WikiSpace
) -> None:
    wiki.project.is_public = True
    shown = wiki.article("pupil", "Our garden", "Tomatoes")
    wiki.article("pupil", "Our plans", "Secret")
    moderation.set_public(wiki.session, wiki.user("teacher"), wiki.project, shown, True)
    commit(wiki.session)
    visitor = call(None)
    listed = visitor("GET", "/articles").get_json()["items"]
    assert [a["title"] for a in listed] == ["Our garden"]
    article = visitor("GET", f"/articles/{shown.id}")
    assert article.status_code == 200 and "Pupil_User" not in article.get_data(
        as_text=True
    )
    assert visitor("GET", f"/articles/{shown.id}/revisions").status_code == 401
    assert call("outsider")("GET", f"/articles/{shown.id + 1}").status_code == 404


def test_the_api_answers_404_where_the_wiki_is_off(call: Any, wiki: WikiSpace) -> None:
    wiki.article("teacher", "Compost")
    wiki.switch(False)
    off = call("teacher")("GET", "/articles")
    assert off.status_code == 404 and off.content_type == "application/problem+json"
    wiki.switch(True)
    assert len(call("teacher")("GET", "/articles").get_json()["items"]) == 1
