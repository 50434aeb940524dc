"""What the working groups tables store about a person, for the privacy hooks.

Columns naming a person: ``group_working_group.created_by_id`` and
``group_member.user_id``. Erasing takes the person out of every group and detaches them
from the groups they created (the groups stay: they belong to the space).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from ..db import get_session
from ..models import User
from . import access
from .models import GroupMember, WorkingGroup


def export(user: User) -> dict[str, Any]:
    """The groups the person created and the groups they are in."""
    session = get_session()
    created = session.scalars(
        select(WorkingGroup).where(WorkingGroup.created_by_id == user.id)
    )
    joined = session.execute(
        select(WorkingGroup, GroupMember.added_at)
        .join(GroupMember, GroupMember.group_id == WorkingGroup.id)
        .where(GroupMember.user_id == user.id)
    )
    return {
        "groups_created": [group_data(group) for group in created],
        "groups_joined": [
            group_data(group) | {"joined_at": added.isoformat()}
            for group, added in joined
        ],
    }


def group_data(group: WorkingGroup) -> dict[str, Any]:
    return {"id": group.id, "project_id": group.project_id, "name": group.name}


def erase(user: User) -> None:
    """Take the person out of every group; detach them from the groups they made."""
    session = get_session()
    spaces = session.scalars(
        select(WorkingGroup.project_id)
        .join(GroupMember, GroupMember.group_id == WorkingGroup.id)
        .where(GroupMember.user_id == user.id)
    ).all()
    access.changed(session, spaces)
    session.execute(delete(GroupMember).where(GroupMember.user_id == user.id))
    session.execute(
        update(WorkingGroup)
        .where(WorkingGroup.created_by_id == user.id)
        .values(created_by_id=None)
    )
