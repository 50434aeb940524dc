"""Items of every plugin filed under phases: tag, untag, and what a phase holds.

Items are what the core and the space's plugins report through ``space_contributions``
(one ``Contribution`` each, id ``"<type>:<pk>"``). A phase view keeps only what the
reader may read: visitors and non-members see public items only; members see the rest
too, unless the item's content type asks for a capability they lack.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from ..errors import ValidationError
from ..hooktypes import Contribution
from ..models import Project, User
from ..permissions import can, require
from ..plugins import project_hooks
from ..services import core_items
from ..state import get_state
from .mobilities import CAPABILITY
from .models import Phase, PhaseTag


def space_contributions(project: Project) -> dict[str, Contribution]:
    """Every item the core and the space's plugins report, by id (first report wins)."""
    found: dict[str, Contribution] = {}
    for batch in project_hooks(project).space_contributions(project=project):
        for item in batch or ():
            found.setdefault(item.id, item)
    return found


def may_read(user: User | None, project: Project, item: Contribution) -> bool:
    """Whether ``user`` may read ``item``: public ones anyone, others members only."""
    if item.public:
        return True
    if not can(user, "page.view", project):
        return False
    content_type = get_state().registries.content_types.get(item.type)
    needed = content_type.view_capability if content_type else None
    return needed is None or can(user, needed, project)


def tagged_ids(session: Session, phase: Phase) -> list[str]:
    return list(
        session.scalars(
            select(PhaseTag.item_id)
            .where(PhaseTag.phase_id == phase.id)
            .order_by(PhaseTag.id)
        )
    )


def phase_items(
    session: Session, project: Project, phase: Phase, user: User | None
) -> list[Contribution]:
    """The items tagged with ``phase`` that ``user`` may read, newest first (a working
    group's pages and files only for those who may read them)."""
    known = space_contributions(project)
    items = [
        known[item_id] for item_id in tagged_ids(session, phase) if item_id in known
    ]
    rows = core_items.load(session, (item.id for item in items))
    readable = [
        item
        for item in items
        if may_read(user, project, item)
        and core_items.may_read(user, project, item.id, rows)
    ]
    return sorted(readable, key=lambda item: item.created_at, reverse=True)


def untagged_items(
    session: Session, project: Project, phase: Phase
) -> list[Contribution]:
    """The space's items not yet in ``phase`` (for the "add items" form), by title."""
    taken = set(tagged_ids(session, phase))
    items = [
        item for item in space_contributions(project).values() if item.id not in taken
    ]
    return sorted(items, key=lambda item: (item.type, item.title.casefold()))


def tag_items(
    session: Session,
    actor: User,
    project: Project,
    phase: Phase,
    item_ids: Iterable[str],
) -> list[str]:
    """File items under ``phase``; already tagged ones are left as they are.

    :return: The ids newly tagged.
    """
    require(actor, CAPABILITY, project)
    wanted = list(dict.fromkeys(item_ids))
    if not wanted:
        raise ValidationError(_("Choose at least one item."), field="item_ids")
    unknown = [
        item_id for item_id in wanted if item_id not in space_contributions(project)
    ]
    if unknown:
        raise ValidationError(
            _("This space has no item %(id)s.", id=unknown[0]), field="item_ids"
        )
    taken = set(tagged_ids(session, phase))
    added = [item_id for item_id in wanted if item_id not in taken]
    for item_id in added:
        session.add(
            PhaseTag(
                project_id=project.id,
                phase_id=phase.id,
                item_id=item_id,
                tagged_by_id=actor.id,
            )
        )
    session.flush()
    return added


def untag_items(
    session: Session,
    actor: User,
    project: Project,
    phase: Phase,
    item_ids: Iterable[str],
) -> int:
    """Take items out of ``phase`` (the items themselves stay). Returns how many."""
    require(actor, CAPABILITY, project)
    result = session.execute(
        delete(PhaseTag).where(
            PhaseTag.phase_id == phase.id, PhaseTag.item_id.in_(list(item_ids))
        )
    )
    return int(result.rowcount or 0)


def phases_of_item(session: Session, project: Project, item_id: str) -> list[int]:
    """The ids of the phases an item is tagged with."""
    return list(
        session.scalars(
            select(PhaseTag.phase_id).where(
                PhaseTag.project_id == project.id, PhaseTag.item_id == item_id
            )
        )
    )
