"""The editor's and tree's JSON helpers over HTTP: preview, title suggestions, moves."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.models import Page, Visibility
from etwincms.services import pages
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token


@pytest.fixture
def pages_of(session: Any, space: SpaceWithMembers) -> dict[str, Page]:
    admin, project = space.users["admin"], space.project
    made: dict[str, Page] = {}
    for title, parent in (
        ("Before", None),
        ("Greenhouse", None),
        ("Evergreen trees", "Before"),
        ("During", None),
    ):
        made[title] = pages.create_page(
            session, admin, project, title=title, parent=made.get(parent)
        )
    pages.set_page_access(
        session, admin, project, made["Greenhouse"], visibility=Visibility.PUBLIC
    )
    project.is_public = True
    commit(session)
    return made


def token(client: FlaskClient, space: SpaceWithMembers) -> str:
    return csrf_token(client.get(f"/s/{space.project.slug}/").get_data(as_text=True))


def post(client: FlaskClient, space: SpaceWithMembers, what: str, **data: Any) -> Any:
    return client.post(
        f"/s/{space.project.slug}/-/{what}",
        data=data,
        headers={"X-CSRFToken": token(client, space), "Accept": "application/json"},
    )


def test_preview_renders_and_sanitizes_like_a_save(client, auth, space, pages_of):
    space.login(auth, "pupil")
    body = "## Plan\n\n[[Greenhouse]] and [[Nowhere]]\n\n<script>alert(1)</script>"
    answer = post(client, space, "preview", body=body, page=pages_of["Before"].id)
    html = answer.get_json()["html"]
    assert answer.status_code == 200
    assert "<h2>Plan</h2>" in html
    assert f"/-/id/{pages_of['Greenhouse'].id}" in html
    assert "wikilink-missing" in html
    assert "<script" not in html


def test_preview_needs_the_right_to_edit(client, auth, space, pages_of):
    space.login(auth, "observer")
    answer = post(client, space, "preview", body="x", page=pages_of["Before"].id)
    assert answer.status_code == 403


def test_preview_without_the_csrf_header_is_refused(client, auth, space, pages_of):
    space.login(auth, "teacher")
    answer = client.post(f"/s/{space.project.slug}/-/preview", data={"body": "x"})
    assert answer.status_code == 400


def test_titles_put_prefix_matches_first(client, auth, space, pages_of):
    space.login(auth, "pupil")
    answer = client.get(f"/s/{space.project.slug}/-/titles?q=gree")
    titles = [page["title"] for page in answer.get_json()["pages"]]
    assert titles == ["Greenhouse", "Evergreen trees"]


def test_visitors_get_only_public_titles(client, space, pages_of):
    answer = client.get(f"/s/{space.project.slug}/-/titles?q=e")
    assert [page["title"] for page in answer.get_json()["pages"]] == ["Greenhouse"]


def test_outsiders_of_a_private_space_get_not_found(client, auth, space, pages_of):
    space.project.is_public = False
    commit()
    space.login(auth, "outsider")
    assert client.get(f"/s/{space.project.slug}/-/titles?q=e").status_code == 404


def test_move_puts_a_page_under_another_at_a_position(
    client: FlaskClient,
    auth: AuthActions,
    space: SpaceWithMembers,
    pages_of: dict[str, Page],
    session: Any,
) -> None:
    space.login(auth, "admin")
    during, before = pages_of["During"], pages_of["Before"]
    answer = post(client, space, "move", page=during.id, parent=before.id, position=0)
    assert answer.status_code == 200
    assert answer.get_json()["path"] == "before/during"
    session.expire_all()
    children = pages.ordered_children(session, space.project, before)
    assert [page.title for page in children] == ["During", "Evergreen trees"]


def test_move_inside_itself_is_refused_with_a_reason(client, auth, space, pages_of):
    space.login(auth, "admin")
    before, child = pages_of["Before"], pages_of["Evergreen trees"]
    answer = post(client, space, "move", page=before.id, parent=child.id)
    assert answer.status_code == 400
    assert "inside itself" in answer.get_json()["error"]


def test_pupils_may_not_move_pages(client, auth, space, pages_of):
    space.login(auth, "pupil")
    answer = post(client, space, "move", page=pages_of["During"].id, position=0)
    assert answer.status_code == 403


def test_the_tree_offers_moving_only_to_those_allowed(client, auth, space, pages_of):
    space.login(auth, "admin")
    assert "data-move-url" in client.get(f"/s/{space.project.slug}/").get_data(
        as_text=True
    )
    auth.logout()
    space.login(auth, "pupil")
    html = client.get(f"/s/{space.project.slug}/").get_data(as_text=True)
    assert 'class="tree"' in html and "data-move-url" not in html


def test_titles_shared_by_two_pages_are_both_suggested(client, auth, space, session):
    for _ in range(2):
        pages.create_page(session, space.users["admin"], space.project, title="Diary")
    commit(session)
    space.login(auth, "pupil")
    answer = client.get(f"/s/{space.project.slug}/-/titles?q=diary")
    assert [page["title"] for page in answer.get_json()["pages"]] == ["Diary", "Diary"]
