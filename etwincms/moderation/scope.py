"""Whose pupils a teacher looks after: the school a member takes part for in a space.

A teacher manages the pupils of their own school (``Membership.school_id``); space
admins and site admins manage everyone. The queue and the consent pages share these rules.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Membership, Project, Role, User
from ..permissions import membership_of


def sees_every_school(actor: User, project: Project) -> bool:
    """Site admins and the space's admins moderate every school's pupils."""
    if actor.is_site_admin:
        return True
    membership = membership_of(actor, project)
    return membership is not None and membership.role is Role.ADMIN


def own_school_id(actor: User, project: Project) -> int | None:
    """The school the actor takes part for in the space (``None``: none recorded)."""
    membership = membership_of(actor, project)
    return membership.school_id if membership is not None else None


def member_schools(session: Session, project: Project) -> dict[int, int | None]:
    """Every member's school in the space: user id -> school id."""
    rows = session.execute(
        select(Membership.user_id, Membership.school_id).where(
            Membership.project_id == project.id
        )
    )
    return dict(rows.all())


def looks_after(actor: User, project: Project, author_school_id: int | None) -> bool:
    """Whether the actor moderates a member who takes part for ``author_school_id``."""
    if sees_every_school(actor, project):
        return True
    own = own_school_id(actor, project)
    return own is not None and own == author_school_id
