"""The space's embed library as contributions, for phase views, reports and the queue.

Every embed is a contribution (``embed_item:<id>``, its search document's id) by the
member who added it; it is public when the space made its library public and no teacher
still has to approve it. Embeds are tools and videos from elsewhere, not results of the
project, so none is an output. One query.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import Contribution
from etwincms.models import Project

from . import policy, publication
from .models import EmbedItem


def item_url(project: Project, item: EmbedItem) -> str:
    return f"/s/{project.slug}/-/embed/e/{item.id}"


def contribution(project: Project, item: EmbedItem) -> Contribution:
    return Contribution(
        id=publication.item_id(item),
        type=publication.TYPE,
        plugin="embed",
        title=item.title,
        url=item_url(project, item),
        author_id=item.author_id,
        created_at=item.created_at,
        public=policy.is_public(project) and publication.visitors_may_see(item),
    )


def space_contributions(project: Project) -> Iterator[Contribution]:
    query = select(EmbedItem).where(EmbedItem.project_id == project.id)
    for item in get_session().scalars(query.order_by(EmbedItem.id)).unique():
        yield contribution(project, item)
