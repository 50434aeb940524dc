"""The phases' answers to the privacy hooks: export what names a person, then erase it."""

from __future__ import annotations

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import Base, commit
from etwincms.phases.models import Mobility, MobilityParticipant, PhaseTag
from etwincms.services import privacy
from etwincms.testing import SpaceWithMembers

from .plugin import ItemsPlugin
from .world import World, build_world

OWNER = "etwincms.phases.hooks"


@pytest.fixture
def world(
    session: Session, partnered: SpaceWithMembers, items_plugin: ItemsPlugin
) -> World:
    return build_world(session, partnered, items_plugin)


def people_columns() -> list[str]:
    """Every phases column that points at a user account."""
    return sorted(
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        if table.name.startswith("phase_")
        for column in table.columns
        if any(fk.column.table.name == "user_account" for fk in column.foreign_keys)
    )


def test_every_people_column_is_covered() -> None:
    assert people_columns() == [
        "phase_mobility.created_by_id",
        "phase_mobility_participant.user_id",
        "phase_tag.tagged_by_id",
    ]


def test_the_export_lists_mobilities_and_tags(session: Session, world: World) -> None:
    users = world.space.users
    teacher = privacy.export_personal_data(session, users["teacher"], users["teacher"])
    assert [m["title"] for m in teacher[OWNER]["mobilities_created"]] == [
        "Visit to Berlin"
    ]
    assert len(teacher[OWNER]["phase_tags"]) == 4
    pupil = privacy.export_personal_data(session, users["site_admin"], users["pupil"])
    assert [m["title"] for m in pupil[OWNER]["mobilities_joined"]] == [
        "Visit to Berlin"
    ]
    assert pupil[OWNER]["phase_tags"] == []


def test_erasing_takes_the_person_off_mobilities_and_keeps_the_record(
    session: Session, world: World
) -> None:
    users = world.space.users
    for person in ("pupil", "teacher"):
        privacy.erase_personal_data(session, users["site_admin"], users[person])
    commit(session)
    session.expire_all()
    assert session.scalars(select(MobilityParticipant)).all() == []
    mobility = session.get(Mobility, world.mobility.id)
    assert mobility is not None and mobility.created_by_id is None
    tags = session.scalars(select(PhaseTag)).all()
    assert len(tags) == 4 and {tag.tagged_by_id for tag in tags} == {None}
