"""Working groups through their services: pages, members, suggestion, the saved event."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.errors import PermissionDenied, ValidationError
from etwincms.groups import services
from etwincms.groups.models import GroupMember, WorkingGroup
from etwincms.groups.suggestion import suggest_groups
from etwincms.models import AuditEntry, Membership, Page
from etwincms.services import members
from etwincms.services import plugins as space_plugins
from etwincms.testing import SpaceWithMembers

from .plugin import Listener


@pytest.fixture
def listener() -> Listener:
    return Listener()


@pytest.fixture
def plugins(listener: Listener) -> list[Any]:
    return [listener]


def ids(space: SpaceWithMembers, *names: str) -> list[int]:
    return [space.users[name].id for name in names]


def test_creating_a_group_makes_its_pages_under_working_groups(
    session: Session, classes: SpaceWithMembers
) -> None:
    teacher = classes.users["teacher"]
    members = ids(classes, "pupil_es_1", "pupil_de_1")
    first = services.create_group(
        session, teacher, classes.project, " Rivers ", members
    )
    second = services.create_group(session, teacher, classes.project, "Castles")
    commit(session)
    root = session.get(Page, first.root_page_id)
    assert root is not None and root.title == "Rivers"
    assert root.path == "working-groups/rivers"
    assert session.get(Page, second.root_page_id).parent_id == root.parent_id
    assert first.name == "Rivers" and sorted(first.member_ids) == sorted(members)
    actions = session.scalars(select(AuditEntry.action)).all()
    assert actions.count("group.create") == 2


def test_names_are_unique_in_a_space_and_members_must_belong_to_it(
    session: Session, classes: SpaceWithMembers
) -> None:
    teacher, project = classes.users["teacher"], classes.project
    services.create_group(session, teacher, project, "Rivers")
    with pytest.raises(ValidationError, match="already a group called Rivers"):
        services.create_group(session, teacher, project, "Rivers")
    with pytest.raises(ValidationError, match="Only members of the space"):
        services.create_group(
            session, teacher, project, "Lakes", ids(classes, "outsider")
        )


def test_members_are_set_added_and_removed(
    session: Session, classes: SpaceWithMembers
) -> None:
    teacher, project = classes.users["teacher"], classes.project
    group = services.create_group(session, teacher, project, "Rivers")
    es, de, pl = ids(classes, "pupil_es_1", "pupil_de_1", "pupil_pl_1")
    services.set_members(session, teacher, project, group, [es, de])
    services.add_member(session, teacher, project, group, pl)
    services.remove_member(session, teacher, project, group, es)
    commit(session)
    session.expire_all()
    stored = session.scalars(select(GroupMember.user_id)).all()
    assert sorted(stored) == sorted([de, pl])


def test_a_member_may_be_in_several_groups(
    session: Session, classes: SpaceWithMembers
) -> None:
    teacher, project = classes.users["teacher"], classes.project
    pupil = ids(classes, "pupil_pl_2")
    services.create_group(session, teacher, project, "Rivers", pupil)
    services.create_group(session, teacher, project, "Castles", pupil)
    commit(session)
    mine = services.groups_of(session, project, classes.users["pupil_pl_2"])
    assert [g.name for g in mine] == ["Castles", "Rivers"]


@pytest.mark.parametrize("role", ["pupil", "pupil_lead", "observer", "outsider"])
def test_only_teachers_and_admins_manage_groups(
    session: Session, classes: SpaceWithMembers, role: str
) -> None:
    with pytest.raises(PermissionDenied):
        services.create_group(session, classes.users[role], classes.project, "Rivers")


def test_deleting_a_group_trashes_its_pages(
    session: Session, classes: SpaceWithMembers
) -> None:
    admin, project = classes.users["admin"], classes.project
    group = services.create_group(
        session, admin, project, "Rivers", ids(classes, "pupil")
    )
    root_id = group.root_page_id
    commit(session)
    services.delete_group(session, admin, project, group)
    commit(session)
    assert session.scalars(select(WorkingGroup)).all() == []
    assert session.scalars(select(GroupMember)).all() == []
    page = session.get(Page, root_id)
    assert page is not None and page.in_trash


def test_saving_an_edited_suggestion_creates_its_groups(
    session: Session, classes: SpaceWithMembers
) -> None:
    teacher, project = classes.users["teacher"], classes.project
    proposal = suggest_groups(session, project, count=3)
    edited = [(g.name, g.member_ids) for g in proposal]
    moved = edited[0][1].pop()  # the teacher moves one member to the third group
    edited[2] = ("Bridges", [*edited[2][1], moved])
    groups = services.save_suggestion(session, teacher, project, edited)
    commit(session)
    assert [g.name for g in groups] == ["Group 1", "Group 2", "Bridges"]
    assert moved in groups[2].member_ids and moved not in groups[0].member_ids
    assert sum(len(g.member_ids) for g in groups) == sum(
        len(p.members) for p in proposal
    )
    with pytest.raises(ValidationError, match="same name"):
        services.save_suggestion(session, teacher, project, [("A", []), ("A ", [])])


def test_plugins_hear_every_saved_group(
    session: Session, classes: SpaceWithMembers, listener: Listener
) -> None:
    teacher, project = classes.users["teacher"], classes.project
    space_plugins.enable_plugin(session, None, project, "listener")
    commit(session)
    group = services.create_group(
        session, teacher, project, "Rivers", ids(classes, "pupil")
    )
    commit(session)
    services.rename_group(session, teacher, project, group, "Seas")
    services.set_members(session, teacher, project, group, [])
    assert listener.heard == [
        ("Rivers", ids(classes, "pupil"), True)
    ]  # not yet committed
    commit(session)
    assert listener.heard[1:] == [("Seas", [], False), ("Seas", [], False)]


def test_leaving_the_space_takes_the_member_out_of_its_groups(
    session: Session, classes: SpaceWithMembers
) -> None:
    admin, project = classes.users["admin"], classes.project
    leaver, stayer = ids(classes, "pupil_pl_1", "pupil_pl_2")
    group = services.create_group(session, admin, project, "Rivers", [leaver, stayer])
    commit(session)
    membership = session.scalar(
        select(Membership).where(
            Membership.project_id == project.id, Membership.user_id == leaver
        )
    )
    members.remove_member(session, admin, membership)
    commit(session)
    session.expire_all()
    assert session.get(WorkingGroup, group.id).member_ids == {stayer}


def test_groups_made_after_all_were_deleted_share_the_working_groups_page(
    session: Session, classes: SpaceWithMembers
) -> None:
    admin, project = classes.users["admin"], classes.project
    first = services.create_group(session, admin, project, "Rivers")
    container = session.get(Page, first.root_page_id).parent_id
    services.delete_group(session, admin, project, first)
    second = services.create_group(session, admin, project, "Castles")
    commit(session)
    assert session.get(Page, second.root_page_id).parent_id == container
    tops = session.scalars(select(Page).where(Page.parent_id.is_(None))).all()
    assert [p.slug for p in tops].count("working-groups") == 1
