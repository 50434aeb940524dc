"""The forum's JSON API: reading and paging topics, starting topics and replying, its
permissions by role, and its place in the OpenAPI document and the API reference page.

Reads go through a signed-in browser session (as scripts of the site would); writes
send a personal access token, or the session with its CSRF header.
"""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.services import tokens
from etwincms.testing import csrf_token

from .conftest import Browser, ForumSpace

OPERATIONS = {
    ("get", "/topics"),
    ("post", "/topics"),
    ("get", "/topics/{topic_id}"),
    ("post", "/topics/{topic_id}/posts"),
}


def api(browser: Browser, forum: ForumSpace, path: str) -> Any:
    return browser.client.get(f"/api/v1/projects/{forum.project.slug}/forum{path}")


class TokenCaller:
    """Posts to the forum's API with a personal access token of one member."""

    def __init__(
        self, client: FlaskClient, forum: ForumSpace, role: str, scopes: list[str]
    ) -> None:
        _token, secret = tokens.create_token(
            forum.session, forum.user(role), name="forum", scopes=scopes
        )
        commit(forum.session)
        self.client, self.forum = client, forum
        self.headers = {"Authorization": f"Bearer {secret}"}

    def post(self, path: str, body: dict[str, Any]) -> Any:
        url = f"/api/v1/projects/{self.forum.project.slug}/forum{path}"
        return self.client.post(url, json=body, headers=self.headers)

    def start(self, title: str = "Packing list", **extra: Any) -> Any:
        body = {"forum_id": self.forum.general.id, "title": title, "body": "Socks"}
        return self.post("/topics", {**body, **extra})


def caller(
    client: FlaskClient, forum: ForumSpace, role: str, scopes: tuple[str, ...] = ()
) -> TokenCaller:
    return TokenCaller(client, forum, role, list(scopes or ("read", "write")))


# -- reading -------------------------------------------------------------------------


def test_topics_lists_what_the_member_may_see(
    browser: Browser, forum: ForumSpace
) -> None:
    older = forum.topic("teacher", "Older")
    forum.topic("teacher", "Newer")
    forum.reply("pupil", older, "A reply")
    browser.login("observer")
    response = api(browser, forum, "/topics")
    assert response.status_code == 200
    data = response.get_json()
    assert [t["title"] for t in data["items"]] == ["Newer", "Older"]
    assert data["next_cursor"] is None
    second = data["items"][1]
    assert second["forum"] == {"id": forum.general.id, "title": "General"}
    assert (second["pinned"], second["locked"], second["replies"]) == (False, False, 1)
    assert second["author"] == "Teacher_User"
    assert second["last_activity"].endswith("+00:00")
    assert second["url"].endswith(f"{forum.url}/t/{older.id}")


def test_topics_are_paged_with_cursors(browser: Browser, forum: ForumSpace) -> None:
    made = [forum.topic("teacher", f"Topic {n}") for n in range(5)]
    browser.login("pupil")
    seen, query = [], "/topics?limit=2"
    while query:
        page = api(browser, forum, query).get_json()
        seen += [item["id"] for item in page["items"]]
        cursor = page["next_cursor"]
        query = f"/topics?limit=2&cursor={cursor}" if cursor else ""
    assert seen == [topic.id for topic in reversed(made)]
    assert api(browser, forum, "/topics?cursor=nonsense").status_code == 422
    assert api(browser, forum, "/topics?limit=0").status_code == 422


def test_topics_of_one_forum(browser: Browser, forum: ForumSpace) -> None:
    forum.topic("teacher", "In General")
    browser.login("pupil")
    general = forum.general.id
    listed = api(browser, forum, f"/topics?forum_id={general}").get_json()["items"]
    assert [item["title"] for item in listed] == ["In General"]
    assert api(browser, forum, "/topics?forum_id=999").status_code == 404


def test_a_topic_with_its_posts(browser: Browser, forum: ForumSpace) -> None:
    topic = forum.topic("teacher", "Trip", body="**Bring** boots")
    reply = forum.reply("pupil", topic, "Hidden soon")
    browser.login("teacher")
    browser.post(f"/p/{reply.id}/hide")
    teacher_view = api(browser, forum, f"/topics/{topic.id}").get_json()
    assert [p["html"] for p in teacher_view["posts"]] == [
        "<p><strong>Bring</strong> boots</p>\n",
        "<p>Hidden soon</p>\n",
    ]
    browser.login("pupil")
    pupil_view = api(browser, forum, f"/topics/{topic.id}").get_json()
    assert pupil_view["title"] == "Trip"
    opening, hidden = pupil_view["posts"]
    assert (opening["author"], opening["opening"]) == ("Teacher_User", True)
    assert opening["created_at"]
    assert (hidden["hidden"], hidden["html"]) == (True, None)


def test_errors_are_problem_documents(browser: Browser, forum: ForumSpace) -> None:
    browser.login("pupil")
    missing = api(browser, forum, "/topics/999")
    assert missing.status_code == 404
    assert missing.mimetype == "application/problem+json"
    browser.login("outsider")
    hidden_space = api(browser, forum, "/topics")
    assert hidden_space.status_code == 404
    assert hidden_space.mimetype == "application/problem+json"
    forum.project.is_public = True
    forum.session.commit()
    assert api(browser, forum, "/topics").status_code == 403
    browser.login(None)
    assert api(browser, forum, "/topics").status_code == 401


# -- writing -------------------------------------------------------------------------


def test_a_member_starts_a_topic(
    client: FlaskClient, browser: Browser, forum: ForumSpace
) -> None:
    answer = caller(client, forum, "pupil_lead").start(body="**Warm** socks")
    assert answer.status_code == 201
    topic = answer.get_json()
    assert topic["title"] == "Packing list"
    assert topic["forum"]["id"] == forum.general.id
    [opening] = topic["posts"]
    assert opening["html"] == "<p><strong>Warm</strong> socks</p>\n"
    browser.login("observer")
    page = browser.get(f"/t/{topic['id']}").get_data(as_text=True)
    assert "Warm</strong> socks" in page


def test_a_member_replies(client: FlaskClient, forum: ForumSpace) -> None:
    topic = forum.topic("teacher", "Trip")
    answer = caller(client, forum, "pupil").post(
        f"/topics/{topic.id}/posts", {"body": "I *will* come"}
    )
    assert answer.status_code == 201
    post = answer.get_json()
    assert post["html"] == "<p>I <em>will</em> come</p>\n"
    assert (post["opening"], post["hidden"], post["edited_at"]) == (False, False, None)
    assert post["author"] == "Pupil_User"


def test_invalid_posts_are_refused_naming_the_field(
    client: FlaskClient, forum: ForumSpace
) -> None:
    teacher = caller(client, forum, "teacher")
    blank = teacher.start(title="   ")
    assert blank.status_code == 422
    assert blank.mimetype == "application/problem+json"
    assert "title" in blank.get_json()["errors"]
    assert "body" in teacher.start(body="").get_json()["errors"]
    assert teacher.start(colour="red").status_code == 422
    assert teacher.start(forum_id=999).status_code == 404
    topic = forum.topic("teacher", "Trip")
    empty = teacher.post(f"/topics/{topic.id}/posts", {"body": " \n "})
    assert empty.status_code == 422
    assert teacher.post("/topics/999/posts", {"body": "Hi"}).status_code == 404


def test_locked_topics_take_replies_from_moderators_only(
    client: FlaskClient, forum: ForumSpace
) -> None:
    from etwincms_forum import services

    topic = forum.topic("teacher", "Closed")
    services.set_locked(
        forum.session, forum.user("teacher"), forum.project, topic, True
    )
    commit(forum.session)
    path = f"/topics/{topic.id}/posts"
    assert caller(client, forum, "pupil").post(path, {"body": "x"}).status_code == 403
    assert caller(client, forum, "teacher").post(path, {"body": "x"}).status_code == 201


def test_read_tokens_and_anonymous_callers_cannot_post(
    client: FlaskClient, forum: ForumSpace
) -> None:
    reader = caller(client, forum, "teacher", ("read",))
    assert reader.start().status_code == 403
    slug = forum.project.slug
    anonymous = client.post(f"/api/v1/projects/{slug}/forum/topics", json={})
    assert anonymous.status_code == 401


def test_session_scripts_post_with_the_csrf_header(
    browser: Browser, forum: ForumSpace
) -> None:
    browser.login("teacher")
    url = f"/api/v1/projects/{forum.project.slug}/forum/topics"
    body = {"forum_id": forum.general.id, "title": "From a script", "body": "Hi"}
    assert browser.client.post(url, json=body).status_code == 403
    token = csrf_token(browser.client.get("/spaces").get_data(as_text=True))
    answer = browser.client.post(url, json=body, headers={"X-CSRFToken": token})
    assert answer.status_code == 201


# start, reply: 201 allowed, 403 refused, 404 the space is hidden from them.
BY_ROLE = {
    "admin": (201, 201),
    "teacher": (201, 201),
    "pupil_lead": (201, 201),
    "pupil": (403, 201),
    "observer": (403, 403),
    "site_admin": (201, 201),
    "outsider": (404, 404),
}


@pytest.mark.parametrize("role", BY_ROLE)
def test_who_may_post_through_the_api(
    client: FlaskClient, forum: ForumSpace, role: str
) -> None:
    topic = forum.topic("teacher", "Trip")
    member = caller(client, forum, role)
    replied = member.post(f"/topics/{topic.id}/posts", {"body": "Me too"})
    assert (member.start().status_code, replied.status_code) == BY_ROLE[role]


def test_pupils_start_topics_when_the_space_says_so(
    client: FlaskClient, forum: ForumSpace
) -> None:
    from etwincms.services.plugins import update_settings

    pupil = caller(client, forum, "pupil")
    assert pupil.start().status_code == 403
    update_settings(
        forum.session,
        forum.user("admin"),
        forum.project,
        "forum",
        {"pupils_may_start_topics": True},
    )
    commit(forum.session)
    assert pupil.start().status_code == 201


# -- the OpenAPI document and the reference page --------------------------------------


def test_the_operations_are_in_the_openapi_document(client: FlaskClient) -> None:
    spec = client.get("/api/v1/openapi.json").get_json()
    prefix = "/api/v1/projects/{slug}/forum"
    operations = {
        (method, path.removeprefix(prefix)): operation
        for path, item in spec["paths"].items()
        if path.startswith(prefix + "/")
        for method, operation in item.items()
        if method != "parameters"
    }
    assert set(operations) == OPERATIONS
    assert "forum_api" in {tag["name"] for tag in spec["tags"]}
    for operation in operations.values():
        assert operation["tags"] == ["forum_api"]
        assert {"401", "403", "404", "422"} <= set(operation["responses"])


def test_the_api_reference_lists_the_forum(client: FlaskClient) -> None:
    page = client.get("/api/v1/docs").get_data(as_text=True)
    assert "POST /api/v1/projects/{slug}/forum/topics/{topic_id}/posts" in page
    assert 'id="schema-ForumTopicDetail"' in page
