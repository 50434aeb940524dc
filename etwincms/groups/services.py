"""Working groups of a space: create, rename, delete, members, saving a suggestion.

Every change checks ``groups.manage`` with ``require()``, writes an audit entry and
queues the ``groups_group_saved`` event (dispatched after the commit). Creating a group
creates its page subtree: a page named after the group under the space's "Working
groups" page, which :mod:`etwincms.groups.access` keeps to the group's members and the
space's teachers. Deleting a group moves its pages to the trash, where nobody but
teachers sees them.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from .. import events
from ..errors import NotFound, ValidationError
from ..models import Membership, MembershipStatus, Page, Project, User
from ..permissions import require
from ..services import audit, pages
from ..services.validation import required_text
from . import access
from .models import GroupMember, WorkingGroup

CAPABILITY = "groups.manage"
CONTAINER_SLUG = "working-groups"


def list_groups(session: Session, project: Project) -> list[WorkingGroup]:
    """The space's groups, by name."""
    return list(
        session.scalars(
            select(WorkingGroup)
            .where(WorkingGroup.project_id == project.id)
            .order_by(WorkingGroup.name, WorkingGroup.id)
        )
    )


def groups_of(
    session: Session, project: Project, user: User | None
) -> list[WorkingGroup]:
    """The groups of the space that ``user`` belongs to."""
    if user is None:
        return []
    return [g for g in list_groups(session, project) if user.id in g.member_ids]


def get_group(session: Session, project: Project, group_id: int) -> WorkingGroup:
    group = session.get(WorkingGroup, group_id)
    if group is None or group.project_id != project.id:
        raise NotFound(_("No such working group."))
    return group


def create_group(
    session: Session,
    actor: User,
    project: Project,
    name: str,
    member_ids: Iterable[int] = (),
    description: str = "",
) -> WorkingGroup:
    """Create a group with its members and its page subtree."""
    require(actor, CAPABILITY, project)
    name = unique_name(session, project, name)
    group = WorkingGroup(
        project_id=project.id,
        name=name,
        description=description.strip(),
        created_by_id=actor.id,
    )
    group.members = [
        GroupMember(user_id=uid)
        for uid in checked_members(session, project, member_ids)
    ]
    session.add(group)
    group.root_page_id = create_root_page(session, actor, project, name).id
    saved(session, actor, project, group, is_new=True)
    return group


def unique_name(
    session: Session, project: Project, name: str, keep: WorkingGroup | None = None
) -> str:
    name = required_text(name, "name", 120)
    clash = session.scalar(
        select(WorkingGroup.id).where(
            WorkingGroup.project_id == project.id, WorkingGroup.name == name
        )
    )
    if clash is not None and (keep is None or clash != keep.id):
        raise ValidationError(
            _("There is already a group called %(name)s.", name=name), "name"
        )
    return name


def checked_members(
    session: Session, project: Project, user_ids: Iterable[int]
) -> list[int]:
    """The ids, sorted, once each; refused unless all are active members of the space."""
    wanted = sorted(set(user_ids))
    active = set(
        session.scalars(
            select(Membership.user_id).where(
                Membership.project_id == project.id,
                Membership.status == MembershipStatus.ACTIVE,
                Membership.user_id.in_(wanted),
            )
        )
    )
    if set(wanted) - active:
        raise ValidationError(
            _("Only members of the space can join one of its groups."), "member_ids"
        )
    return wanted


def create_root_page(
    session: Session, actor: User, project: Project, name: str
) -> Page:
    container = container_page(session, actor, project)
    return pages.create_page(
        session,
        actor,
        project,
        title=name,
        parent=container,
        body=_("The pages of the working group %(name)s.", name=name),
    )


def container_page(session: Session, actor: User, project: Project) -> Page:
    """The "Working groups" page: the parent of the groups' pages, made when first needed."""
    found = session.scalar(
        select(Page)
        .join(WorkingGroup, WorkingGroup.root_page_id == Page.id)
        .where(WorkingGroup.project_id == project.id, Page.deleted_at.is_(None))
        .order_by(WorkingGroup.id.desc())
        .limit(1)
    )
    if found is not None and found.parent_id is not None:
        parent = session.get(Page, found.parent_id)
        if parent is not None and not parent.in_trash:
            return parent
    kept = session.scalar(  # every group was deleted: the page itself may be left
        select(Page).where(
            Page.project_id == project.id,
            Page.parent_id.is_(None),
            Page.slug == CONTAINER_SLUG,
            Page.deleted_at.is_(None),
        )
    )
    if kept is not None:
        return kept
    return pages.create_page(
        session,
        actor,
        project,
        title=_("Working groups"),
        slug=CONTAINER_SLUG,
        body=_(
            "Each working group has its pages here; only its members and the teachers see them."
        ),
    )


def rename_group(
    session: Session, actor: User, project: Project, group: WorkingGroup, name: str
) -> None:
    require(actor, CAPABILITY, project)
    group.name = unique_name(session, project, name, keep=group)
    saved(session, actor, project, group, is_new=False)


def set_members(
    session: Session,
    actor: User,
    project: Project,
    group: WorkingGroup,
    user_ids: Iterable[int],
) -> None:
    """Make the group's members exactly ``user_ids``."""
    require(actor, CAPABILITY, project)
    wanted = set(checked_members(session, project, user_ids))
    group.members = [m for m in group.members if m.user_id in wanted] + [
        GroupMember(user_id=uid) for uid in sorted(wanted - group.member_ids)
    ]
    saved(session, actor, project, group, is_new=False)


def add_member(
    session: Session, actor: User, project: Project, group: WorkingGroup, user_id: int
) -> None:
    set_members(session, actor, project, group, group.member_ids | {user_id})


def remove_member(
    session: Session, actor: User, project: Project, group: WorkingGroup, user_id: int
) -> None:
    set_members(session, actor, project, group, group.member_ids - {user_id})


def delete_group(
    session: Session, actor: User, project: Project, group: WorkingGroup
) -> None:
    """Delete the group; its pages go to the trash (teachers may still restore them)."""
    require(actor, CAPABILITY, project)
    root = session.get(Page, group.root_page_id) if group.root_page_id else None
    if root is not None and not root.in_trash:
        pages.trash_page(session, actor, project, root)
    audit.record(session, actor, "group.delete", project, group, name=group.name)
    session.delete(group)
    session.flush()
    access.changed(session, [project.id])


def leave_groups(session: Session, project: Project, user: User) -> None:
    """Take someone who left the space out of its groups (the ``member_removed`` hook)."""
    for group in groups_of(session, project, user):
        group.members = [m for m in group.members if m.user_id != user.id]
    # Not flushed: the event dispatcher commits what is pending.
    access.changed(session, [project.id])


def save_suggestion(
    session: Session,
    actor: User,
    project: Project,
    proposal: Sequence[tuple[str, Iterable[int]]],
) -> list[WorkingGroup]:
    """Create one group per ``(name, member ids)`` of an (edited) suggestion."""
    require(actor, CAPABILITY, project)
    names = [" ".join(name.split()) for name, _members in proposal]
    if len(set(names)) != len(names):
        raise ValidationError(
            _("Two groups of the suggestion have the same name."), "name"
        )
    return [
        create_group(session, actor, project, name, members)
        for name, members in proposal
    ]


def saved(
    session: Session,
    actor: User,
    project: Project,
    group: WorkingGroup,
    *,
    is_new: bool,
) -> None:
    action = "group.create" if is_new else "group.update"
    session.flush()
    access.changed(session, [project.id])
    audit.record(
        session,
        actor,
        action,
        project,
        group,
        name=group.name,
        members=len(group.members),
    )
    events.queue(
        session,
        "groups_group_saved",
        project,
        project=project,
        group=group,
        user=actor,
        is_new=is_new,
    )
