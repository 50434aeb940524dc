"""What the phases pages show: items grouped by kind, authors named safely, form choices.

Names follow the one rule of :func:`etwincms.privacy.shown_name`: members see names,
everyone else sees a pupil only as their alias or "pupil, <school>, <country>". The
mobility form offers the space's partner schools and its active members.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..hooktypes import Contribution
from ..models import Membership, MembershipStatus, Project, School, User
from ..permissions import can
from ..privacy import shown_name
from ..services import content_types
from ..services.spaces import partner_schools
from .models import Mobility, PhaseKind


@dataclass(frozen=True)
class ShownItem:
    """An item as a phase view lists it."""

    item: Contribution
    author: str


@dataclass(frozen=True)
class ItemGroup:
    """The items of one kind (pages, blog posts, albums...)."""

    type: str
    label: str
    items: list[ShownItem]


def kind_labels() -> dict[str, str]:
    return {
        PhaseKind.BEFORE.value: _("Before the mobility"),
        PhaseKind.DURING.value: _("During the mobility"),
        PhaseKind.AFTER.value: _("After the mobility"),
        PhaseKind.DISSEMINATION.value: _("Dissemination"),
    }


def type_label(type_name: str) -> str:
    """A content type's human name ("Blog post"), its plugin's label when it has one."""
    core = {"page": _("Pages"), "material": _("Materials")}
    return core.get(type_name) or content_types.type_label(type_name)


def names_visible(viewer: User | None, project: Project) -> bool:
    return can(viewer, "member.view", project)


def users_by_id(session: Session, ids: Iterable[int | None]) -> dict[int, User]:
    wanted = {user_id for user_id in ids if user_id is not None}
    if not wanted:
        return {}
    return {
        user.id: user
        for user in session.scalars(select(User).where(User.id.in_(wanted)))
    }


def grouped_items(
    session: Session, project: Project, viewer: User | None, items: list[Contribution]
) -> list[ItemGroup]:
    """Items grouped by kind (groups by label), each with its author as ``viewer`` may see."""
    people = users_by_id(session, (item.author_id for item in items))
    visible = names_visible(viewer, project)
    groups: dict[str, list[ShownItem]] = {}
    for item in items:
        author = shown_name(people.get(item.author_id or 0), names_visible=visible)
        groups.setdefault(item.type, []).append(ShownItem(item, author))
    found = [ItemGroup(name, type_label(name), shown) for name, shown in groups.items()]
    return sorted(found, key=lambda group: group.label.casefold())


def participant_names(
    mobility: Mobility, viewer: User | None, project: Project
) -> list[str]:
    """Participants by name for members; nothing for anyone else (they see a count)."""
    if not names_visible(viewer, project):
        return []
    return sorted(row.user.display_name for row in mobility.participants)


def school_choices(session: Session, project: Project) -> list[School]:
    return [row.school for row in partner_schools(session, project)]


def participant_choices(
    session: Session, project: Project, mobility: Mobility | None
) -> list[tuple[int, str]]:
    """``(user id, name)`` of the space's active members and of the mobility's
    participants (one who has left the space stays ticked), by name."""
    found = session.execute(
        select(User.id, User.display_name)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.project_id == project.id,
            Membership.status == MembershipStatus.ACTIVE,
        )
    ).all()
    choices: dict[int, str] = dict(tuple(row) for row in found)
    for row in mobility.participants if mobility else ():
        choices.setdefault(row.user_id, row.user.display_name)
    return sorted(choices.items(), key=lambda choice: choice[1].casefold())


def mobility_form_values(mobility: Mobility | None) -> dict[str, Any]:
    """What the mobility form starts with (empty for a new one)."""
    if mobility is None:
        return {
            "title": "",
            "host_school_id": None,
            "starts_on": "",
            "ends_on": "",
            "ids": set(),
        }
    return {
        "title": mobility.title,
        "host_school_id": mobility.host_school_id,
        "starts_on": mobility.starts_on.isoformat(),
        "ends_on": mobility.ends_on.isoformat(),
        "ids": mobility.participant_ids,
    }
