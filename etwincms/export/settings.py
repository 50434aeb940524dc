"""Reading and choosing the licence of a space's dissemination export.

Only those who may make the export (``export.create``: admins and teachers, never
pupils) may choose it; every change is written to the audit log.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..errors import ValidationError
from ..models import Project, User
from ..permissions import require
from ..services import audit
from .licences import Licence, is_known, licence
from .models import ExportSettings

CAPABILITY = "export.create"


def space_licence(session: Session, project: Project) -> Licence:
    """The licence the space chose (the default until someone chooses)."""
    row = settings_row(session, project)
    return licence(row.licence if row else None)


def choose_licence(
    session: Session, actor: User | None, project: Project, key: str
) -> None:
    """Set the space's licence; a ValidationError for a key not on the list."""
    require(actor, CAPABILITY, project)
    if not is_known(key):
        raise ValidationError(_("Choose one of the licences on the list."))
    row = settings_row(session, project)
    if row is None:
        row = ExportSettings(project_id=project.id, licence=key)
        session.add(row)
    elif row.licence == key:
        return
    row.licence, row.updated_at = key, utcnow()
    audit.record(session, actor, "export.licence", project, project, licence=key)


def settings_row(session: Session, project: Project) -> ExportSettings | None:
    return session.scalar(
        select(ExportSettings).where(ExportSettings.project_id == project.id)
    )
