"""The groups pages: members see their groups, teachers manage them and the suggestion."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.groups.models import WorkingGroup
from etwincms.groups.suggestion import suggest_groups
from etwincms.testing import AuthActions, RoleClient, SpaceWithMembers

from .conftest import Rivers


@pytest.fixture
def browser(
    client: FlaskClient, auth: AuthActions, classes: SpaceWithMembers
) -> RoleClient:
    return RoleClient(
        client, auth, classes.users, f"/s/{classes.project.slug}/-/groups"
    )


def group_names(session: Session) -> list[str]:
    session.expire_all()
    return sorted(session.scalars(select(WorkingGroup.name)))


def test_members_see_only_their_groups_and_no_forms(
    browser: RoleClient, rivers: Rivers, session: Session
) -> None:
    browser.login("teacher")
    browser.post("/new", {"name": "Castles"})
    browser.login("pupil_es_1")
    html = browser.get("/").get_data(as_text=True)
    assert "Rivers" in html and "Castles" not in html
    assert "Suggest groups" not in html and "Create a group" not in html
    assert f"/s/{rivers.slug}/{rivers.root.path}" in html
    browser.login("pupil_pl_1")  # reads the interface in Polish
    html = browser.get("/").get_data(as_text=True)
    assert "Rivers" not in html
    assert "Nie należysz jeszcze do żadnej grupy roboczej." in html


def test_the_nav_shows_groups_to_members_only(
    browser: RoleClient, session: Session, classes: SpaceWithMembers
) -> None:
    classes.project.is_public = True  # visitors may read it, but not its groups
    commit(session)
    home = f"/s/{classes.project.slug}/"
    browser.login("pupil")
    assert "/-/groups/" in browser.client.get(home).get_data(as_text=True)
    browser.login("outsider")
    assert "/-/groups/" not in browser.client.get(home).get_data(as_text=True)
    assert browser.get("/").status_code == 403
    browser.login(None)
    assert browser.get("/").status_code == 302  # asked to sign in


@pytest.mark.parametrize("role", ["pupil", "pupil_lead", "observer"])
def test_pupils_and_observers_may_not_manage(
    browser: RoleClient, session: Session, rivers: Rivers, role: str
) -> None:
    browser.login(role)
    assert browser.post("/new", {"name": "Castles"}).status_code == 403
    assert browser.post(f"/{rivers.group.id}/delete").status_code == 403
    assert browser.get("/suggest").status_code == 403
    assert group_names(session) == ["Rivers"]


def test_a_teacher_creates_renames_changes_members_and_deletes(
    browser: RoleClient, session: Session, classes: SpaceWithMembers
) -> None:
    users = classes.users
    browser.login("teacher")
    answer = browser.post(
        "/new", {"name": "Castles", "member_ids": [users["pupil"].id]}
    )
    assert answer.status_code == 302
    group = session.scalar(select(WorkingGroup))
    assert group is not None
    browser.post(f"/{group.id}/rename", {"name": "Towers"})
    browser.post(f"/{group.id}/members", {"user_id": users["pupil_pl_1"].id})
    browser.post(f"/{group.id}/members/{users['pupil'].id}/remove")
    session.expire_all()
    assert group.name == "Towers" and group.member_ids == {users["pupil_pl_1"].id}
    html = browser.get("/").get_data(as_text=True)
    assert "Towers" in html and "Pupil_Pl_1" in html
    browser.post(f"/{group.id}/delete")
    assert group_names(session) == []


def test_a_refused_name_is_explained_and_nothing_changes(
    browser: RoleClient, session: Session, rivers: Rivers
) -> None:
    browser.login("teacher")
    answer = browser.post("/new", {"name": "Rivers"}, follow_redirects=True)
    assert "There is already a group called Rivers." in answer.get_data(as_text=True)
    assert group_names(session) == ["Rivers"]


def test_a_teacher_edits_and_saves_the_suggestion(
    browser: RoleClient, session: Session, classes: SpaceWithMembers
) -> None:
    browser.login("teacher")
    page = browser.get("/suggest?size=4")
    html = page.get_data(as_text=True)
    assert page.status_code == 200 and "Group 4" in html and "Pupil_Pl_3" in html
    proposal = suggest_groups(session, classes.project, size=4)
    form = {"count": str(len(proposal))}
    for index, group in enumerate(proposal):
        form[f"name_{index}"] = group.name
        for uid in group.member_ids:
            form[f"member_{uid}"] = str(index)
    moved = classes.users["pupil_es_1"].id
    form[f"member_{moved}"] = "3"  # the teacher moves one pupil to the last group
    form["name_0"] = "Mountains"
    answer = browser.post("/suggest", form, follow_redirects=True)
    assert "The groups were created." in answer.get_data(as_text=True)
    assert group_names(session) == ["Group 2", "Group 3", "Group 4", "Mountains"]
    last = session.scalar(select(WorkingGroup).where(WorkingGroup.name == "Group 4"))
    assert last is not None and moved in last.member_ids


def test_a_bad_size_is_explained(browser: RoleClient) -> None:
    browser.login("teacher")
    answer = browser.get("/suggest?size=1", follow_redirects=True)
    assert "A group needs room for at least two pupils." in answer.get_data(
        as_text=True
    )


def test_a_forged_proposal_is_refused_in_words(
    browser: RoleClient, session: Session, classes: SpaceWithMembers
) -> None:
    browser.login("teacher")
    for form in (
        {"count": "100000"},
        {"count": "1", "name_0": "A", "member_99999999999": "0"},
    ):
        answer = browser.post("/suggest", form, follow_redirects=True)
        assert answer.status_code == 200
        text = answer.get_data(as_text=True)
        assert "At most 200 groups at once." in text or "Expected a number." in text
    assert group_names(session) == []
