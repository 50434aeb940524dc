"""The choices of the report's filter form: the space's schools and phases."""

from __future__ import annotations

from sqlalchemy.orm import Session

from ..models import Project
from . import people, phase_source


def school_choices(session: Session, project: Project) -> list[tuple[int, str]]:
    """``(id, label)`` of the space's partner schools and members' schools."""
    member_schools = {
        a.school_id for a in people.authors(session, project).values() if a.school_id
    }
    found = people.schools(session, project, member_schools)
    return [(sid, people.school_label(school)) for sid, school in found.items()]


def phase_choices(session: Session, project: Project) -> list[tuple[int, str]]:
    """``(id, title)`` of the space's phases, in order (none without the facility)."""
    if not phase_source.available():
        return []
    return [(phase.id, phase.title) for phase in phase_source.phases(session, project)]
