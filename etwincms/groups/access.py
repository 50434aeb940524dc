"""Who may read and edit a working group's pages: its members and the space's teachers.

Answers the ``check_permission`` hook for the page capabilities: for a page in a group's
subtree (the group's page and everything under it), anyone who is neither in the group
nor a teacher or admin of the space is refused. Everyone else is left to the core's
usual rules (``None``), so a group page is still members-only, in the trash, and so on.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ..models import Page, Project, Role, User
from ..permissions import membership_of
from .models import GroupMember, WorkingGroup

GUARDED = frozenset(
    {"page.view", "page.history", "page.edit", "page.create", "page.move"}
)
TEACHER_ROLES = frozenset({Role.ADMIN, Role.TEACHER})


def decide(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    """``False`` for a group page and someone outside the group; else ``None``."""
    if capability not in GUARDED or not isinstance(obj, Page) or obj.depth == 0:
        return None
    session = object_session(project)
    if session is None:
        return None
    group_id = owning_group(session, project, obj)
    if group_id is None or may_enter(session, user, project, group_id):
        return None
    return False


def owning_group(session: Session, project: Project, page: Page) -> int | None:
    """The id of the group whose subtree holds ``page``, if any."""
    roots = session.execute(
        select(WorkingGroup.id, Page.path)
        .join(Page, Page.id == WorkingGroup.root_page_id)
        .where(WorkingGroup.project_id == project.id)
    )
    for group_id, path in roots:
        if page.path == path or page.path.startswith(path + "/"):
            return group_id
    return None


def may_enter(
    session: Session, user: User | None, project: Project, group_id: int
) -> bool:
    if user is None:
        return False
    if user.is_site_admin:
        return True
    membership = membership_of(user, project)
    if membership is not None and membership.role in TEACHER_ROLES:
        return True
    return (
        session.get(GroupMember, {"group_id": group_id, "user_id": user.id}) is not None
    )
