"""Following topics and knowing what is new, through HTTP."""

from __future__ import annotations

from flask import Flask

from etwincms.db import commit
from etwincms.services import plugins
from etwincms.testing import count_statements

from .conftest import Browser, ForumSpace, text, topic_titles


def test_subscribe_and_unsubscribe(browser: Browser, forum: ForumSpace) -> None:
    topic = forum.topic("teacher", "Timetable")
    browser.login("pupil")
    assert "You do not follow any topic yet." in text(browser.get("/subscriptions"))
    assert ">Subscribe</button>" in text(browser.get(f"/t/{topic.id}"))

    assert browser.post(f"/t/{topic.id}/subscribe").status_code == 302
    assert ">Unsubscribe</button>" in text(browser.get(f"/t/{topic.id}"))
    assert topic_titles(text(browser.get("/subscriptions"))) == ["Timetable"]
    browser.post(f"/t/{topic.id}/subscribe")  # twice is harmless
    assert topic_titles(text(browser.get("/subscriptions"))) == ["Timetable"]

    assert browser.post(f"/t/{topic.id}/unsubscribe").status_code == 302
    assert ">Subscribe</button>" in text(browser.get(f"/t/{topic.id}"))
    assert topic_titles(text(browser.get("/subscriptions"))) == []


def test_authors_follow_their_own_topics(browser: Browser, forum: ForumSpace) -> None:
    forum.topic("pupil_lead", "My idea")
    browser.login("pupil_lead")
    assert topic_titles(text(browser.get("/subscriptions"))) == ["My idea"]


def test_unread_marker_appears_for_new_posts_and_clears_when_read(
    browser: Browser, forum: ForumSpace
) -> None:
    topic = forum.topic("teacher", "Weather")
    listing = f"/f/{forum.general.id}"
    browser.login("pupil")
    assert "badge-new" in text(browser.get(listing))  # never opened
    browser.get(f"/t/{topic.id}")
    assert "badge-new" not in text(browser.get(listing))

    forum.reply("teacher", topic, "Bring a raincoat")
    assert "badge-new" in text(browser.get(listing))
    browser.get(f"/t/{topic.id}")
    assert "badge-new" not in text(browser.get(listing))

    # Your own reply is not news to you; it is to others.
    browser.post(f"/t/{topic.id}/reply", {"body": "Thanks"})
    assert "badge-new" not in text(browser.get(listing))
    browser.login("teacher")
    assert "badge-new" in text(browser.get(listing))


def test_a_topic_seen_again_with_nothing_new_writes_nothing(
    app: Flask, browser: Browser, forum: ForumSpace
) -> None:
    topic = forum.topic("teacher", "Weather")
    browser.login("pupil")
    with count_statements(app) as first:
        browser.get(f"/t/{topic.id}")
    with count_statements(app) as again:
        browser.get(f"/t/{topic.id}")
    forum.reply("teacher", topic, "Bring a raincoat")
    with count_statements(app) as after_a_reply:
        browser.get(f"/t/{topic.id}")

    assert writes(first) == ["INSERT INTO forum_read_marker"]
    assert writes(again) == []
    assert writes(after_a_reply) == ["INSERT INTO forum_read_marker"]


def writes(statements: list[str]) -> list[str]:
    verbs = ("INSERT", "UPDATE", "DELETE")
    return [" ".join(s.split()[:3]) for s in statements if s.lstrip().startswith(verbs)]


def test_topics_are_paged_with_the_spaces_setting(
    browser: Browser, forum: ForumSpace
) -> None:
    plugins.update_settings(
        forum.session,
        forum.user("admin"),
        forum.project,
        "forum",
        {"topics_per_page": 5},
    )
    commit(forum.session)
    for n in range(6):
        forum.topic("teacher", f"Topic {n}")
    browser.login("observer")
    first = text(browser.get(f"/f/{forum.general.id}"))
    assert topic_titles(first) == [f"Topic {n}" for n in (5, 4, 3, 2, 1)]
    assert "Page 1 of 2" in first
    second = text(browser.get(f"/f/{forum.general.id}?page=2"))
    assert topic_titles(second) == ["Topic 0"]
    beyond = text(browser.get(f"/f/{forum.general.id}?page=99"))
    assert topic_titles(beyond) == ["Topic 0"]
