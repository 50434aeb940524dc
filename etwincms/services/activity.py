"""What happened lately in a space, read from the audit log.

Only members see activity (it names people); each entry links to the page it concerns
when that page still exists and the viewer may read it. Two queries, whatever the size
of the space.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import datetime

from sqlalchemy import func, select
from sqlalchemy.orm import Session, joinedload

from ..models import AuditEntry, Page, Project, User
from ..permissions import can


def N_(message: str) -> str:
    """Mark a message for extraction without translating it (gettext_noop)."""
    return message


#: Audit actions shown as activity, and how each reads (in English: the template
#: translates them, ``N_`` only marks them for extraction).
SHOWN = {
    "page.create": N_("created"),
    "page.save": N_("edited"),
    "page.move": N_("moved"),
    "page.delete": N_("moved to the trash"),
    "page.restore": N_("restored"),
    "member.add": N_("added a member"),
    "member.accept": N_("joined"),
    "forum.topic_create": N_("started a forum topic"),
    "meetings.schedule": N_("scheduled a meeting"),
    "meetings.remind": N_("reminded members of a coming meeting"),
}


@dataclass(frozen=True, slots=True)
class Activity:
    at: datetime
    actor: User | None
    action: str
    page: Page | None


def recent_activity(
    session: Session, actor: User | None, project: Project, limit: int = 10
) -> list[Activity]:
    """The space's latest changes, newest first; empty for those who may not see names."""
    if not can(actor, "member.view", project):
        return []
    entries = list(
        session.scalars(
            select(AuditEntry)
            .where(AuditEntry.project_id == project.id, AuditEntry.action.in_(SHOWN))
            .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
            .limit(limit)
        )
    )
    actors = users_by_id(session, {e.actor_id for e in entries if e.actor_id})
    page_ids = {e.object_id for e in entries if e.object_type == "page"}
    pages = pages_by_id(session, project, page_ids)
    return [
        Activity(
            entry.at,
            actors.get(entry.actor_id),
            SHOWN[entry.action],
            visible(actor, project, pages.get(entry.object_id)),
        )
        for entry in entries
    ]


def users_by_id(session: Session, ids: set[int]) -> dict[int | None, User]:
    if not ids:
        return {}
    rows = session.scalars(
        select(User).where(User.id.in_(ids)).options(joinedload(User.school))
    )
    return {user.id: user for user in rows.unique()}


def pages_by_id(
    session: Session, project: Project, ids: set[int | None]
) -> dict[int | None, Page]:
    if not ids:
        return {}
    rows = session.scalars(
        select(Page).where(Page.project_id == project.id, Page.id.in_(ids))
    )
    return {page.id: page for page in rows}


def visible(actor: User | None, project: Project, page: Page | None) -> Page | None:
    """The page, if it still exists and the viewer may read it (else no link)."""
    if page is None or page.in_trash or not can(actor, "page.view", project, page):
        return None
    return page


def last_activity(session: Session, project_ids: list[int]) -> dict[int, datetime]:
    """When each space last changed (one query for all of them)."""
    if not project_ids:
        return {}
    rows = session.execute(
        select(AuditEntry.project_id, func.max(AuditEntry.at))
        .where(AuditEntry.project_id.in_(project_ids))
        .group_by(AuditEntry.project_id)
    )
    return dict(rows.all())
