"""Who made what, without names: each author's role and school in the space.

One query reads every membership of the space (active or not: someone who left still
made what they made), one more the schools involved. Reports never load users, so no
name can reach them by accident.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Membership, Project, ProjectSchool, School

#: Authors who are no longer members, or whose account was erased.
UNKNOWN = "unknown"


@dataclass(frozen=True, slots=True)
class Author:
    """What a report may say about a person: a role and a school id, never a name."""

    role: str
    school_id: int | None


NOBODY = Author(UNKNOWN, None)


def authors(session: Session, project: Project) -> dict[int, Author]:
    """Every member of the space by user id, with their role and school."""
    rows = session.execute(
        select(Membership.user_id, Membership.role, Membership.school_id).where(
            Membership.project_id == project.id
        )
    )
    return {user_id: Author(role.value, school_id) for user_id, role, school_id in rows}


def schools(
    session: Session, project: Project, extra_ids: set[int]
) -> dict[int, School]:
    """The space's partner schools and any other school a member takes part for."""
    partner_ids = select(ProjectSchool.school_id).where(
        ProjectSchool.project_id == project.id
    )
    query = select(School).where(
        School.id.in_(partner_ids) | School.id.in_(sorted(extra_ids))
    )
    found = session.scalars(query.order_by(School.country, School.name))
    return {school.id: school for school in found}


def school_label(school: School | None) -> str:
    """``"Escola Sol (ES)"``; an empty string for no school."""
    if school is None:
        return ""
    return f"{school.name} ({school.country})"
