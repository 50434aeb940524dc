"""Mobilities, phases and tags through the services: dates, validation, the current phase."""

from __future__ import annotations

from datetime import date, timedelta

import pytest
from flask.testing import FlaskClient
from sqlalchemy import delete, select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.errors import PermissionDenied, ValidationError
from etwincms.phases import mobilities, services, tagging
from etwincms.phases.mobilities import MobilityInput
from etwincms.phases.models import Phase, PhaseKind, PhaseTag
from etwincms.services import members
from etwincms.testing import AuthActions, Factory, SpaceWithMembers

from .plugin import ItemsPlugin

MAY_START, MAY_END = date(2027, 5, 10), date(2027, 5, 21)


def visit(space: SpaceWithMembers, **changes: object) -> MobilityInput:
    fields: dict[str, object] = {
        "title": "Visit to Berlin",
        "host_school_id": space.users["teacher"].school_id,
        "starts_on": MAY_START,
        "ends_on": MAY_END,
        "participant_ids": frozenset(
            {space.users["pupil"].id, space.users["teacher"].id}
        ),
    }
    fields.update(changes)
    return MobilityInput(**fields)  # type: ignore[arg-type]


def add_visit(session: Session, space: SpaceWithMembers, **changes: object):
    mobility = mobilities.create_mobility(
        session, space.users["teacher"], space.project, visit(space, **changes)
    )
    commit(session)
    return mobility


def phase_dates(
    session: Session, mobility_id: int
) -> dict[PhaseKind, tuple[date, date]]:
    rows = session.scalars(select(Phase).where(Phase.mobility_id == mobility_id))
    return {phase.kind: (phase.starts_on, phase.ends_on) for phase in rows}


def test_a_mobility_comes_with_its_before_during_and_after_phases(
    session: Session, partnered: SpaceWithMembers
) -> None:
    mobility = add_visit(session, partnered)
    assert phase_dates(session, mobility.id) == {
        PhaseKind.BEFORE: (
            MAY_START - timedelta(weeks=8),
            MAY_START - timedelta(days=1),
        ),
        PhaseKind.DURING: (MAY_START, MAY_END),
        PhaseKind.AFTER: (MAY_END + timedelta(days=1), MAY_END + timedelta(weeks=8)),
    }
    assert mobility.participant_ids == {
        partnered.users["pupil"].id,
        partnered.users["teacher"].id,
    }


def test_the_next_mobility_prepares_from_where_the_previous_phase_ended(
    session: Session, partnered: SpaceWithMembers
) -> None:
    add_visit(session, partnered)
    autumn = add_visit(
        session,
        partnered,
        title="Visit to Sevilla",
        starts_on=date(2027, 10, 4),
        ends_on=date(2027, 10, 15),
    )
    before = phase_dates(session, autumn.id)[PhaseKind.BEFORE]
    assert before == (MAY_END + timedelta(weeks=8, days=1), date(2027, 10, 3))


@pytest.mark.parametrize(
    ("changes", "field", "message"),
    [
        ({"ends_on": MAY_START - timedelta(days=1)}, "ends_on", "cannot end before"),
        ({"starts_on": None}, "starts_on", "starts"),
        ({"host_school_id": None}, "host_school_id", "host school"),
        ({"title": "  "}, "title", "empty"),
    ],
)
def test_invalid_mobilities_are_refused_with_a_clear_reason(
    session: Session,
    partnered: SpaceWithMembers,
    changes: dict[str, object],
    field: str,
    message: str,
) -> None:
    with pytest.raises(ValidationError, match=message) as caught:
        add_visit(session, partnered, **changes)
    assert caught.value.field == field


def test_the_host_school_must_be_a_partner_of_the_space(
    session: Session, make: Factory, partnered: SpaceWithMembers
) -> None:
    stranger = make.school("fr")
    with pytest.raises(ValidationError, match="partner schools") as caught:
        add_visit(session, partnered, host_school_id=stranger.id)
    assert caught.value.field == "host_school_id"


def test_participants_must_be_members_of_the_space(
    session: Session, partnered: SpaceWithMembers
) -> None:
    outsider = partnered.users["outsider"]
    with pytest.raises(ValidationError, match="members of the space"):
        add_visit(session, partnered, participant_ids=frozenset({outsider.id}))


@pytest.mark.parametrize("role", ["pupil", "pupil_lead", "observer"])
def test_only_teachers_manage_mobilities(
    session: Session, partnered: SpaceWithMembers, role: str
) -> None:
    with pytest.raises(PermissionDenied):
        mobilities.create_mobility(
            session, partnered.users[role], partnered.project, visit(partnered)
        )


def test_changing_the_dates_moves_the_phases_nobody_edited(
    session: Session, partnered: SpaceWithMembers
) -> None:
    teacher, project = partnered.users["teacher"], partnered.project
    mobility = add_visit(session, partnered)
    during = session.scalar(
        select(Phase).where(
            Phase.mobility_id == mobility.id, Phase.kind == PhaseKind.DURING
        )
    )
    services.update_phase(
        session,
        teacher,
        project,
        during,
        title="Fieldwork",
        starts_on=MAY_START,
        ends_on=MAY_END - timedelta(days=2),
    )
    later = timedelta(days=7)
    mobilities.update_mobility(
        session,
        teacher,
        project,
        mobility,
        visit(partnered, starts_on=MAY_START + later, ends_on=MAY_END + later),
    )
    commit(session)
    dates = phase_dates(session, mobility.id)
    assert dates[PhaseKind.DURING] == (MAY_START, MAY_END - timedelta(days=2))
    assert dates[PhaseKind.AFTER][0] == MAY_END + later + timedelta(days=1)
    assert dates[PhaseKind.BEFORE][1] == MAY_START + later - timedelta(days=1)


def test_a_phase_cannot_end_before_it_starts(
    session: Session, partnered: SpaceWithMembers
) -> None:
    mobility = add_visit(session, partnered)
    phase = session.scalar(select(Phase).where(Phase.mobility_id == mobility.id))
    with pytest.raises(ValidationError, match="cannot end before"):
        services.update_phase(
            session,
            partnered.users["admin"],
            partnered.project,
            phase,
            title="X",
            starts_on=MAY_END,
            ends_on=MAY_START,
        )


def test_every_space_has_its_dissemination_phase_from_the_start(
    session: Session, partnered: SpaceWithMembers
) -> None:
    project = partnered.project
    made = session.scalars(select(Phase).where(Phase.project_id == project.id)).all()
    assert [phase.kind for phase in made] == [PhaseKind.DISSEMINATION]
    assert services.dissemination_phase(session, project).id == made[0].id
    assert (
        len(session.scalars(select(Phase).where(Phase.project_id == project.id)).all())
        == 1
    )


def test_reading_the_phases_writes_nothing(
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    partnered: SpaceWithMembers,
) -> None:
    """The page and the API only read (the first visit used to make the dissemination
    phase, even in an archived space)."""
    project = partnered.project
    session.execute(delete(Phase).where(Phase.project_id == project.id))
    commit(session)
    partnered.login(auth, "teacher")
    assert client.get(f"/s/{project.slug}/-/phases/").status_code == 200
    assert client.get(f"/api/v1/projects/{project.slug}/phases/").status_code == 200
    session.expire_all()
    assert (
        session.scalars(select(Phase).where(Phase.project_id == project.id)).all() == []
    )


@pytest.mark.parametrize(
    ("today", "kind"),
    [
        (date(2027, 4, 1), PhaseKind.BEFORE),
        (MAY_START, PhaseKind.DURING),
        (MAY_END, PhaseKind.DURING),
        (date(2027, 6, 30), PhaseKind.AFTER),
        (date(2028, 1, 1), PhaseKind.DISSEMINATION),
    ],
)
def test_the_current_phase_on_a_given_day(
    session: Session, partnered: SpaceWithMembers, today: date, kind: PhaseKind
) -> None:
    add_visit(session, partnered)
    services.dissemination_phase(session, partnered.project)
    current = services.current_phase(session, partnered.project, today)
    assert current is not None and current.kind is kind


def test_no_current_phase_before_anything_was_planned(
    session: Session, partnered: SpaceWithMembers
) -> None:
    assert services.current_phase(session, partnered.project, date(2026, 12, 1)) is None


def test_a_dated_dissemination_phase_is_current_within_its_dates(
    session: Session, partnered: SpaceWithMembers
) -> None:
    phase = services.dissemination_phase(session, partnered.project)
    phase.starts_on = date(2027, 1, 1)
    assert services.current_phase(session, partnered.project, date(2026, 12, 1)) is None
    assert services.current_phase(session, partnered.project, date(2027, 1, 2)) == phase


def test_deleting_a_mobility_takes_its_phases_and_tags_but_not_the_items(
    session: Session, partnered: SpaceWithMembers, items_plugin: ItemsPlugin
) -> None:
    project, teacher = partnered.project, partnered.users["teacher"]
    mobility = add_visit(session, partnered)
    note = items_plugin.add(project, teacher, "Packing list")
    phase = session.scalar(select(Phase).where(Phase.mobility_id == mobility.id))
    tagging.tag_items(session, teacher, project, phase, [note.id])
    mobilities.delete_mobility(session, teacher, project, mobility)
    commit(session)
    left = session.scalars(select(Phase).where(Phase.project_id == project.id)).all()
    assert [phase.kind for phase in left] == [PhaseKind.DISSEMINATION]
    assert session.scalars(select(PhaseTag)).all() == []
    assert note.id in tagging.space_contributions(project)


def test_the_database_refuses_a_second_dissemination_phase(
    session: Session, partnered: SpaceWithMembers
) -> None:
    project = partnered.project
    services.dissemination_phase(session, project)
    commit(session)
    session.add(
        Phase(project_id=project.id, kind=PhaseKind.DISSEMINATION, title="Twice")
    )
    with pytest.raises(IntegrityError):
        session.flush()
    session.rollback()


def test_plugins_hear_of_saved_mobilities_after_the_commit(
    session: Session, partnered: SpaceWithMembers, items_plugin: ItemsPlugin
) -> None:
    mobility = mobilities.create_mobility(
        session, partnered.users["teacher"], partnered.project, visit(partnered)
    )
    assert items_plugin.mobilities == []
    commit(session)
    mobilities.update_mobility(
        session,
        partnered.users["admin"],
        partnered.project,
        mobility,
        visit(partnered, title="Visit to Munich"),
    )
    commit(session)
    assert items_plugin.mobilities == [
        ("Visit to Berlin", True),
        ("Visit to Munich", False),
    ]


def test_a_participant_who_left_the_space_stays_on_the_mobility(
    session: Session, partnered: SpaceWithMembers
) -> None:
    users, project = partnered.users, partnered.project
    mobility = add_visit(session, partnered)
    membership = members.find_membership(session, project, users["pupil"])
    members.remove_member(session, users["admin"], membership)
    commit(session)
    mobilities.update_mobility(
        session, users["teacher"], project, mobility, visit(partnered, title="Berlin")
    )
    commit(session)
    assert users["pupil"].id in mobility.participant_ids
    newcomer = visit(partnered, participant_ids=frozenset({users["pupil"].id}))
    with pytest.raises(ValidationError, match="members of the space"):
        mobilities.create_mobility(session, users["teacher"], project, newcomer)
