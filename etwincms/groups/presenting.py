"""What the groups pages show: members by name (to members only), candidates, proposals."""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..models import Membership, MembershipStatus, Page, Project, User
from ..permissions import can
from ..privacy import shown_name
from .models import WorkingGroup


@dataclass(frozen=True)
class Candidate:
    """A member of the space who may be put in a group."""

    user_id: int
    name: str
    school: str
    locale: str
    role: str


def candidates(
    session: Session, project: Project, viewer: User | None
) -> list[Candidate]:
    """The space's active members, by name, as ``viewer`` may see them."""
    visible = can(viewer, "member.view", project)
    rows = session.execute(
        select(Membership, User)
        .join(User, User.id == Membership.user_id)
        .where(
            Membership.project_id == project.id,
            Membership.status == MembershipStatus.ACTIVE,
        )
        .order_by(User.display_name, User.id)
    )
    return [
        Candidate(
            user.id,
            shown_name(user, names_visible=visible),
            user.school.name if user.school else "",
            user.locale,
            membership.role.value,
        )
        for membership, user in rows
    ]


def by_id(people: list[Candidate]) -> dict[int, Candidate]:
    return {person.user_id: person for person in people}


def root_path(session: Session, group: WorkingGroup) -> str | None:
    """The path of the group's page, unless it is gone or in the trash."""
    page = session.get(Page, group.root_page_id) if group.root_page_id else None
    return page.path if page is not None and not page.in_trash else None
