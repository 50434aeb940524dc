"""The forum's answers to the privacy hooks: export everything, erase the person."""

from __future__ import annotations

from sqlalchemy import func, select

from etwincms.db import Base, commit
from etwincms.services import privacy
from etwincms_forum import following, services

from .conftest import Browser, ForumSpace


def people_columns() -> list[object]:
    """Every forum column that points at a user account."""
    return [
        column
        for table in Base.metadata.sorted_tables
        if table.name.startswith("forum_")
        for column in table.columns
        if any(fk.column.table.name == "user_account" for fk in column.foreign_keys)
    ]


def leave_traces_everywhere(forum: ForumSpace, role: str) -> None:
    """The person (a teacher, so they can moderate) fills every people column."""
    session, project, person = forum.session, forum.project, forum.user(role)
    topic = forum.topic(role, "Mine")
    post = forum.reply("pupil", topic, "Pupil text")
    services.edit_post(session, person, project, post, body="Moderated text")
    services.set_hidden(session, person, project, post, True)
    following.subscribe(session, person, project, topic)
    commit(session)


def test_the_export_lists_topics_posts_versions_and_follows(forum: ForumSpace) -> None:
    leave_traces_everywhere(forum, "teacher")
    teacher = forum.user("teacher")
    data = privacy.export_personal_data(forum.session, teacher, teacher)["forum"]
    assert [t["title"] for t in data["topics"]] == ["Mine"]
    assert [p["body"] for p in data["posts"]] == ["Hello"]
    assert {r["body"] for r in data["revisions"]} == {"Hello", "Moderated text"}
    assert len(data["posts_hidden"]) == 1
    assert len(data["subscriptions"]) == 1
    assert len(data["read_markers"]) == 1


def test_erase_leaves_no_reference_and_keeps_the_discussion(forum: ForumSpace) -> None:
    leave_traces_everywhere(forum, "teacher")
    session, teacher = forum.session, forum.user("teacher")
    columns = people_columns()
    assert len(columns) == 6
    for column in columns:  # the traces are really there
        assert session.scalar(select(func.count()).where(column == teacher.id)), column
    privacy.erase_personal_data(session, forum.user("site_admin"), teacher)
    commit(session)
    for column in columns:
        assert session.scalar(select(func.count()).where(column == teacher.id)) == 0, (
            column
        )
    pupil = forum.user("pupil")
    assert (
        privacy.export_personal_data(session, pupil, pupil)["forum"]["posts"][0]["body"]
        == "Moderated text"
    )


def test_the_discussion_shows_a_former_member(
    forum: ForumSpace, browser: Browser
) -> None:
    topic = forum.topic("pupil_lead", "Goodbye")
    privacy.erase_personal_data(
        forum.session, forum.user("site_admin"), forum.user("pupil_lead")
    )
    commit(forum.session)
    browser.login("pupil")
    page = browser.get(f"/t/{topic.id}").get_data(as_text=True)
    assert "Pupil_Lead_User" not in page
    assert "Hello" in page
