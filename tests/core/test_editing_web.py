"""Editing pages in the browser, over HTTP: save, conflict, history, diff, revert, settings."""

from __future__ import annotations

from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.models import EditPolicy, Page
from etwincms.services import pages
from etwincms.testing import AuthActions, SpaceWithMembers, csrf_token


@pytest.fixture
def planning(session: Any, space: SpaceWithMembers) -> Page:
    parent = pages.create_page(
        session, space.users["admin"], space.project, title="Before"
    )
    page = pages.create_page(
        session,
        space.users["admin"],
        space.project,
        title="Planning",
        body="Day 1: arrival\nDay 2: farm\nDay 3: market\n",
        parent=parent,
    )
    commit(session)
    return page


def url(space: SpaceWithMembers, what: str, page: Page | None = None) -> str:
    suffix = f"/{page.path}" if page is not None else ""
    return f"/s/{space.project.slug}/-/{what}{suffix}"


def edit_form(
    client: FlaskClient, space: SpaceWithMembers, page: Page
) -> dict[str, str]:
    html = client.get(url(space, "edit", page)).get_data(as_text=True)
    base = html.split('name="base" value="', 1)[1].split('"', 1)[0]
    return {"csrf_token": csrf_token(html), "base": base, "title": page.title}


def test_a_teacher_edits_and_saves(client, auth, space, planning) -> None:
    space.login(auth, "teacher")
    form = edit_form(client, space, planning)
    response = client.post(
        url(space, "edit", planning),
        data={**form, "body": "## Plan\r\n\r\nDay 1", "summary": "tidy"},
    )
    assert response.status_code == 302
    view = client.get(response.headers["Location"]).get_data(as_text=True)
    assert "<h2>Plan</h2>" in view and "Saved." in view
    history = client.get(url(space, "history", planning)).get_data(as_text=True)
    assert "tidy" in history and "Teacher_User" in history


def test_an_empty_title_keeps_the_text(client, auth, space, planning) -> None:
    space.login(auth, "teacher")
    form = {**edit_form(client, space, planning), "title": " ", "body": "my long text"}
    response = client.post(url(space, "edit", planning), data=form)
    assert response.status_code == 400
    html = response.get_data(as_text=True)
    assert "must not be empty" in html and "my long text" in html


def test_two_editors_the_second_gets_both_texts_merged(
    app: Flask, auth: AuthActions, space: SpaceWithMembers, planning: Page
) -> None:
    first, second = app.test_client(), app.test_client()
    space.login(AuthActions(first), "admin")
    space.login(AuthActions(second), "teacher")
    form_1, form_2 = (
        edit_form(first, space, planning),
        edit_form(second, space, planning),
    )
    first.post(
        url(space, "edit", planning),
        data={
            **form_1,
            "body": "Day 1: arrival in Valencia\nDay 2: farm\nDay 3: market\n",
        },
    )
    clash = second.post(
        url(space, "edit", planning),
        data={
            **form_2,
            "body": "Day 1: arrival\nDay 2: farm\nDay 3: Mercado Central\n",
        },
    )
    assert clash.status_code == 409
    html = clash.get_data(as_text=True)
    assert "have been combined" in html
    assert "Day 1: arrival in Valencia\nDay 2: farm\nDay 3: Mercado Central" in html
    base = html.split('name="base" value="', 1)[1].split('"', 1)[0]
    assert base == "2"  # the revision that landed first: saving from here succeeds
    merged = {
        **form_2,
        "base": base,
        "body": "Day 1: arrival in Valencia\nDay 3: Mercado Central",
    }
    assert second.post(url(space, "edit", planning), data=merged).status_code == 302


def test_a_clash_on_the_same_line_keeps_my_text(app, auth, space, planning) -> None:
    first, second = app.test_client(), app.test_client()
    space.login(AuthActions(first), "admin")
    space.login(AuthActions(second), "teacher")
    form_1, form_2 = (
        edit_form(first, space, planning),
        edit_form(second, space, planning),
    )
    first.post(
        url(space, "edit", planning), data={**form_1, "body": "Day 1: rice fields"}
    )
    clash = second.post(
        url(space, "edit", planning), data={**form_2, "body": "Day 1: orchard"}
    )
    html = clash.get_data(as_text=True)
    assert clash.status_code == 409 and "touched the same lines" in html, html[:400]
    assert ">Day 1: orchard</textarea>" in html
    assert "Day 1: rice fields" in html


def test_pupils_cannot_edit_teacher_only_pages(
    client, auth, space, planning, session
) -> None:
    pages.set_page_access(
        session,
        space.users["admin"],
        space.project,
        planning,
        edit_policy=EditPolicy.TEACHERS,
    )
    commit(session)
    space.login(auth, "pupil")
    assert client.get(url(space, "edit", planning)).status_code == 403
    assert "Edit</a>" not in client.get(
        f"/s/{space.project.slug}/{planning.path}"
    ).get_data(as_text=True)


def test_creating_a_subpage(client, auth, space, planning) -> None:
    space.login(auth, "pupil_lead")
    html = client.get(url(space, "new") + f"?parent={planning.id}").get_data(
        as_text=True
    )
    response = client.post(
        url(space, "new"),
        data={
            "csrf_token": csrf_token(html),
            "parent": planning.id,
            "title": "Packing list",
            "body": "- [ ] boots",
        },
    )
    assert response.headers["Location"].endswith("/before/planning/packing-list")
    space.login(auth, "pupil")
    assert client.get(url(space, "new")).status_code == 403


def test_diff_and_revert(client, auth, space, planning) -> None:
    space.login(auth, "admin")
    form = edit_form(client, space, planning)
    client.post(
        url(space, "edit", planning), data={**form, "body": "Day 1: arrival\nDay 9\n"}
    )
    diff = client.get(url(space, "diff", planning) + "?from=1&to=2").get_data(
        as_text=True
    )
    assert "<del>Day 2: farm</del>" in diff and "<ins>Day 9</ins>" in diff
    token = csrf_token(
        client.get(url(space, "history", planning)).get_data(as_text=True)
    )
    client.post(
        url(space, "revert", planning), data={"csrf_token": token, "number": "1"}
    )
    view = client.get(f"/s/{space.project.slug}/{planning.path}").get_data(as_text=True)
    assert "Day 3: market" in view


def test_settings_publish_and_move(client, auth, space, planning) -> None:
    space.login(auth, "admin")
    token = csrf_token(
        client.get(url(space, "settings", planning)).get_data(as_text=True)
    )
    response = client.post(
        url(space, "settings", planning),
        data={
            "csrf_token": token,
            "visibility": "public",
            "edit_policy": "teachers",
            "parent": "",
        },
    )
    assert response.headers["Location"].endswith(f"/s/{space.project.slug}/planning")
    auth.logout()
    assert (
        client.get(f"/s/{space.project.slug}/planning").status_code == 404
    )  # private space
    space.login(auth, "pupil")
    moved = f"/s/{space.project.slug}/-/settings/planning"  # now at the top level
    assert client.get(moved).status_code == 403


def test_settings_change_the_address_and_the_order(
    client, auth, space, planning, session
) -> None:
    admin, project = space.users["admin"], space.project
    before = session.get(Page, planning.parent_id)
    day = pages.create_page(session, admin, project, title="Day 1", parent=planning)
    other = pages.create_page(
        session, admin, project, title="Notes", parent=before, body="[[Day 1]]"
    )
    commit(session)
    space.login(auth, "admin")
    settings = url(space, "settings", planning)
    token = csrf_token(client.get(settings).get_data(as_text=True))
    form = {"csrf_token": token, "slug": "Plan Über", "parent": planning.parent_id}
    response = client.post(settings, data={**form, "position": "2"})
    assert response.headers["Location"].endswith("/before/plan-uber")
    slug = project.slug
    assert client.get(f"/s/{slug}/before/plan-uber/day-1").status_code == 200
    assert client.get(f"/s/{slug}/before/planning").status_code == 404
    link = client.get(f"/s/{slug}/-/id/{day.id}")
    assert link.headers["Location"].endswith("/before/plan-uber/day-1")
    session.expire_all()
    order = pages.ordered_children(session, project, before)
    assert [page.id for page in order] == [other.id, planning.id]


def test_trash_and_restore_over_http(client, auth, space, planning) -> None:
    space.login(auth, "teacher")
    view = client.get(f"/s/{space.project.slug}/{planning.path}").get_data(as_text=True)
    client.post(url(space, "delete", planning), data={"csrf_token": csrf_token(view)})
    assert client.get(f"/s/{space.project.slug}/{planning.path}").status_code == 404
    trash = client.get(url(space, "trash")).get_data(as_text=True)
    assert "Planning" in trash
    client.post(
        url(space, f"restore/{planning.id}"), data={"csrf_token": csrf_token(trash)}
    )
    assert client.get(f"/s/{space.project.slug}/{planning.path}").status_code == 200


def test_saving_without_the_csrf_token_is_refused(
    client, auth, space, planning
) -> None:
    space.login(auth, "teacher")
    form = {
        k: v for k, v in edit_form(client, space, planning).items() if k != "csrf_token"
    }
    assert (
        client.post(
            url(space, "edit", planning), data={**form, "body": "x"}
        ).status_code
        == 400
    )


def test_a_forged_base_revision_still_shows_both_texts(
    client, auth, space, planning
) -> None:
    space.login(auth, "teacher")
    form = {**edit_form(client, space, planning), "base": "99", "body": "mine"}
    response = client.post(url(space, "edit", planning), data=form)
    assert response.status_code == 409
    assert ">mine</textarea>" in response.get_data(as_text=True)
