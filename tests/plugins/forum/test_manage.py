"""Organising the forum's categories through HTTP: add, rename, reorder."""

from __future__ import annotations

import re

from sqlalchemy import select

from etwincms.db import commit
from etwincms.models import Project
from etwincms.services import plugins
from etwincms_forum import services
from etwincms_forum.models import Forum

from .conftest import Browser, ForumSpace, text


def forum_titles(page: str) -> list[str]:
    return re.findall(r'<td><a href="[^"]*/f/\d+">([^<]+)</a>', page)


def test_teachers_add_rename_and_reorder_forums(
    browser: Browser, forum: ForumSpace
) -> None:
    browser.login("teacher")
    assert browser.get("/manage").status_code == 200
    response = browser.post(
        "/manage/new", {"title": "Before the mobility", "description": "Plans"}
    )
    assert response.status_code == 302
    assert forum_titles(text(browser.get("/"))) == ["General", "Before the mobility"]
    new_id = int(re.findall(r"/f/(\d+)", text(browser.get("/")))[-1])

    assert browser.post(f"/manage/{new_id}/up").status_code == 302
    assert forum_titles(text(browser.get("/"))) == ["Before the mobility", "General"]
    browser.post(f"/manage/{new_id}/up")  # already first: stays
    assert forum_titles(text(browser.get("/"))) == ["Before the mobility", "General"]
    browser.post(f"/manage/{new_id}/down")
    assert forum_titles(text(browser.get("/"))) == ["General", "Before the mobility"]

    browser.post(f"/manage/{new_id}/rename", {"title": "Preparing", "description": ""})
    assert forum_titles(text(browser.get("/"))) == ["General", "Preparing"]


def test_an_empty_forum_title_is_explained_and_the_description_kept(
    browser: Browser, forum: ForumSpace
) -> None:
    browser.login("admin")
    response = browser.post("/manage/new", {"title": "", "description": "Kept text"})
    assert response.status_code == 400
    page = text(response)
    assert "The title must not be empty." in page
    assert 'value="Kept text"' in page
    response = browser.post(f"/manage/{forum.general.id}/rename", {"title": " "})
    assert response.status_code == 400
    assert forum_titles(text(browser.get("/"))) == ["General"]


def test_pupils_cannot_manage_forums(browser: Browser, forum: ForumSpace) -> None:
    browser.login("pupil_lead")
    assert browser.get("/manage").status_code == 403
    assert (
        browser.post(
            f"/manage/{forum.general.id}/rename", {"title": "Mine"}
        ).status_code
        == 403
    )
    assert "Manage forums" not in text(browser.get("/"))


def test_ids_from_another_space_are_not_found(
    browser: Browser, forum: ForumSpace
) -> None:
    outsider = forum.user("outsider")
    other = forum.session.scalar(
        select(Project).where(Project.title == "Another space")
    )
    plugins.enable_plugin(forum.session, outsider, other, "forum")
    commit(forum.session)
    other_forum = forum.session.scalar(
        select(Forum).where(Forum.project_id == other.id)
    )
    topic = services.create_topic(
        forum.session, outsider, other, other_forum, title="Theirs", body="Private"
    )
    commit(forum.session)
    browser.login("admin")
    assert browser.get(f"/f/{other_forum.id}").status_code == 404
    assert browser.get(f"/t/{topic.id}").status_code == 404
    assert browser.post(f"/t/{topic.id}/reply", {"body": "Hi"}).status_code == 404
    assert browser.post(f"/p/{topic.id}/hide").status_code == 404
    assert (
        browser.post(f"/manage/{other_forum.id}/rename", {"title": "X"}).status_code
        == 404
    )
    assert browser.get("/t/999").status_code == 404
