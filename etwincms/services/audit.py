"""Writing the audit log: one row per change that matters, in the same transaction."""

from __future__ import annotations

from typing import Any

from sqlalchemy.orm import Session

from ..models import AuditEntry, Project, User


def record(
    session: Session,
    actor: User | None,
    action: str,
    project: Project | None = None,
    obj: Any = None,
    **details: Any,
) -> AuditEntry:
    """Add an audit entry for ``action`` on ``obj`` (any model with an ``id``)."""
    entry = AuditEntry(
        actor_id=getattr(actor, "id", None),
        project_id=project.id if project is not None else None,
        action=action,
        object_type=type(obj).__name__.lower() if obj is not None else "",
        object_id=getattr(obj, "id", None),
        details=details,
    )
    session.add(entry)
    return entry
