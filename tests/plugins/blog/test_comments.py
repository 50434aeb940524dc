"""Comments through HTTP: pupils' comments wait for a teacher, feedback from members who
did not travel is shown apart, moderators approve and hide."""

from __future__ import annotations

from etwincms.db import commit
from etwincms.services.plugins import update_settings
from etwincms_blog import services
from etwincms_blog.models import Comment

from .conftest import BlogSpace, Browser, text


def test_a_pupils_comment_waits_for_a_teacher(
    browser: Browser, blog: BlogSpace
) -> None:
    diary = blog.make_blog()
    post = blog.write("pupil_lead", diary, "Day 2")
    browser.login("pupil")
    page = text(browser.get(f"/p/{post.id}"))
    assert "A teacher reads comments by pupils" in page
    assert (
        browser.post(f"/p/{post.id}/comment", {"body": "So *jealous*"}).status_code
        == 302
    )
    comment = blog.session.query(Comment).one()
    assert comment.status == "pending"
    assert "waiting for a teacher" in text(
        browser.get(f"/p/{post.id}")
    )  # its author sees it

    browser.login("observer")
    assert "jealous" not in text(browser.get(f"/p/{post.id}"))
    browser.login("teacher")
    queue = text(browser.get("/moderation"))
    assert "<em>jealous</em>" in queue
    assert (
        browser.post(f"/c/{comment.id}/approve", {"next": "queue"}).status_code == 302
    )
    assert "No comment is waiting." in text(browser.get("/moderation"))
    browser.login("observer")
    assert "<em>jealous</em>" in text(browser.get(f"/p/{post.id}"))

    browser.login("teacher")
    assert browser.post(f"/c/{comment.id}/hide").status_code == 302
    browser.login("observer")
    assert "jealous" not in text(browser.get(f"/p/{post.id}"))


def test_teachers_and_observers_comments_show_at_once(blog: BlogSpace) -> None:
    diary = blog.make_blog()
    post = blog.write("pupil", diary, "Day 3")
    assert blog.comment("teacher", post).status == "approved"
    assert blog.comment("observer", post).status == "approved"


def test_the_space_may_let_pupils_comment_freely(blog: BlogSpace) -> None:
    diary = blog.make_blog()
    post = blog.write("pupil", diary, "Day 4")
    update_settings(
        blog.session,
        blog.user("admin"),
        blog.project,
        "blog",
        {"moderate_pupil_comments": False},
    )
    commit(blog.session)
    assert blog.comment("pupil_lead", post).status == "approved"


def test_members_who_stayed_home_give_feedback(
    browser: Browser, blog: BlogSpace
) -> None:
    diary = blog.make_blog()
    services.set_travellers(
        blog.session,
        blog.user("admin"),
        blog.project,
        diary,
        [blog.user("pupil_lead").id],
    )
    commit(blog.session)
    post = blog.write("pupil_lead", diary, "Olive harvest")
    at_home = blog.comment("pupil", post, "Which olives did you pick?")
    own = blog.comment("pupil_lead", post, "Arbequina!")
    teacher = blog.comment("teacher", post, "Well observed")  # feedback is the peers'
    assert (at_home.kind, own.kind, teacher.kind) == ("feedback", "comment", "comment")
    browser.login("teacher")
    browser.post(f"/c/{at_home.id}/approve")
    browser.post(f"/c/{own.id}/approve")
    page = text(browser.get(f"/p/{post.id}"))
    feedback_part, comments_part = page.split('id="comments-heading"')
    assert "Feedback from home" in feedback_part and "Which olives" in feedback_part
    assert "Arbequina" in comments_part


def test_comments_on_drafts_and_empty_comments_are_refused(
    browser: Browser, blog: BlogSpace
) -> None:
    diary = blog.make_blog()
    draft = blog.write("pupil", diary, "Unfinished", status="draft")
    browser.login("pupil")
    assert browser.post(f"/p/{draft.id}/comment", {"body": "Me"}).status_code == 403
    post = blog.write("pupil", diary, "Finished")
    answer = browser.post(f"/p/{post.id}/comment", {"body": "  "})
    assert answer.status_code == 400
    assert "must not be empty" in text(answer)
    assert blog.session.query(Comment).count() == 0
