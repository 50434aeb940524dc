"""Writing and reading through HTTP: drafts, publishing, scheduling, tags, archives,
photos from the materials library, editing and deleting."""

from __future__ import annotations

import io
from datetime import timedelta

from PIL import Image

from etwincms.db import utcnow
from etwincms_blog.models import Post

from .conftest import BlogSpace, Browser, text


def test_a_pupil_writes_a_draft_then_publishes_it(
    browser: Browser, blog: BlogSpace
) -> None:
    diary = blog.make_blog()
    browser.login("pupil")
    assert "Write a post" in text(browser.get(f"/b/{diary.id}"))
    form = {
        "title": "Day 1",
        "body": "We *arrived*.",
        "tags": "Arrival, Valencia",
        "phase": "during",
    }
    answer = browser.post(f"/b/{diary.id}/write", {**form, "action": "draft"})
    assert answer.status_code == 302
    post = blog.session.query(Post).one()
    assert (post.status, post.publish_at, post.tag_names) == (
        "draft",
        None,
        ["arrival", "valencia"],
    )

    browser.login("observer")  # drafts are their author's (and moderators')
    assert browser.get(f"/p/{post.id}").status_code == 404
    assert "Day 1" not in text(browser.get(f"/b/{diary.id}"))
    browser.login("teacher")
    assert "Day 1" in text(browser.get(f"/b/{diary.id}"))  # under "Not published yet"

    browser.login("pupil")
    assert (
        browser.post(f"/p/{post.id}/edit", {**form, "action": "publish"}).status_code
        == 302
    )
    browser.login("observer")
    page = text(browser.get(f"/p/{post.id}"))
    assert "<em>arrived</em>" in page
    assert "Pupil_User" in page  # members see names
    assert "During the mobility" in page


def test_invalid_posts_come_back_with_what_was_typed(
    browser: Browser, blog: BlogSpace
) -> None:
    diary = blog.make_blog()
    browser.login("pupil")
    answer = browser.post(
        f"/b/{diary.id}/write", {"title": " ", "body": "Kept text", "action": "publish"}
    )
    assert answer.status_code == 400
    assert "Kept text" in text(answer)
    assert 'aria-invalid="true"' in text(answer)
    answer = browser.post(
        f"/b/{diary.id}/write",
        {
            "title": "Later",
            "body": "x",
            "action": "schedule",
            "publish_at": "2001-01-01T10:00",
        },
    )
    assert answer.status_code == 400
    assert "time to come" in text(answer)
    assert blog.session.query(Post).count() == 0


def test_scheduled_posts_appear_when_their_time_comes(
    browser: Browser, blog: BlogSpace
) -> None:
    diary = blog.make_blog()
    later = (utcnow() + timedelta(days=2)).strftime("%Y-%m-%dT%H:%M")
    browser.login("teacher")
    browser.post(
        f"/b/{diary.id}/write",
        {
            "title": "Farewell",
            "body": "See you",
            "action": "schedule",
            "publish_at": later,
        },
    )
    post = blog.session.query(Post).one()
    assert post.status == "scheduled"
    browser.login("pupil")
    assert browser.get(f"/p/{post.id}").status_code == 404
    post.publish_at = utcnow() - timedelta(minutes=1)  # time passes
    blog.session.commit()
    assert "Farewell" in text(browser.get(f"/b/{diary.id}"))
    blog.session.refresh(post)
    assert post.status == "published"


def test_archive_by_month_tag_and_phase(browser: Browser, blog: BlogSpace) -> None:
    diary = blog.make_blog()
    old = blog.write("pupil", diary, "In March", tags=["soil"], phase="before")
    old.publish_at = old.publish_at.replace(year=2026, month=3, day=10)
    blog.write("pupil", diary, "Now", tags=["water"], phase="during")
    blog.session.commit()
    browser.login("pupil")
    page = text(browser.get(f"/b/{diary.id}"))
    assert "March 2026" in page and "#soil" in page and "#water" in page
    march = text(browser.get(f"/b/{diary.id}?month=2026-03"))
    assert "In March" in march and ">Now<" not in march
    tagged = text(browser.get(f"/b/{diary.id}?tag=water"))
    assert ">Now<" in tagged and "In March" not in tagged
    before = text(browser.get(f"/b/{diary.id}?phase=before"))
    assert "In March" in before and ">Now<" not in before
    assert browser.get(f"/b/{diary.id}?month=2026-13").status_code == 404
    assert browser.get(f"/b/{diary.id}?month=9999-12").status_code == 404
    assert browser.get(f"/b/{diary.id}?phase=sideways").status_code == 404


def test_a_photo_goes_through_the_materials_library(
    browser: Browser, blog: BlogSpace
) -> None:
    diary = blog.make_blog()
    image = io.BytesIO()
    Image.new("RGB", (8, 8), "green").save(image, "JPEG")
    image.seek(0)
    browser.login("pupil")
    answer = browser.post(
        f"/b/{diary.id}/write",
        {
            "title": "Mill",
            "body": "Look:",
            "action": "publish",
            "image": (image, "mill.jpg"),
        },
        content_type="multipart/form-data",
    )
    assert answer.status_code == 302
    post = blog.session.query(Post).one()
    assert "![mill.jpg](" in post.body
    assert "<img" in post.body_html
    browser.login("teacher")
    editor = text(browser.get(f"/b/{diary.id}/write"))
    assert "Pictures in the materials library" in editor and "mill.jpg" in editor


def test_authors_edit_their_own_posts_moderators_any(
    browser: Browser, blog: BlogSpace
) -> None:
    diary = blog.make_blog()
    post = blog.write("pupil", diary, "Mine")
    form = {"title": "Changed", "body": "x", "action": "publish"}
    browser.login("pupil_lead")
    assert browser.get(f"/p/{post.id}/edit").status_code == 403
    assert browser.post(f"/p/{post.id}/edit", form).status_code == 403
    assert browser.post(f"/p/{post.id}/delete").status_code == 403
    browser.login("teacher")
    assert (
        browser.post(f"/p/{post.id}/edit", {**form, "action": "draft"}).status_code
        == 302
    )
    blog.session.refresh(post)
    assert (post.title, post.status) == ("Changed", "draft")  # unpublished by a teacher
    assert browser.post(f"/p/{post.id}/delete").status_code == 302
    assert blog.session.query(Post).count() == 0


def test_a_blog_for_teachers_only(browser: Browser, blog: BlogSpace) -> None:
    bulletin = blog.make_blog("Teachers' bulletin", writer_roles=["admin", "teacher"])
    browser.login("pupil")
    page = text(browser.get(f"/b/{bulletin.id}"))
    assert "Write a post" not in page
    assert browser.get(f"/b/{bulletin.id}/write").status_code == 403
    browser.login("teacher")
    assert browser.get(f"/b/{bulletin.id}/write").status_code == 200
