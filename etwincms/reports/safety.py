"""eSafety and GDPR evidence: the space's moderation decisions and consent records.

These are not contributions but entries of the audit log, written by the moderation
queue and the media-consent records. One grouped query counts them by action inside the
report's range (and, with a school filter, by the acting teacher's school).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..models import AuditEntry, Membership, Project
from .filters import ReportFilters

#: Audit actions that show pupils' safety and data being looked after.
SAFETY_ACTION_PREFIXES = ("moderation.", "consent.")


def counts(
    session: Session, project: Project, filters: ReportFilters
) -> Iterator[tuple[str, int]]:
    """``(action, count)`` for each safety action recorded in the space, by action."""
    query = (
        select(AuditEntry.action, func.count())
        .where(AuditEntry.project_id == project.id)
        .where(or_(*(AuditEntry.action.startswith(p) for p in SAFETY_ACTION_PREFIXES)))
        .group_by(AuditEntry.action)
        .order_by(AuditEntry.action)
    )
    if filters.start is not None:
        query = query.where(AuditEntry.at >= filters.start)
    if filters.end is not None:
        query = query.where(AuditEntry.at < filters.end)
    if filters.school_id is not None:
        query = query.join(
            Membership,
            and_(
                Membership.user_id == AuditEntry.actor_id,
                Membership.project_id == project.id,
            ),
        ).where(Membership.school_id == filters.school_id)
    yield from ((action, count) for action, count in session.execute(query))
