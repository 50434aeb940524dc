"""The forum's small JSON API, through HTTP with a signed-in session."""

from __future__ import annotations

from typing import Any

from .conftest import Browser, ForumSpace


def api(browser: Browser, forum: ForumSpace, path: str) -> Any:
    return browser.client.get(f"/api/v1/projects/{forum.project.slug}/forum{path}")


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
    assert data["total"] == 2
    first = data["topics"][0]
    assert first["title"] == "Older"  # last activity first
    assert first["forum"] == {"id": forum.general.id, "title": "General"}
    assert (first["pinned"], first["locked"], first["replies"]) == (False, False, 1)
    assert first["last_activity"].endswith("+00:00")
    assert first["url"].endswith(f"{forum.url}/t/{older.id}")


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
    assert opening["author"] == "Teacher_User"
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
