"""The blog's answers to the privacy hooks, and pupils never named in public output."""

from __future__ import annotations

from xml.etree import ElementTree as ET

from sqlalchemy import func, select

from etwincms.db import Base, commit
from etwincms.services import privacy
from etwincms_blog import comments, services

from .conftest import BlogSpace, Browser, text

ATOM = "{http://www.w3.org/2005/Atom}"


def people_columns() -> list[object]:
    """Every blog column that points at a user account."""
    return [
        column
        for table in Base.metadata.sorted_tables
        if table.name.startswith("blog_")
        for column in table.columns
        if any(fk.column.table.name == "user_account" for fk in column.foreign_keys)
    ]


def leave_traces_everywhere(blog: BlogSpace) -> None:
    """The teacher fills every people column: a post, a comment, moderation, a trip."""
    session, project, teacher = blog.session, blog.project, blog.user("teacher")
    diary = blog.make_blog()
    services.set_travellers(session, blog.user("admin"), project, diary, [teacher.id])
    post = blog.write("teacher", diary, "Mine", tags=["farm"])
    blog.comment("teacher", post, "My own remark")
    waiting = blog.comment("pupil", post, "Pupil remark")
    comments.moderate(session, teacher, project, waiting, "approved")
    commit(session)


def test_the_export_lists_posts_comments_moderation_and_trips(blog: BlogSpace) -> None:
    leave_traces_everywhere(blog)
    teacher = blog.user("teacher")
    data = privacy.export_personal_data(blog.session, teacher, teacher)["blog"]
    [post] = data["posts"]
    assert (post["title"], post["tags"], post["status"]) == (
        "Mine",
        ["farm"],
        "published",
    )
    assert [c["body"] for c in data["comments"]] == ["My own remark"]
    assert len(data["comments_moderated"]) == 1
    assert len(data["travelled_with_blogs"]) == 1


def test_erase_leaves_no_reference_and_keeps_the_diary(
    blog: BlogSpace, browser: Browser
) -> None:
    leave_traces_everywhere(blog)
    session, teacher = blog.session, blog.user("teacher")
    columns = people_columns()
    assert len(columns) == 4
    for column in columns:  # the traces are really there
        assert session.scalar(select(func.count()).where(column == teacher.id)), column
    privacy.erase_personal_data(session, blog.user("site_admin"), teacher)
    commit(session)
    for column in columns:
        assert session.scalar(select(func.count()).where(column == teacher.id)) == 0, (
            column
        )
    browser.login("pupil")
    page = text(browser.get("/p/1"))
    assert "a former member" in page and "Teacher_User" not in page
    assert "My own remark" not in page and "Pupil remark" in page


def test_public_pages_and_the_feed_never_name_pupils(
    blog: BlogSpace, browser: Browser
) -> None:
    diary = blog.make_blog(visibility="public")
    post = blog.write("pupil", diary, "Olive harvest", tags=["olives"])
    blog.approve(post)
    blog.comment("teacher", post, "Well done")
    blog.make_public()
    browser.login(None)
    for path in ("/", f"/b/{diary.id}", f"/p/{post.id}", f"/b/{diary.id}/feed.atom"):
        page = text(browser.get(path))
        assert "Pupil_User" not in page, path
    assert "pupil, School ES, ES" in text(browser.get(f"/p/{post.id}"))
    feed = ET.fromstring(browser.get(f"/b/{diary.id}/feed.atom").data)  # noqa: S314 (ours)
    [entry] = feed.findall(f"{ATOM}entry")
    assert entry.findtext(f"{ATOM}title") == "Olive harvest"
    assert entry.findtext(f"{ATOM}author/{ATOM}name") == "pupil, School ES, ES"
    assert entry.find(f"{ATOM}category").get("term") == "olives"
    assert "<p>" in entry.findtext(f"{ATOM}content")
    browser.login("observer")  # members see who wrote it; the feed is public output
    assert "Pupil_User" in text(browser.get(f"/p/{post.id}"))
    assert "Pupil_User" not in text(browser.get(f"/b/{diary.id}/feed.atom"))


def test_members_only_blogs_have_no_feed(blog: BlogSpace, browser: Browser) -> None:
    diary = blog.make_blog()
    browser.login("teacher")
    assert browser.get(f"/b/{diary.id}/feed.atom").status_code == 404
