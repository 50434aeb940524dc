"""Who may read and edit a working group's pages: its members and the space's teachers.

Answers the ``check_permission`` hook for the page capabilities: for a page in a group's
subtree (the group's page and everything under it), anyone who is neither in the group
nor a teacher or admin of the space is refused. Everyone else is left to the core's
usual rules (``None``), so a group page is still members-only, in the trash, and so on.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ..models import Page, Project, Role, User
from ..permissions import membership_of
from .models import WorkingGroup

GUARDED = frozenset(
    {"page.view", "page.history", "page.edit", "page.create", "page.move"}
)
TEACHER_ROLES = frozenset({Role.ADMIN, Role.TEACHER})
CACHE = "etwincms.groups.access"


def decide(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    """``False`` for a group page and someone outside the group; else ``None``."""
    if capability not in GUARDED or not isinstance(obj, Page) or obj.depth == 0:
        return None
    session = object_session(project)
    if session is None:
        return None
    group = owning_group(session, project, obj)
    if group is None or may_enter(user, project, group):
        return None
    return False


@dataclass(frozen=True)
class GroupAccess:
    """What the rule needs of one group: its page and who is in it."""

    root_page_id: int
    member_ids: frozenset[int]


def owning_group(session: Session, project: Project, page: Page) -> GroupAccess | None:
    """The group whose subtree holds ``page``, if any."""
    for group in groups_of_space(session, project):
        root = session.get(
            Page, group.root_page_id
        )  # from the identity map once loaded
        if root is not None and (
            page.path == root.path or page.path.startswith(root.path + "/")
        ):
            return group
    return None


def groups_of_space(session: Session, project: Project) -> list[GroupAccess]:
    """The space's groups, loaded once per session: a page tree asks for every page.

    The groups' services and privacy hooks call :func:`forget` after every change.
    """
    cache: dict[int, list[GroupAccess]] = session.info.setdefault(CACHE, {})
    if project.id not in cache:
        groups = session.scalars(
            select(WorkingGroup).where(
                WorkingGroup.project_id == project.id,
                WorkingGroup.root_page_id.is_not(None),
            )
        )
        cache[project.id] = [
            GroupAccess(g.root_page_id, frozenset(g.member_ids))
            for g in groups
            if g.root_page_id is not None
        ]
    return cache[project.id]


def forget(session: Session) -> None:
    """Drop the cached groups (after a group or its members changed)."""
    session.info.pop(CACHE, None)


def may_enter(user: User | None, project: Project, group: GroupAccess) -> bool:
    if user is None:
        return False
    if user.is_site_admin or user.id in group.member_ids:
        return True
    membership = membership_of(user, project)
    return membership is not None and membership.role in TEACHER_ROLES
