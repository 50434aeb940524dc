"""The queue: gathering every plugin's waiting items, school scoping, decisions."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.errors import NotFound, PermissionDenied, ValidationError
from etwincms.models import AuditEntry
from etwincms.moderation import queue
from etwincms.moderation.consent import record_shown
from etwincms.moderation.models import Decision
from etwincms.testing import Factory, SpaceWithMembers

from .helpers import TwoSchools, switch_on, two_schools
from .notes_plugin import NotesPlugin


@pytest.fixture
def notes() -> NotesPlugin:
    return NotesPlugin()


@pytest.fixture
def plugins(notes: NotesPlugin) -> list[Any]:
    return [notes]


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "DEFAULT_PLUGINS": []}  # a new space switches nothing on


@pytest.fixture
def world(session: Session, make: Factory, space: SpaceWithMembers) -> TwoSchools:
    world = two_schools(session, make, space)
    switch_on(session, world.project, "notes")
    return world


def ids(entries: list[queue.QueueEntry]) -> list[str]:
    return [entry.item_id for entry in entries]


def test_the_queue_gathers_the_plugins_waiting_items(
    session: Session, world: TwoSchools, notes: NotesPlugin
) -> None:
    first = notes.add(world.project, world.users["pupil"], "Our trip")
    second = notes.add(world.project, world.users["partner_pupil"], "Unsere Reise")
    notes.notes[1].requested_at = notes.notes[
        0
    ].requested_at  # same instant: stable order

    entries = queue.waiting(session, world.users["admin"], world.project)

    assert ids(entries) == [first.item_id, second.item_id]
    assert entries[0].pending.item.title == "Our trip"


def test_a_disabled_plugin_feeds_nothing(
    session: Session, make: Factory, world: TwoSchools, notes: NotesPlugin
) -> None:
    other = make.space(world.users["admin"], title="Quiet")
    notes.add(other, world.users["pupil"], "Elsewhere")
    assert queue.waiting(session, world.users["admin"], other) == []


def test_a_teacher_sees_only_their_own_schools_pupils(
    session: Session, world: TwoSchools, notes: NotesPlugin
) -> None:
    home = notes.add(world.project, world.users["pupil"], "Home pupil's note")
    partner = notes.add(world.project, world.users["partner_pupil"], "Partner note")

    assert ids(queue.waiting(session, world.users["home_teacher"], world.project)) == [
        home.item_id
    ]
    assert ids(queue.waiting(session, world.users["teacher"], world.project)) == [
        partner.item_id
    ]
    with pytest.raises(NotFound):
        queue.decide(
            session, world.users["teacher"], world.project, home.item_id, approve=True
        )
    assert home.waiting


@pytest.mark.parametrize("role", ["pupil", "pupil_lead", "observer", "outsider"])
def test_pupils_and_others_may_not_moderate(
    session: Session, world: TwoSchools, role: str
) -> None:
    with pytest.raises(PermissionDenied):
        queue.waiting(session, world.users[role], world.project)


def test_approving_publishes_and_writes_the_audit_entry(
    session: Session, world: TwoSchools, notes: NotesPlugin
) -> None:
    note = notes.add(world.project, world.users["pupil"], "Our trip")

    decision = queue.decide(
        session, world.users["home_teacher"], world.project, note.item_id, approve=True
    )

    assert note.public and not note.waiting
    assert decision.approved and decision.author_id == world.users["pupil"].id
    entry = session.scalar(
        select(AuditEntry).where(AuditEntry.action == "moderation.approve")
    )
    assert entry is not None and entry.details["item_id"] == note.item_id
    assert queue.waiting(session, world.users["admin"], world.project) == []


def test_rejecting_keeps_it_members_only_with_the_reason_for_the_pupil(
    session: Session, world: TwoSchools, notes: NotesPlugin
) -> None:
    note = notes.add(world.project, world.users["pupil"], "Our trip")

    queue.decide(
        session,
        world.users["admin"],
        world.project,
        note.item_id,
        approve=False,
        reason="Please remove the last names.",
    )

    assert not note.public and not note.waiting
    [decision] = queue.decisions_about(session, world.project, world.users["pupil"])
    assert (decision.approved, decision.reason) == (
        False,
        "Please remove the last names.",
    )
    assert queue.last_decision(session, world.project, note.item_id) == decision


def test_a_refusal_changes_nothing_and_gives_the_reason(
    session: Session, world: TwoSchools, notes: NotesPlugin
) -> None:
    note = notes.add(world.project, world.users["pupil"], "Group photo")
    record_shown(session, world.project, note.item_id, [world.users["pupil_lead"].id])
    session.commit()

    with pytest.raises(ValidationError, match="without consent for public use"):
        queue.decide(
            session, world.users["admin"], world.project, note.item_id, approve=True
        )

    assert note.waiting and not note.public
    assert session.scalars(select(Decision)).all() == []
    assert ids(queue.waiting(session, world.users["admin"], world.project)) == [
        note.item_id
    ]


def test_an_unknown_item_is_not_found(session: Session, world: TwoSchools) -> None:
    with pytest.raises(NotFound):
        queue.decide(
            session, world.users["admin"], world.project, "notes_note:99", approve=True
        )


def test_the_count_follows_the_teachers_school(
    session: Session, world: TwoSchools, notes: NotesPlugin
) -> None:
    notes.add(world.project, world.users["pupil"], "One")
    notes.add(world.project, world.users["pupil_lead"], "Two")
    notes.add(world.project, world.users["partner_pupil"], "Three")
    assert queue.waiting_count(session, world.users["home_teacher"], world.project) == 2
    assert queue.waiting_count(session, world.users["teacher"], world.project) == 1
    assert queue.waiting_count(session, world.users["site_admin"], world.project) == 3
