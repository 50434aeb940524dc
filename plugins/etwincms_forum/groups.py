"""One category of the forum for each working group of a space.

The groups facility announces a created, renamed or re-membered group with
``groups_group_saved`` (after its commit, to the plugins the space switched on); the
forum keeps exactly one category per group (``Forum.group_id == group.id``), named after
the group, and creates the missing ones when it is switched on in a space that already
has groups. Who may read a group's category is decided in :mod:`.policy` from the
group's members at the time of reading, so a change of members needs no work here.
Deleted groups are not announced: their category stays, for the teachers only.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.groups.models import WorkingGroup
from etwincms.models import Project, User
from etwincms.services import audit
from etwincms.services.validation import required_text

from . import services
from .models import Forum


def sync_group(
    session: Session, actor: User | None, project: Project, group: WorkingGroup
) -> Forum:
    """The group's category, created when missing and renamed after the group."""
    retire_orphans(session, group)
    forum = category_of(session, project, group.id)
    if forum is None:
        return create_category(session, actor, project, group)
    rename_category(session, actor, project, forum, group.name)
    return forum


def sync_all(session: Session, actor: User | None, project: Project) -> None:
    """Every group of the space gets its category (the forum was just switched on)."""
    groups = session.scalars(
        select(WorkingGroup)
        .where(WorkingGroup.project_id == project.id)
        .order_by(WorkingGroup.id)
    )
    for group in groups:
        sync_group(session, actor, project, group)


def category_of(session: Session, project: Project, group_id: int) -> Forum | None:
    return session.scalar(
        select(Forum)
        .where(Forum.project_id == project.id, Forum.group_id == group_id)
        .order_by(Forum.id)
        .limit(1)
    )


def create_category(
    session: Session, actor: User | None, project: Project, group: WorkingGroup
) -> Forum:
    # No permission check: the system follows a change the groups facility allowed.
    return services.add_forum(
        session,
        actor,
        project,
        title=group.name,
        description=_("The working group's own forum."),
        group_id=group.id,
    )


def rename_category(
    session: Session, actor: User | None, project: Project, forum: Forum, name: str
) -> None:
    title = required_text(name, "title", 200)
    if forum.title != title:
        forum.title = title
        audit.record(session, actor, "forum.rename", project, forum, title=title)


def retire_orphans(session: Session, group: WorkingGroup) -> None:
    """Detach categories made for an earlier group that had the same id.

    SQLite hands a deleted row's id out again; the new group's members must not read
    the old group's discussions (in any space). A negative id names no group, so such a
    category is left to the teachers like any deleted group's."""
    orphans = session.scalars(
        select(Forum).where(
            Forum.group_id == group.id,
            Forum.created_at < group.created_at,
        )
    )
    for forum in orphans:
        forum.group_id = -group.id
