"""The wiki's answers to the privacy hooks, and pupils' names in public output."""

from __future__ import annotations

from sqlalchemy import func, select

from etwincms.db import Base, commit
from etwincms.services import privacy
from etwincms_wiki import discussion, moderation

from .conftest import Browser, WikiSpace, text


def people_columns() -> list[object]:
    """Every wiki column that points at a user account."""
    return [
        column
        for table in Base.metadata.sorted_tables
        if table.name.startswith("wiki_")
        for column in table.columns
        if any(fk.column.table.name == "user_account" for fk in column.foreign_keys)
    ]


def leave_traces_everywhere(wiki: WikiSpace, role: str) -> None:
    """The person (a teacher, so they can patrol) fills every people column."""
    session, project, person = wiki.session, wiki.project, wiki.user(role)
    article = wiki.article(role, "Mine", "First")
    pupil_edit = wiki.edit("pupil", article, "Pupil text")
    moderation.mark_reviewed(session, person, project, pupil_edit)
    discussion.add_comment(session, person, project, article, "Looks good")
    commit(session)


def test_the_export_lists_articles_revisions_reviews_and_messages(
    wiki: WikiSpace,
) -> None:
    leave_traces_everywhere(wiki, "teacher")
    teacher = wiki.user("teacher")
    data = privacy.export_personal_data(wiki.session, teacher, teacher)["wiki"]
    assert [a["title"] for a in data["articles"]] == ["Mine"]
    assert [r["body"] for r in data["revisions"]] == ["First"]
    assert [r["number"] for r in data["reviews"]] == [2]
    assert [c["body"] for c in data["comments"]] == ["Looks good"]


def test_erase_leaves_no_reference_and_keeps_the_articles(wiki: WikiSpace) -> None:
    leave_traces_everywhere(wiki, "teacher")
    session, teacher = wiki.session, wiki.user("teacher")
    columns = people_columns()
    assert len(columns) == 4
    for column in columns:  # the traces are really there
        assert session.scalar(select(func.count()).where(column == teacher.id)), column
    privacy.erase_personal_data(session, wiki.user("site_admin"), teacher)
    commit(session)
    for column in columns:
        assert session.scalar(select(func.count()).where(column == teacher.id)) == 0, (
            column
        )
    pupil = wiki.user("pupil")
    assert privacy.export_personal_data(session, pupil, pupil)["wiki"]["revisions"][0][
        "body"
    ] == ("Pupil text")


def test_the_history_shows_a_former_member(wiki: WikiSpace, browser: Browser) -> None:
    article = wiki.article("pupil_lead", "Goodbye", "Text")
    privacy.erase_personal_data(
        wiki.session, wiki.user("site_admin"), wiki.user("pupil_lead")
    )
    commit(wiki.session)
    browser.login("pupil")
    page = text(browser.get(f"/a/{article.id}/history"))
    assert "Pupil_Lead_User" not in page and "a former member" in page


def test_public_articles_never_name_pupils(wiki: WikiSpace, browser: Browser) -> None:
    wiki.project.is_public = True
    article = wiki.article("pupil", "Our garden", "Tomatoes")
    moderation.set_public(
        wiki.session, wiki.user("teacher"), wiki.project, article, True
    )
    commit(wiki.session)
    for visitor in (None, "outsider"):
        browser.login(visitor)
        page = text(browser.get(f"/a/{article.id}"))
        assert "Tomatoes" in page
        assert "Pupil_User" not in page and "pupil, School ES, ES" in page
    browser.login("observer")
    assert "Pupil_User" in text(browser.get(f"/a/{article.id}"))
