"""The moderation queue: every plugin's waiting items, decided by a teacher.

:func:`waiting` gathers ``pending_publications`` from the space's switched-on plugins
(the core pages included) and keeps the items whose author belongs to the teacher's
school (admins see all). :func:`decide` asks ``decide_publication`` to publish or keep
an item members-only, records the decision (with the reason shown to the pupil), writes
the audit entry and commits. A plugin that refuses raises ``ValidationError``: nothing is
changed and the reason reaches the teacher.
"""

from __future__ import annotations

from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import commit
from ..errors import NotFound, ValidationError
from ..hooktypes import PendingPublication
from ..models import Project, User
from ..permissions import require
from ..plugins import project_hooks
from ..services import audit
from .models import Decision
from .scope import looks_after, member_schools

MAX_REASON = 1000


@dataclass(frozen=True)
class QueueEntry:
    """One waiting item and the school its author takes part for."""

    pending: PendingPublication
    school_id: int | None

    @property
    def item_id(self) -> str:
        return self.pending.item.id


def all_pending(project: Project) -> list[PendingPublication]:
    """Every switched-on plugin's waiting items, oldest request first."""
    batches = project_hooks(project).pending_publications(project=project)
    items = [pending for batch in batches for pending in batch or ()]
    return sorted(items, key=lambda pending: pending.requested_at)


def waiting(session: Session, actor: User, project: Project) -> list[QueueEntry]:
    """The items ``actor`` may decide: their school's pupils' (all, for admins)."""
    require(actor, "moderation.review", project)
    schools = member_schools(session, project)
    entries = [
        QueueEntry(pending, schools.get(pending.item.author_id or 0))
        for pending in all_pending(project)
    ]
    return [entry for entry in entries if looks_after(actor, project, entry.school_id)]


def authors(session: Session, entries: list[QueueEntry]) -> dict[int, User]:
    """The entries' authors by id (teachers see their names: they are members)."""
    ids = {e.pending.item.author_id for e in entries if e.pending.item.author_id}
    if not ids:
        return {}
    return {u.id: u for u in session.scalars(select(User).where(User.id.in_(ids)))}


def waiting_count(session: Session, actor: User, project: Project) -> int:
    """How many items wait for ``actor`` (for the navigation's badge)."""
    return len(waiting(session, actor, project))


def decide(
    session: Session,
    actor: User,
    project: Project,
    item_id: str,
    *,
    approve: bool,
    reason: str = "",
) -> Decision:
    """Publish (``approve``) or reject a waiting item; commits. Raises ``NotFound`` when
    the item does not wait for this teacher, ``ValidationError`` when a plugin refuses."""
    entry = find_entry(session, actor, project, item_id)
    try:
        handled = project_hooks(project).decide_publication(
            project=project, item_id=item_id, approve=approve, actor=actor
        )
    except ValidationError:
        session.rollback()  # whatever the refusing plugin had begun is undone
        raise
    if handled is None:
        raise NotFound(_("No tool of this space knows that item."))
    decision = record_decision(session, actor, project, entry, approve, reason)
    commit(session)
    return decision


def find_entry(
    session: Session, actor: User, project: Project, item_id: str
) -> QueueEntry:
    for entry in waiting(session, actor, project):
        if entry.item_id == item_id:
            return entry
    raise NotFound(_("This item no longer waits for a decision."))


def record_decision(
    session: Session,
    actor: User,
    project: Project,
    entry: QueueEntry,
    approve: bool,
    reason: str,
) -> Decision:
    item = entry.pending.item
    decision = Decision(
        project_id=project.id,
        item_id=item.id,
        title=item.title[:300],
        url=item.url[:500],
        author_id=item.author_id,
        approved=approve,
        reason="" if approve else reason.strip()[:MAX_REASON],
        decided_by_id=actor.id,
    )
    session.add(decision)
    session.flush()
    action = "moderation.approve" if approve else "moderation.reject"
    audit.record(
        session,
        actor,
        action,
        project,
        decision,
        item_id=item.id,
        reason=decision.reason,
    )
    return decision


def decisions_about(session: Session, project: Project, author: User) -> list[Decision]:
    """Decisions on an author's items in the space, newest first (the pupil's view)."""
    return list(
        session.scalars(
            select(Decision)
            .where(Decision.project_id == project.id, Decision.author_id == author.id)
            .order_by(Decision.decided_at.desc(), Decision.id.desc())
        )
    )


def last_decision(session: Session, project: Project, item_id: str) -> Decision | None:
    """The latest decision on an item (plugins may show its reason to the author)."""
    return session.scalar(
        select(Decision)
        .where(Decision.project_id == project.id, Decision.item_id == item_id)
        .order_by(Decision.decided_at.desc(), Decision.id.desc())
        .limit(1)
    )
