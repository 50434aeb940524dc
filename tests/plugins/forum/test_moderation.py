"""Moderation through HTTP: hiding and showing posts, locking and pinning topics."""

from __future__ import annotations

from .conftest import Browser, ForumSpace, post_ids, text, topic_titles


def test_hide_lock_and_pin_flow(browser: Browser, forum: ForumSpace) -> None:
    topic = forum.topic("teacher", "Our first mobility")
    later = forum.topic("teacher", "Packing list")

    # A pupil replies.
    browser.login("pupil")
    assert (
        browser.post(f"/t/{topic.id}/reply", {"body": "Pupil secret"}).status_code
        == 302
    )
    post_id = post_ids(text(browser.get(f"/t/{topic.id}")))[-1]

    # The teacher hides it: pupil and observer no longer see the text.
    browser.login("teacher")
    assert browser.post(f"/p/{post_id}/hide").status_code == 302
    teacher_view = text(browser.get(f"/t/{topic.id}"))
    assert "Pupil secret" in teacher_view
    assert "hidden by a moderator" in teacher_view
    for role in ("pupil", "observer"):
        browser.login(role)
        page = text(browser.get(f"/t/{topic.id}"))
        assert "Pupil secret" not in page
        assert "This post was hidden by a moderator." in page
        assert browser.get(f"/p/{post_id}/history").status_code == 404

    # A pupil cannot hide or unhide.
    browser.login("pupil")
    assert browser.post(f"/p/{post_id}/unhide").status_code == 403

    # The teacher shows it again.
    browser.login("teacher")
    assert browser.post(f"/p/{post_id}/unhide").status_code == 302
    browser.login("pupil")
    assert "Pupil secret" in text(browser.get(f"/t/{topic.id}"))

    # The teacher locks the topic: the pupil's reply is refused, the teacher's is not.
    browser.login("teacher")
    assert browser.post(f"/t/{topic.id}/lock").status_code == 302
    browser.login("pupil")
    page = text(browser.get(f"/t/{topic.id}"))
    assert "This topic is locked" in page
    assert 'id="reply"' not in page
    assert browser.post(f"/t/{topic.id}/reply", {"body": "Too late"}).status_code == 403
    browser.login("teacher")
    assert (
        browser.post(f"/t/{topic.id}/reply", {"body": "Closing note"}).status_code
        == 302
    )

    # Pinning puts the older topic first; a pupil cannot pin.
    forum_page = f"/f/{forum.general.id}"
    assert topic_titles(text(browser.get(forum_page)))[0] == "Our first mobility"
    browser.post(f"/t/{topic.id}/unlock")
    browser.login("pupil")
    browser.post(f"/t/{later.id}/reply", {"body": "Bump"})
    assert topic_titles(text(browser.get(forum_page)))[0] == "Packing list"
    assert browser.post(f"/t/{topic.id}/pin").status_code == 403
    browser.login("teacher")
    assert browser.post(f"/t/{topic.id}/pin").status_code == 302
    assert topic_titles(text(browser.get(forum_page))) == [
        "Our first mobility",
        "Packing list",
    ]
    assert "Pinned" in text(browser.get(forum_page))


def test_hidden_posts_are_not_new_to_those_who_cannot_read_them(
    browser: Browser, forum: ForumSpace
) -> None:
    topic = forum.topic("teacher", "Quiet topic")
    browser.login("pupil")
    browser.get(f"/t/{topic.id}")
    post = forum.reply("pupil_lead", topic, "Something rude")
    browser.login("teacher")
    browser.post(f"/p/{post.id}/hide")
    browser.login("pupil")
    assert "badge-new" not in text(browser.get(f"/f/{forum.general.id}"))


def test_moderators_edit_any_post_members_only_their_own(
    browser: Browser, forum: ForumSpace
) -> None:
    topic = forum.topic("teacher", "Edits")
    post = forum.reply("pupil", topic, "My text")
    browser.login("pupil_lead")
    assert browser.get(f"/p/{post.id}/edit").status_code == 403
    assert browser.post(f"/p/{post.id}/edit", {"body": "Vandal"}).status_code == 403
    browser.login("teacher")
    assert browser.post(f"/p/{post.id}/edit", {"body": "Fixed typo"}).status_code == 302
    browser.login("teacher")
    browser.post(f"/t/{topic.id}/lock")
    browser.login("pupil")
    assert browser.post(f"/p/{post.id}/edit", {"body": "Late"}).status_code == 403
