"""A group's pages: readable by its members and the space's teachers, by no one else.

The rule is the groups facility's ``narrow_permission`` answer; the first tests ask the
application's hook itself, the others go end to end: ``can()``, the page, the API and
search.
"""

from __future__ import annotations

import io
from collections.abc import Callable

import pytest
from flask import current_app
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.extraction.jobs import extract_pending
from etwincms.groups import services
from etwincms.models import Page, User
from etwincms.permissions import can
from etwincms.phases import services as phase_services
from etwincms.phases import tagging
from etwincms.plugins import project_hooks
from etwincms.services import materials, pages
from etwincms.services.search import SearchQuery, search
from etwincms.state import get_state
from etwincms.testing import AuthActions

from .conftest import SECRET_WORD, ApiCaller, Rivers

INSIDERS = ("pupil_es_1", "pupil_de_1", "teacher", "admin", "teacher_pl", "site_admin")
OTHERS = ("pupil_es_2", "pupil_pl_1", "pupil", "pupil_lead", "observer")


def hook_answer(
    rivers: Rivers, name: str | None, capability: str, page: Page
) -> object:
    """``False`` if a plugin refuses (the only answer that counts), else ``None``."""
    user = rivers.space.users[name] if name else None
    answers = project_hooks(rivers.space.project).narrow_permission(
        user=user, capability=capability, project=rivers.space.project, obj=page
    )
    return False if False in answers else None


@pytest.mark.parametrize("name", INSIDERS)
def test_the_hook_leaves_members_and_teachers_to_the_usual_rules(
    rivers: Rivers, name: str
) -> None:
    for page in (rivers.root, rivers.notes):
        for capability in ("page.view", "page.edit", "page.history"):
            assert hook_answer(rivers, name, capability, page) is None


@pytest.mark.parametrize("name", [*OTHERS, "outsider", None])
def test_the_hook_refuses_everyone_else_the_group_pages(
    rivers: Rivers, name: str | None
) -> None:
    for page in (rivers.root, rivers.notes):
        for capability in ("page.view", "page.edit", "page.history", "page.create"):
            assert hook_answer(rivers, name, capability, page) is False


def test_the_hook_says_nothing_about_other_pages_and_capabilities(
    session: Session, rivers: Rivers
) -> None:
    container = session.get(Page, rivers.root.parent_id)
    assert container is not None
    assert hook_answer(rivers, "pupil", "page.view", container) is None
    assert hook_answer(rivers, "pupil", "material.view", rivers.root) is None


@pytest.mark.parametrize("name", OTHERS)
def test_can_refuses_other_members_the_group_pages(rivers: Rivers, name: str) -> None:
    user: User = rivers.space.users[name]
    assert not can(user, "page.view", rivers.space.project, rivers.notes)


@pytest.mark.parametrize("name", ["pupil_es_1", "teacher", "admin"])
def test_members_and_teachers_read_the_group_pages(
    client: FlaskClient, auth: AuthActions, rivers: Rivers, name: str
) -> None:
    auth.login(rivers.space.users[name].username)
    answer = client.get(f"/s/{rivers.slug}/{rivers.notes.path}")
    assert answer.status_code == 200
    assert SECRET_WORD in answer.get_data(as_text=True)


@pytest.mark.parametrize("name", ["pupil_es_2", "pupil_pl_1"])
def test_other_pupils_get_not_found_on_the_web(
    client: FlaskClient, auth: AuthActions, rivers: Rivers, name: str
) -> None:
    auth.login(rivers.space.users[name].username)
    for page in (rivers.root, rivers.notes):
        assert client.get(f"/s/{rivers.slug}/{page.path}").status_code in {403, 404}


def test_other_pupils_get_not_found_over_the_api(
    api: Callable[..., ApiCaller], rivers: Rivers
) -> None:
    path = f"/projects/{rivers.slug}/pages/{rivers.notes.id}"
    assert api("pupil_de_1").get(path).status_code == 200
    assert api("pupil_pl_1").get(path).status_code in {403, 404}


def found_titles(session: Session, user: User, text: str = SECRET_WORD) -> set[str]:
    results = search(session, user, SearchQuery(text=text))
    return {hit.title for hit in results.hits}


def test_group_members_and_teachers_find_the_group_pages(
    session: Session, rivers: Rivers
) -> None:
    for name in ("pupil_de_1", "teacher"):
        assert "Our notes" in found_titles(session, rivers.space.users[name])


def test_search_does_not_show_other_pupils_the_group_pages(
    session: Session, rivers: Rivers
) -> None:
    assert found_titles(session, rivers.space.users["pupil_pl_1"]) == set()


def test_other_pupils_search_totals_and_facets_leave_the_group_out(
    session: Session, rivers: Rivers
) -> None:
    """Filtered inside the query (by the group's audience), not after it: no holes."""
    group_file(session, rivers)
    extract_pending(session, get_state().storage, current_app.config, commit=commit)
    outsider = search(
        session, rivers.space.users["pupil_pl_1"], SearchQuery(SECRET_WORD)
    )
    assert (outsider.total, outsider.hits) == (0, [])
    assert sum(outsider.facets["type"].values()) == 0
    insider = search(
        session, rivers.space.users["pupil_de_1"], SearchQuery(SECRET_WORD)
    )
    assert insider.total == len(insider.hits) == 2
    assert insider.facets["type"] == {"page": 1, "material": 1}


def test_a_page_moved_into_or_out_of_the_group_is_found_accordingly(
    session: Session, rivers: Rivers
) -> None:
    """A move changes who may find the page, its subpages and their files."""
    teacher, project = rivers.space.users["teacher"], rivers.space.project
    pupil = rivers.space.users["pupil_pl_1"]
    pages.move_page(session, teacher, project, rivers.notes, parent=None)
    commit(session)
    assert found_titles(session, pupil) == {"Our notes"}
    inside = pages.create_page(
        session,
        teacher,
        project,
        title="Heron log",
        body=f"{SECRET_WORD} herons",
        parent=rivers.notes,
    )
    commit(session)
    assert found_titles(session, pupil) == {"Our notes", "Heron log"}
    pages.move_page(session, teacher, project, rivers.notes, parent=rivers.root)
    commit(session)
    assert found_titles(session, pupil) == set()
    assert search(session, pupil, SearchQuery(SECRET_WORD)).total == 0
    assert session.get(Page, inside.id) is not None
    member = rivers.space.users["pupil_es_1"]
    assert found_titles(session, member) == {"Our notes", "Heron log"}


def page_status(
    client: FlaskClient, auth: AuthActions, rivers: Rivers, name: str
) -> int:
    auth.login(rivers.space.users[name].username)
    status = client.get(f"/s/{rivers.slug}/{rivers.notes.path}").status_code
    auth.logout()
    return status


def test_joining_and_leaving_a_group_take_effect_at_the_next_request(
    client: FlaskClient, auth: AuthActions, session: Session, rivers: Rivers
) -> None:
    """The rule is kept between requests; a change of the group must reach it."""
    teacher, pupil = rivers.space.users["teacher"], rivers.space.users["pupil_pl_1"]
    project = rivers.space.project
    assert page_status(client, auth, rivers, "pupil_pl_1") == 404
    services.add_member(session, teacher, project, rivers.group, pupil.id)
    commit(session)
    assert page_status(client, auth, rivers, "pupil_pl_1") == 200
    services.remove_member(session, teacher, project, rivers.group, pupil.id)
    commit(session)
    assert page_status(client, auth, rivers, "pupil_pl_1") == 404


SECRET_FILE = "rivers-field-notes.txt"


def group_file(session: Session, rivers: Rivers) -> int:
    """A text file attached to the group's notes page by a member of the group."""
    material = materials.attach_material(
        session,
        rivers.space.users["pupil_es_1"],
        rivers.space.project,
        io.BytesIO(f"Notes about the {SECRET_WORD} at the weir.".encode()),
        filename=SECRET_FILE,
        page=rivers.notes,
    )
    commit(session)
    return material.id


def library_answers(
    client: FlaskClient, auth: AuthActions, rivers: Rivers, name: str, pk: int
) -> tuple[bool, int, int]:
    """(listed in the library, detail status, file status) for the member ``name``."""
    auth.login(rivers.space.users[name].username)
    base = f"/s/{rivers.slug}/-/materials"
    listed = SECRET_FILE in client.get(base).get_data(as_text=True)
    detail = client.get(f"{base}/{pk}").status_code
    with client.get(f"{base}/{pk}/{SECRET_FILE}") as fetched:
        answers = (listed, detail, fetched.status_code)
    auth.logout()
    return answers


def test_a_group_page_s_files_are_the_group_s_own(
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    rivers: Rivers,
    api: Callable[..., ApiCaller],
) -> None:
    pk = group_file(session, rivers)
    assert library_answers(client, auth, rivers, "pupil_de_1", pk) == (True, 200, 200)
    assert library_answers(client, auth, rivers, "teacher", pk) == (True, 200, 200)
    assert library_answers(client, auth, rivers, "pupil_pl_1", pk) == (False, 404, 404)
    listing = f"/projects/{rivers.slug}/materials"
    outsider_sees = api("pupil_pl_1").get(listing).get_json()["items"]
    assert SECRET_FILE not in {item["name"] for item in outsider_sees}
    member_sees = api("pupil_de_1").get(listing).get_json()["items"]
    assert SECRET_FILE in {item["name"] for item in member_sees}
    assert api("pupil_pl_1").get(f"{listing}/{pk}").status_code == 404


def test_search_does_not_show_other_pupils_the_group_s_files(
    session: Session, rivers: Rivers
) -> None:
    group_file(session, rivers)
    extract_pending(session, get_state().storage, current_app.config, commit=commit)
    pupil, member = rivers.space.users["pupil_pl_1"], rivers.space.users["pupil_de_1"]
    assert SECRET_FILE in found_titles(session, member, "weir")
    assert SECRET_FILE not in found_titles(session, pupil, "weir")


def test_a_phase_view_shows_the_group_s_page_only_to_those_who_may_read_it(
    client: FlaskClient, auth: AuthActions, session: Session, rivers: Rivers
) -> None:
    teacher, project = rivers.space.users["teacher"], rivers.space.project
    dissemination = phase_services.dissemination_phase(session, project)
    tagging.tag_items(
        session, teacher, project, dissemination, [f"page:{rivers.notes.id}"]
    )
    commit(session)
    address = f"/s/{rivers.slug}/-/phases/{dissemination.id}"
    for name, shown in (("pupil_de_1", True), ("teacher", True), ("pupil_pl_1", False)):
        auth.login(rivers.space.users[name].username)
        assert ("Our notes" in client.get(address).get_data(as_text=True)) is shown, (
            name
        )
        auth.logout()
