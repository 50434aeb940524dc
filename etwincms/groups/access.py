"""Who may read and edit a working group's pages (and the files attached to them): its
members and the space's teachers.

Answers the ``narrow_permission`` hook for the page capabilities: for a page in a group's
subtree (the group's page and everything under it), anyone who is neither in the group
nor a teacher or admin of the space is refused. Everyone else is left to the core's
usual rules (``None``), so a group page is still members-only, in the trash, and so on.
Search follows the same rule through audiences: a group's pages, files and forum topics
are indexed with the group's tag (``search_audience``), which its members hold and the
teachers hold with every other (``search_audiences``).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask import current_app
from sqlalchemy import select
from sqlalchemy.orm import Session, object_session

from ..db import utcnow
from ..models import Material, Page, Project, Role, User
from ..permissions import membership_of
from ..search.backend import EVERY_AUDIENCE
from .models import WorkingGroup

GUARDED = frozenset(
    {"page.view", "page.history", "page.edit", "page.create", "page.move"}
)
TEACHER_ROLES = frozenset({Role.ADMIN, Role.TEACHER})
CACHE = "etwincms.groups.access"
#: Spaces whose rule one process keeps (a few hundred bytes each); then it starts over.
MAX_CACHED_SPACES = 10_000


def decide(
    user: User | None, capability: str, project: Project, obj: Any
) -> bool | None:
    """``False`` for a group page, or a file attached to one, and someone outside the
    group; else ``None``."""
    session = object_session(project)
    if session is None:
        return None
    page = guarded_page(session, project, capability, obj)
    if page is None or page.depth == 0:
        return None
    group = owning_group(session, project, page)
    if group is None or may_enter(user, project, group):
        return None
    return False


def guarded_page(
    session: Session, project: Project, capability: str, obj: Any
) -> Page | None:
    """The page the rule looks at: the page itself, or the page a file is attached to."""
    if capability in GUARDED and isinstance(obj, Page):
        return obj
    if capability != "material.view" or not isinstance(obj, Material):
        return None
    return page_of(session, project, obj)


def page_of(session: Session, project: Project, obj: Any) -> Page | None:
    """``obj`` if it is a page, the page a file is attached to (loaded only when the
    space has groups at all), or ``None``."""
    if isinstance(obj, Page):
        return obj
    if not isinstance(obj, Material) or obj.page_id is None:
        return None
    if not groups_of_space(session, project):
        return None
    return session.get(Page, obj.page_id)


def audience(group_id: int) -> str:
    """The search audience tag of a group's pages, files and forum topics."""
    return f"group:{group_id}"


def audience_of(project: Project, obj: Any) -> str | None:
    """The ``search_audience`` hook: a group page's (or its files') group tag."""
    session = object_session(project)
    page = page_of(session, project, obj) if session is not None else None
    if session is None or page is None or page.depth == 0:
        return None
    group = owning_group(session, project, page)
    return audience(group.id) if group is not None else None


def audiences_held(user: User | None, project: Project) -> list[str]:
    """The ``search_audiences`` hook: every group's for teachers, else the user's own."""
    session = object_session(project)
    if user is None or session is None:
        return []
    if is_teacher(user, project):
        return [EVERY_AUDIENCE]
    return [
        audience(group.id)
        for group in groups_of_space(session, project)
        if user.id in group.member_ids
    ]


@dataclass(frozen=True)
class GroupAccess:
    """What the rule needs of one group: its page (if it still has one) and who is in it."""

    id: int
    root_page_id: int | None
    member_ids: frozenset[int]


def owning_group(session: Session, project: Project, page: Page) -> GroupAccess | None:
    """The group whose subtree holds ``page``, if any."""
    for group in groups_of_space(session, project):
        if group.root_page_id is None:
            continue
        root = session.get(
            Page, group.root_page_id
        )  # from the identity map once loaded
        if root is not None and (
            page.path == root.path or page.path.startswith(root.path + "/")
        ):
            return group
    return None


def groups_of_space(session: Session, project: Project) -> list[GroupAccess]:
    """The space's groups, loaded once per change of them: every page asks.

    Kept by the application, keyed by the space's ``updated_at``, which every request
    loads anyway and :func:`changed` moves on: a space's pages cost no extra statement,
    and a change made by one worker is seen by all of them at their next request.
    """
    cache: dict[int, tuple[Any, list[GroupAccess]]] = current_app.extensions.setdefault(
        CACHE, {}
    )
    kept = cache.get(project.id)
    if kept is not None and kept[0] == project.updated_at:
        return kept[1]
    if len(cache) >= MAX_CACHED_SPACES:
        cache.clear()
    groups = load_groups(session, project)
    cache[project.id] = (project.updated_at, groups)
    return groups


def load_groups(session: Session, project: Project) -> list[GroupAccess]:
    groups = session.scalars(
        select(WorkingGroup)
        .where(WorkingGroup.project_id == project.id)
        .order_by(WorkingGroup.id)
    )
    return [GroupAccess(g.id, g.root_page_id, frozenset(g.member_ids)) for g in groups]


def changed(session: Session, project_ids: Iterable[int]) -> None:
    """Say that these spaces' groups or members changed: their rule is read again.

    Moves each space's ``updated_at`` on (the key of the cached rule) in the caller's
    transaction, so the change and the new key are committed together.
    """
    ids = set(project_ids)
    if not ids:
        return
    now = utcnow()
    for project in session.scalars(select(Project).where(Project.id.in_(ids))):
        project.updated_at = now


def may_enter(user: User | None, project: Project, group: GroupAccess) -> bool:
    if user is None:
        return False
    return user.id in group.member_ids or is_teacher(user, project)


def is_teacher(user: User, project: Project) -> bool:
    """A teacher or admin of the space, or a site admin: they see every group."""
    if user.is_site_admin:
        return True
    membership = membership_of(user, project)
    return membership is not None and membership.role in TEACHER_ROLES
