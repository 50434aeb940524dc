"""Search documents for a space's embed library: one per embed, its title and text.

Documents are marked ``public``: who finds them is decided when searching by
``embed.view`` (the content type's capability), which the space's "public embeds"
setting opens to visitors; a pupil's embed that waits for a teacher is ``members`` only.
No document names a person.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import SearchDocument
from etwincms.models import Project

from . import publication
from .models import EmbedItem


def documents(project: Project) -> Iterator[SearchDocument]:
    items = get_session().scalars(
        select(EmbedItem)
        .where(EmbedItem.project_id == project.id)
        .order_by(EmbedItem.id)
    )
    for item in items.unique():
        yield SearchDocument(
            id=f"embed_item:{item.id}",
            project_id=project.id,
            type="embed_item",
            title=item.title,
            body=f"{item.description}\n{item.provider}",
            url=url_for("embed.item", slug=project.slug, item_id=item.id),
            plugin="embed",
            language=(project.languages or ["en"])[0],
            visibility="public" if publication.visitors_may_see(item) else "members",
            updated_at=item.updated_at,
        )
