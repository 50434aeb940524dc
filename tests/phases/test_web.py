"""The phases pages: who sees what, the forms that change phases, the home page's box."""

from __future__ import annotations

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.phases.models import Mobility, Phase, PhaseTag
from etwincms.services import members
from etwincms.testing import AuthActions, RoleClient, SpaceWithMembers

from .plugin import ItemsPlugin
from .world import World, build_world


@pytest.fixture
def world(
    session: Session, partnered: SpaceWithMembers, items_plugin: ItemsPlugin
) -> World:
    return build_world(session, partnered, items_plugin)


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, world: World) -> RoleClient:
    return RoleClient(client, auth, world.space.users, base=f"/s/{world.slug}/-/phases")


def test_members_see_the_mobility_its_phases_and_its_participants(
    browser: RoleClient, world: World
) -> None:
    browser.login("pupil_lead")
    html = browser.get("/").get_data(as_text=True)
    assert "Visit to Berlin" in html
    assert 'aria-current="true"' in html and "During: Visit to Berlin" in html
    assert world.space.users["pupil"].display_name in html
    assert "Add a mobility" not in html


def test_a_member_sees_every_item_of_the_phase_they_may_read(
    browser: RoleClient, world: World
) -> None:
    browser.login("pupil")
    html = browser.get(f"/{world.during.id}").get_data(as_text=True)
    for title in ("Public diary", "Class diary", "Our results"):
        assert title in html
    assert "Secret diary" not in html  # needs notes.secret, which no role holds
    assert world.space.users["pupil"].display_name in html


def test_the_site_admin_reads_what_needs_a_capability(
    browser: RoleClient, world: World
) -> None:
    browser.login("site_admin")
    assert "Secret diary" in browser.get(f"/{world.during.id}").get_data(as_text=True)


@pytest.mark.parametrize("role", [None, "outsider"])
def test_visitors_see_public_items_and_never_a_pupils_name(
    browser: RoleClient, world: World, role: str | None
) -> None:
    browser.login(role)
    pupil = world.space.users["pupil"]
    overview = browser.get("/").get_data(as_text=True)
    phase = browser.get(f"/{world.during.id}").get_data(as_text=True)
    assert "Visit to Berlin" in overview
    assert "Public diary" in phase and "Our results" in phase
    assert "Class diary" not in phase and "Secret diary" not in phase
    for html in (overview, phase):
        assert pupil.display_name not in html
        assert "Add items" not in html
    assert "pupil, School ES, ES" in phase


def test_a_private_space_has_no_phases_for_strangers(
    session: Session, browser: RoleClient, world: World
) -> None:
    world.space.project.is_public = False
    commit(session)
    for role in (None, "outsider"):
        browser.login(role)
        assert browser.get("/").status_code == 404
        assert browser.get(f"/{world.during.id}").status_code == 404


@pytest.mark.parametrize(
    "path",
    ["/mobilities/new", "/{phase}/items", "/{phase}/edit", "/mobilities/{m}/edit"],
)
def test_pupils_and_observers_cannot_open_the_forms(
    browser: RoleClient, world: World, path: str
) -> None:
    url = path.format(phase=world.during.id, m=world.mobility.id)
    for role in ("pupil", "pupil_lead", "observer", "outsider"):
        browser.login(role)
        assert browser.get(url).status_code == 403, role
    browser.login("teacher")
    assert browser.get(url).status_code == 200


def test_visitors_are_sent_to_sign_in_from_the_forms(
    browser: RoleClient, world: World
) -> None:
    browser.login(None)
    answer = browser.get("/mobilities/new")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]


def test_a_teacher_adds_a_mobility_through_the_form(
    session: Session, browser: RoleClient, world: World
) -> None:
    users = world.space.users
    browser.login("teacher")
    form = browser.get("/mobilities/new").get_data(as_text=True)
    assert "School DE" in form and users["pupil"].display_name in form
    answer = browser.post(
        "/mobilities/new",
        {
            "title": "Visit to Sevilla",
            "host_school_id": str(users["admin"].school_id),
            "starts_on": "2030-03-04",
            "ends_on": "2030-03-15",
            "participant_ids": [str(users["pupil"].id), str(users["teacher"].id)],
        },
    )
    assert answer.status_code == 302
    session.expire_all()
    added = session.scalar(select(Mobility).where(Mobility.title == "Visit to Sevilla"))
    assert added is not None
    assert added.participant_ids == {users["pupil"].id, users["teacher"].id}
    phases = session.scalars(select(Phase).where(Phase.mobility_id == added.id)).all()
    assert len(phases) == 3


def test_a_mistake_in_the_form_is_explained_and_nothing_typed_is_lost(
    browser: RoleClient, world: World
) -> None:
    browser.login("teacher")
    answer = browser.post(
        "/mobilities/new",
        {
            "title": "Visit to Sevilla",
            "host_school_id": str(world.space.users["admin"].school_id),
            "starts_on": "2030-03-15",
            "ends_on": "2030-03-04",
        },
    )
    html = answer.get_data(as_text=True)
    assert answer.status_code == 400
    assert "cannot end before it starts" in html
    assert 'value="Visit to Sevilla"' in html and 'value="2030-03-15"' in html


def test_a_teacher_files_items_under_a_phase_and_takes_them_out(
    session: Session, browser: RoleClient, world: World, items_plugin: ItemsPlugin
) -> None:
    project, pupil = world.space.project, world.space.users["pupil"]
    extra = items_plugin.add(project, pupil, "Weekly reflection")
    browser.login("teacher")
    form = browser.get(f"/{world.during.id}/items").get_data(as_text=True)
    assert "Weekly reflection" in form and "Public diary" not in form
    answer = browser.post(
        f"/{world.during.id}/items", {"item_ids": [extra.id]}, follow_redirects=True
    )
    html = answer.get_data(as_text=True)
    assert "1 item added to the phase." in html and "Weekly reflection" in html
    browser.post(f"/{world.during.id}/items/remove", {"item_ids": [extra.id]})
    session.expire_all()
    tagged = session.scalars(
        select(PhaseTag.item_id).where(PhaseTag.phase_id == world.during.id)
    ).all()
    assert extra.id not in tagged and world.public_note.id in tagged


def test_a_teacher_renames_a_phase(
    session: Session, browser: RoleClient, world: World
) -> None:
    browser.login("admin")
    answer = browser.post(
        f"/{world.during.id}/edit",
        {
            "title": "Fieldwork in Berlin",
            "starts_on": "2030-01-01",
            "ends_on": "2030-01-05",
        },
    )
    assert answer.status_code == 302
    session.expire_all()
    assert session.get(Phase, world.during.id).title == "Fieldwork in Berlin"


def test_the_space_home_shows_the_current_phase(
    client: FlaskClient, world: World
) -> None:
    html = client.get(f"/s/{world.slug}/").get_data(as_text=True)
    assert "Current phase" in html and "During: Visit to Berlin" in html


def test_the_navigation_offers_phases(browser: RoleClient, world: World) -> None:
    browser.login("pupil")
    html = browser.client.get(f"/s/{world.slug}/").get_data(as_text=True)
    assert f'href="/s/{world.slug}/-/phases/"' in html


def test_the_form_keeps_a_participant_who_left_the_space(
    session: Session, browser: RoleClient, world: World
) -> None:
    users, project = world.space.users, world.space.project
    membership = members.find_membership(session, project, users["pupil"])
    members.remove_member(session, users["admin"], membership)
    commit(session)
    browser.login("teacher")
    form = browser.get(f"/mobilities/{world.mobility.id}/edit").get_data(as_text=True)
    pupil = users["pupil"]
    assert f'value="{pupil.id}" id="participant-{pupil.id}" checked' in form
    assert users["pupil_lead"].display_name in form
