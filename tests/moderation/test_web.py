"""The moderation pages in the browser's shoes: queue, decisions, consent, who is shown."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Page, Visibility
from etwincms.moderation.consent import consent_level, record_shown, shown_pupil_ids
from etwincms.moderation.consent_admin import set_consent
from etwincms.moderation.models import ConsentLevel
from etwincms.services import pages
from etwincms.testing import (
    AuthActions,
    Factory,
    RoleClient,
    SpaceWithMembers,
    count_statements,
)

from .helpers import TwoSchools, switch_on, two_schools
from .notes_plugin import NotesPlugin


@pytest.fixture
def notes() -> NotesPlugin:
    return NotesPlugin()


@pytest.fixture
def plugins(notes: NotesPlugin) -> list[Any]:
    return [notes]


@pytest.fixture
def world(session: Session, make: Factory, space: SpaceWithMembers) -> TwoSchools:
    world = two_schools(session, make, space)
    switch_on(session, world.project, "notes")
    return world


@pytest.fixture
def browser(client: FlaskClient, auth: AuthActions, world: TwoSchools) -> RoleClient:
    return RoleClient(
        client, auth, world.users, base=f"/s/{world.project.slug}/-/moderation"
    )


def text(response: Any) -> str:
    return response.get_data(as_text=True)


def test_the_queue_page_lists_and_counts_the_waiting_items(
    browser: RoleClient, world: TwoSchools, notes: NotesPlugin
) -> None:
    notes.add(world.project, world.users["pupil"], "Our trip to Porto")
    browser.login("home_teacher")

    page = text(browser.get("/"))

    assert "Our trip to Porto" in page
    assert f"{world.users['pupil'].display_name} (School ES)" in page
    assert "Moderation (1)" in page
    assert "Approve and publish" in page


def test_approving_and_rejecting_through_the_form(
    browser: RoleClient, world: TwoSchools, notes: NotesPlugin
) -> None:
    first = notes.add(world.project, world.users["pupil"], "First")
    second = notes.add(world.project, world.users["pupil"], "Second")
    browser.login("home_teacher")

    approved = browser.post("/decide", {"item": first.item_id, "action": "approve"})
    rejected = browser.post(
        "/decide",
        {"item": second.item_id, "action": "reject", "reason": "Too personal"},
    )

    assert approved.status_code == rejected.status_code == 302
    assert first.public and not second.public and not second.waiting
    browser.login("pupil")
    mine = browser.get("/", follow_redirects=True)
    assert "Too personal" in text(mine)


def test_a_refusal_is_explained_to_the_teacher(
    session: Session, browser: RoleClient, world: TwoSchools, notes: NotesPlugin
) -> None:
    note = notes.add(world.project, world.users["pupil"], "Class photo")
    record_shown(session, world.project, note.item_id, [world.users["pupil"].id])
    commit(session)
    browser.login("admin")

    answer = browser.post(
        "/decide", {"item": note.item_id, "action": "approve"}, follow_redirects=True
    )

    assert "Nothing changed: Notes note 1 shows a pupil of School ES" in text(answer)
    assert note.waiting


@pytest.mark.parametrize("role", ["pupil", "pupil_lead", "observer"])
def test_no_queue_for_those_who_may_not_moderate(
    browser: RoleClient, world: TwoSchools, notes: NotesPlugin, role: str
) -> None:
    note = notes.add(world.project, world.users["pupil"], "Mine")
    browser.login(role)
    assert browser.get("/").status_code == 302
    assert (
        browser.post("/decide", {"item": note.item_id, "action": "approve"}).status_code
        == 403
    )
    assert note.waiting


def test_a_teacher_records_consent_for_their_own_schools_pupils(
    session: Session, browser: RoleClient, world: TwoSchools
) -> None:
    pupil, partner_pupil = world.users["pupil"], world.users["partner_pupil"]
    browser.login("home_teacher")

    listing = text(browser.get("/consent"))
    browser.post(
        "/consent", {"pupil": pupil.id, "level": "public", "note": "Form of 3 May"}
    )
    refused = browser.post(
        "/consent",
        {"pupil": partner_pupil.id, "level": "public"},
        follow_redirects=True,
    )

    assert pupil.display_name in listing and partner_pupil.display_name not in listing
    assert "Only a teacher of the pupil&#39;s school records consent." in text(refused)
    session.expire_all()
    assert consent_level(session, pupil) is ConsentLevel.PUBLIC
    assert consent_level(session, partner_pupil) is ConsentLevel.NONE
    browser.post(
        "/consent", {"pupil": pupil.id, "level": "members", "note": "Withdrawn"}
    )
    history = text(browser.get("/consent"))
    assert (
        "History" in history and "Form of 3 May" in history and "Withdrawn" in history
    )


def test_the_shown_form_records_who_an_item_shows(
    session: Session, browser: RoleClient, world: TwoSchools
) -> None:
    lead = world.users["pupil_lead"]
    browser.login("teacher")

    form = text(browser.get("/shown?item=notes_note:4"))
    browser.post("/shown", {"item": "notes_note:4", "pupil": [str(lead.id)]})

    assert lead.display_name in form
    assert shown_pupil_ids(session, world.project, "notes_note:4") == {lead.id}
    browser.login("pupil")
    assert browser.get("/shown?item=notes_note:4").status_code == 403


def a_page(session: Session, world: TwoSchools) -> Page:
    page = pages.create_page(
        session, world.users["admin"], world.project, title="Diary"
    )
    commit(session)
    return page


def test_a_pupil_asks_for_a_page_to_become_public(
    session: Session, browser: RoleClient, world: TwoSchools
) -> None:
    page = a_page(session, world)
    view = f"/s/{world.project.slug}/{page.path}"
    browser.login("pupil")
    assert "Ask a teacher to make it public" in text(browser.client.get(view))

    browser.post(f"/request/{page.id}")

    assert "waits for a teacher" in text(browser.client.get(view))
    browser.login("admin")
    assert "Ask a teacher" not in text(browser.client.get(view))
    assert "Diary" in text(browser.get("/"))


def test_visitors_are_asked_to_sign_in(
    session: Session, browser: RoleClient, world: TwoSchools
) -> None:
    world.project.is_public = True
    commit(session)
    browser.login(None)
    for path in ("/", "/consent", "/shown?item=page:1", "/mine"):
        answer = browser.get(path)
        assert answer.status_code == 302 and "/login" in answer.location


@pytest.mark.parametrize("role", ["pupil", "observer"])
def test_pupils_and_observers_may_not_record_consent(
    session: Session, browser: RoleClient, world: TwoSchools, role: str
) -> None:
    browser.login(role)
    assert browser.get("/consent").status_code == 403
    answer = browser.post(
        "/consent", {"pupil": world.users["pupil"].id, "level": "public"}
    )
    assert answer.status_code == 403
    assert consent_level(session, world.users["pupil"]) is ConsentLevel.NONE


def test_the_pupil_sees_the_reason_on_the_page_in_one_statement(
    app: Any, session: Session, browser: RoleClient, world: TwoSchools
) -> None:
    page = a_page(session, world)
    view = f"/s/{world.project.slug}/{page.path}"
    browser.login("pupil")
    browser.post(f"/request/{page.id}")
    browser.login("home_teacher")
    browser.post(
        "/decide", {"item": f"page:{page.id}", "action": "reject", "reason": "Typos"}
    )
    browser.login("pupil")

    with count_statements(app) as statements:
        html = text(browser.client.get(view))

    assert "A teacher kept it for members: Typos" in html
    assert "Ask a teacher to make it public" in html  # they may ask again
    assert len([s for s in statements if "moderation_" in s]) == 1


def test_the_space_settings_link_to_the_consent_page(
    browser: RoleClient, world: TwoSchools
) -> None:
    browser.login("admin")
    tools = text(browser.client.get(f"/s/{world.project.slug}/-/plugins"))
    assert f"/s/{world.project.slug}/-/moderation/consent" in tools


def test_a_consent_form_without_a_level_is_explained(
    session: Session, browser: RoleClient, world: TwoSchools
) -> None:
    browser.login("home_teacher")
    answer = browser.post(
        "/consent",
        {"pupil": world.users["pupil"].id, "level": "maybe"},
        follow_redirects=True,
    )
    assert "Not recorded: Choose a pupil and a consent level." in text(answer)
    assert consent_level(session, world.users["pupil"]) is ConsentLevel.NONE


def test_a_withdrawn_consent_lists_the_public_pages_that_show_the_pupil(
    session: Session, browser: RoleClient, world: TwoSchools
) -> None:
    pupil = world.users["pupil"]
    page = a_page(session, world)
    world.project.is_public = True  # visitors can read its public pages
    set_consent(
        session, world.users["admin"], world.project, pupil, ConsentLevel.PUBLIC
    )
    record_shown(session, world.project, f"page:{page.id}", [pupil.id])
    pages.set_page_access(
        session, world.users["admin"], world.project, page, visibility=Visibility.PUBLIC
    )
    commit(session)
    browser.login("home_teacher")
    assert "should not be public any more" not in text(browser.get("/consent"))

    browser.post(
        "/consent", {"pupil": pupil.id, "level": "members", "note": "Withdrawn"}
    )
    listing = text(browser.get("/consent"))

    assert "should not be public any more" in listing
    assert (
        "Page “Diary” shows a pupil of School ES without consent for public use"
        in listing
    )
