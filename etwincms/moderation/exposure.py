"""Public items that show a pupil without public consent: what a withdrawal leaves behind.

A page or album cannot go public while it shows a pupil without public consent, but
consent can be withdrawn after it went public. :func:`exposed_items` finds those items
(from the ``space_contributions`` of the space's tools, the core pages included) so that
teachers see them on the consent page and can take them back to members-only.
"""

from __future__ import annotations

from dataclasses import dataclass

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..hooktypes import Contribution
from ..models import Project
from ..plugins import project_hooks
from .consent import publication_blockers
from .models import ShownPupil


@dataclass(frozen=True)
class ExposedItem:
    """A public item and the reasons it should not be public any more."""

    item: Contribution
    reasons: tuple[str, ...]


def exposed_items(session: Session, project: Project) -> list[ExposedItem]:
    """Public items of the space that show a pupil without public consent."""
    shown = set(
        session.scalars(
            select(ShownPupil.item_id)
            .where(ShownPupil.project_id == project.id)
            .distinct()
        )
    )
    if not shown:
        return []
    public = public_contributions(project, shown)
    found = [
        ExposedItem(item, tuple(publication_blockers(session, project, [item.id])))
        for item in public
    ]
    return [exposed for exposed in found if exposed.reasons]


def public_contributions(project: Project, ids: set[str]) -> list[Contribution]:
    batches = project_hooks(project).space_contributions(project=project)
    items = [item for batch in batches for item in batch or () if item.id in ids]
    return sorted((item for item in items if item.public), key=lambda item: item.id)
