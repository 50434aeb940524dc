"""Reading a space's embed library, as a given person may see it.

``embed.view`` decides who sees the library at all; authors are shown through the
core's ``shown_name``, so pupils are never named to people who may not see member names
(visitors of a public library). Visitors never get a pupil's embed that waits for a
teacher (:mod:`.publication`).
"""

from __future__ import annotations

from collections.abc import Sequence

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.errors import NotFound
from etwincms.models import Project, User
from etwincms.permissions import can, membership_of, require
from etwincms.privacy import shown_name

from . import publication
from .models import EmbedItem


def items_after(
    session: Session,
    user: User | None,
    project: Project,
    *,
    after: int | None,
    limit: int,
) -> Sequence[EmbedItem]:
    """Newest first, the ones older than ``after`` (an id) when given."""
    require(user, "embed.view", project)
    query = select(EmbedItem).where(EmbedItem.project_id == project.id)
    if not sees_unapproved(user, project):
        query = query.where(EmbedItem.publication == publication.PUBLIC)
    if after is not None:
        query = query.where(EmbedItem.id < after)
    return (
        session.scalars(query.order_by(EmbedItem.id.desc()).limit(limit)).unique().all()
    )


def get_item(
    session: Session, user: User | None, project: Project, item_id: int
) -> EmbedItem:
    require(user, "embed.view", project)
    item = session.get(EmbedItem, item_id)
    if item is None or item.project_id != project.id:
        raise NotFound(f"embed {item_id}")
    if not sees_unapproved(user, project) and not publication.visitors_may_see(item):
        raise NotFound(f"embed {item_id}")
    return item


def sees_unapproved(user: User | None, project: Project) -> bool:
    """Members (and site admins) see every embed; visitors only approved ones."""
    if user is not None and getattr(user, "is_site_admin", False):
        return True
    return membership_of(user, project) is not None


def author_of(item: EmbedItem, user: User | None, project: Project) -> str:
    return shown_name(item.author, names_visible=can(user, "member.view", project))
