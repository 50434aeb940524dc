"""The blog's JSON API: blogs, posts and comments by role, cursors, ETags and If-Match,
problem documents, and its place in the OpenAPI document."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.services import tokens

from .conftest import BlogSpace

OPERATIONS = {
    ("get", "/blogs"),
    ("post", "/blogs"),
    ("get", "/blogs/{blog_id}"),
    ("patch", "/blogs/{blog_id}"),
    ("get", "/blogs/{blog_id}/posts"),
    ("post", "/blogs/{blog_id}/posts"),
    ("get", "/blogs/{blog_id}/reflections"),
    ("get", "/posts/{post_id}"),
    ("patch", "/posts/{post_id}"),
    ("delete", "/posts/{post_id}"),
    ("get", "/posts/{post_id}/comments"),
    ("post", "/posts/{post_id}/comments"),
    ("patch", "/comments/{comment_id}"),
}


class Caller:
    """Calls the blog's API with a personal access token of one member (or none)."""

    def __init__(self, client: FlaskClient, blog: BlogSpace, role: str | None) -> None:
        self.client, self.blog, self.headers = client, blog, {}
        if role is not None:
            _token, secret = tokens.create_token(
                blog.session, blog.user(role), name="blog", scopes=["read", "write"]
            )
            commit(blog.session)
            self.headers = {"Authorization": f"Bearer {secret}"}

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(
            self.blog.api + path, method=method, headers=headers, **kwargs
        )


@pytest.fixture
def call(client: FlaskClient, blog: BlogSpace) -> Any:
    return lambda role: Caller(client, blog, role)


def test_blogs_are_listed_created_and_changed_with_etags(
    call: Any, blog: BlogSpace
) -> None:
    teacher = call("teacher")
    made = teacher("POST", "/blogs", json={"title": "Diary", "writer_roles": ["pupil"]})
    assert made.status_code == 201
    created = made.get_json()
    assert created["visibility"] == "members" and created["may_post"] is False
    etag = made.headers["ETag"]
    path = f"/blogs/{created['id']}"
    assert teacher("GET", path).headers["ETag"] == etag
    assert teacher("PATCH", path, json={"title": "x"}).status_code == 428
    changed = teacher(
        "PATCH", path, json={"visibility": "public"}, headers={"If-Match": etag}
    )
    assert changed.status_code == 200 and changed.get_json()["visibility"] == "public"
    stale = teacher("PATCH", path, json={"title": "Late"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"
    pupil = call("pupil")
    assert pupil("POST", "/blogs", json={"title": "Mine"}).status_code == 403
    assert [b["title"] for b in pupil("GET", "/blogs").get_json()["items"]] == ["Diary"]


def test_posts_are_written_paged_and_narrowed(call: Any, blog: BlogSpace) -> None:
    diary = blog.make_blog()
    pupil = call("pupil")
    for n in range(3):
        answer = pupil(
            "POST",
            f"/blogs/{diary.id}/posts",
            json={
                "title": f"Day {n}",
                "body": "**Sun**",
                "tags": ["Sun"],
                "status": "published",
            },
        )
        assert answer.status_code == 201
    draft = pupil(
        "POST", f"/blogs/{diary.id}/posts", json={"title": "Draft", "body": "x"}
    )
    assert draft.get_json()["status"] == "draft"
    seen, query = [], f"/blogs/{diary.id}/posts?limit=2"
    while query:
        page = call("observer")("GET", query).get_json()
        seen += [item["title"] for item in page["items"]]
        cursor = page["next_cursor"]
        query = f"/blogs/{diary.id}/posts?limit=2&cursor={cursor}" if cursor else ""
    assert seen == ["Day 2", "Day 1", "Day 0"]
    first = call("observer")("GET", f"/blogs/{diary.id}/posts?tag=sun").get_json()[
        "items"
    ][0]
    assert (first["html"], first["tags"], first["author"]) == (
        "<p><strong>Sun</strong></p>\n",
        ["sun"],
        "Pupil_User",
    )
    mine = pupil("GET", f"/blogs/{diary.id}/posts?mine=true").get_json()["items"]
    assert mine[0]["title"] == "Draft"
    assert (
        call("observer")("GET", f"/posts/{draft.get_json()['id']}").status_code == 404
    )
    assert pupil("GET", f"/blogs/{diary.id}/posts?month=2026-13").status_code == 422


def test_posts_are_edited_with_if_match_and_deleted(call: Any, blog: BlogSpace) -> None:
    post = blog.write("pupil", blog.make_blog(), "Mine")
    pupil, path = call("pupil"), f"/posts/{post.id}"
    etag = pupil("GET", path).headers["ETag"]
    edited = pupil("PATCH", path, json={"body": "New text"}, headers={"If-Match": etag})
    assert edited.status_code == 200
    assert edited.get_json()["html"] == "<p>New text</p>\n"
    assert edited.headers["ETag"] != etag
    stale = pupil("PATCH", path, json={"body": "Old"}, headers={"If-Match": etag})
    assert stale.status_code == 412
    other = call("pupil_lead")
    fresh = {"If-Match": edited.headers["ETag"]}
    assert (
        other("PATCH", path, json={"body": "Vandal"}, headers=fresh).status_code == 403
    )
    assert other("DELETE", path).status_code == 403
    schedule = {"status": "scheduled", "publish_at": "2001-01-01T00:00:00Z"}
    refused = pupil("PATCH", path, json=schedule, headers=fresh)
    assert refused.status_code == 422 and "publish_at" in refused.get_json()["errors"]
    assert pupil("DELETE", path).status_code == 204
    assert pupil("GET", path).status_code == 404


def test_comments_wait_and_are_moderated(call: Any, blog: BlogSpace) -> None:
    post = blog.write("teacher", blog.make_blog(), "Trip")
    written = call("pupil")("POST", f"/posts/{post.id}/comments", json={"body": "Wow"})
    assert written.status_code == 201
    comment = written.get_json()
    assert (comment["status"], comment["kind"], comment["author"]) == (
        "pending",
        "comment",
        "Pupil_User",
    )
    listed = f"/posts/{post.id}/comments"
    assert call("observer")("GET", listed).get_json()["items"] == []
    moderate = f"/comments/{comment['id']}"
    assert (
        call("pupil")("PATCH", moderate, json={"status": "approved"}).status_code == 403
    )
    approved = call("teacher")("PATCH", moderate, json={"status": "approved"})
    assert approved.get_json()["status"] == "approved"
    assert len(call("observer")("GET", listed).get_json()["items"]) == 1
    assert (
        call("teacher")("PATCH", moderate, json={"status": "gone"}).status_code == 422
    )


def test_the_reflection_tracker_is_for_teachers(call: Any, blog: BlogSpace) -> None:
    from datetime import date, timedelta

    today = date.today()
    diary = blog.make_blog(
        reflection_start=today, reflection_end=today + timedelta(days=13)
    )
    blog.write("pupil", diary, "Week one")
    answer = call("teacher")("GET", f"/blogs/{diary.id}/reflections").get_json()
    assert len(answer["weeks"]) in (2, 3)
    assert answer["current_week"] == 0
    written = {row["name"]: row["written"][0] for row in answer["pupils"]}
    assert written == {"Pupil_User": True, "Pupil_Lead_User": False}
    assert answer["missing_now"] == ["Pupil_Lead_User"]
    assert call("pupil")("GET", f"/blogs/{diary.id}/reflections").status_code == 403


# Create a blog, write a post, comment: 201 allowed, 403 refused, 404 hidden space.
BY_ROLE = {
    "admin": (201, 201, 201),
    "teacher": (201, 201, 201),
    "pupil_lead": (403, 201, 201),
    "pupil": (403, 201, 201),
    "observer": (403, 403, 201),
    "site_admin": (201, 201, 201),
    "outsider": (404, 404, 404),
}


@pytest.mark.parametrize("role", BY_ROLE)
def test_who_may_write_through_the_api(call: Any, blog: BlogSpace, role: str) -> None:
    diary = blog.make_blog()
    post = blog.write("teacher", diary, "Trip")
    caller = call(role)
    answers = (
        caller("POST", "/blogs", json={"title": "Extra"}).status_code,
        caller(
            "POST", f"/blogs/{diary.id}/posts", json={"title": "T", "body": "B"}
        ).status_code,
        caller("POST", f"/posts/{post.id}/comments", json={"body": "Hi"}).status_code,
    )
    assert answers == BY_ROLE[role]


def test_visitors_read_public_blogs_without_pupils_names(
    call: Any, blog: BlogSpace
) -> None:
    diary = blog.make_blog(visibility="public")
    bulletin = blog.make_blog("Bulletin")
    blog.approve(blog.write("pupil", diary, "Harvest"))
    blog.make_public()
    visitor = call(None)
    listed = visitor("GET", "/blogs").get_json()["items"]
    assert [(b["title"], b["travellers"]) for b in listed] == [("Mobility diary", [])]
    [item] = visitor("GET", f"/blogs/{diary.id}/posts").get_json()["items"]
    assert item["author"] == "pupil, School ES, ES"
    assert visitor("GET", f"/blogs/{bulletin.id}").status_code == 404
    assert visitor("POST", f"/blogs/{diary.id}/posts", json={}).status_code == 401


def test_the_operations_are_in_the_openapi_document(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    prefix = "/api/v1/projects/{slug}/blog"
    operations = {
        (method, path.removeprefix(prefix)): operation
        for path, item in spec["paths"].items()
        if path.startswith(prefix + "/")
        for method, operation in item.items()
        if method != "parameters"
    }
    assert set(operations) == OPERATIONS
    for operation in operations.values():
        assert operation["tags"] == ["blog_api"]
        assert {"401", "403", "404", "422"} <= set(operation["responses"])
    assert {"412", "428"} <= set(operations[("patch", "/posts/{post_id}")]["responses"])
