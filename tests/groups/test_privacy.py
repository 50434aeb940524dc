"""The groups' answers to the privacy hooks: export what names a person, then erase it."""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import Base, commit
from etwincms.groups.models import GroupMember, WorkingGroup
from etwincms.services import privacy

from .conftest import Rivers

OWNER = "etwincms.groups.hooks"


def people_columns() -> list[str]:
    """Every groups column that points at a user account."""
    return sorted(
        f"{table.name}.{column.name}"
        for table in Base.metadata.sorted_tables
        if table.name.startswith("group_")
        for column in table.columns
        if any(fk.column.table.name == "user_account" for fk in column.foreign_keys)
    )


def test_every_people_column_is_covered() -> None:
    assert people_columns() == [
        "group_member.user_id",
        "group_working_group.created_by_id",
    ]


def test_the_export_lists_groups_made_and_joined(
    session: Session, rivers: Rivers
) -> None:
    users = rivers.space.users
    teacher = privacy.export_personal_data(session, users["teacher"], users["teacher"])
    assert [g["name"] for g in teacher[OWNER]["groups_created"]] == ["Rivers"]
    assert teacher[OWNER]["groups_joined"] == []
    pupil = privacy.export_personal_data(
        session, users["site_admin"], users["pupil_es_1"]
    )
    assert [g["name"] for g in pupil[OWNER]["groups_joined"]] == ["Rivers"]
    assert "joined_at" in pupil[OWNER]["groups_joined"][0]


def test_erasing_takes_the_person_out_and_keeps_the_group(
    session: Session, rivers: Rivers
) -> None:
    users = rivers.space.users
    for person in ("pupil_es_1", "teacher"):
        privacy.erase_personal_data(session, users["site_admin"], users[person])
    commit(session)
    session.expire_all()
    members = session.scalars(select(GroupMember.user_id)).all()
    assert members == [users["pupil_de_1"].id]
    group = session.get(WorkingGroup, rivers.group.id)
    assert group is not None and group.created_by_id is None
