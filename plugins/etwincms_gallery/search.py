"""Search documents for a space's gallery: one per photo or video with words to find.

An item is found by its caption, alt text and file name, under its album's title. An
item of a public album that is fit to be public (alt text, consent where pupils are
identifiable, see :func:`.policy.item_is_publishable`) is a public document; every other
item is members-only, so visitors never find what they could not open.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import SearchDocument
from etwincms.models import Project

from . import policy
from .models import Album, Item

PLUGIN = "gallery"


def documents(project: Project) -> Iterator[SearchDocument]:
    session = get_session()
    albums = {
        a.id: a
        for a in session.scalars(select(Album).where(Album.project_id == project.id))
    }
    items = session.scalars(
        select(Item).where(Item.project_id == project.id).order_by(Item.id)
    )
    for item in items:
        yield item_document(project, albums[item.album_id], item)


def item_document(project: Project, album: Album, item: Item) -> SearchDocument:
    public = album.is_public and policy.item_is_publishable(item)
    return SearchDocument(
        id=f"gallery_item:{item.id}",
        project_id=project.id,
        type="gallery_item",
        title=item.caption[:200] or item.alt_text[:200] or item.original_name,
        body="\n\n".join(filter(None, [item.caption, item.alt_text, album.title])),
        url=url_for("gallery.item", slug=project.slug, item_id=item.id),
        plugin=PLUGIN,
        visibility="public" if public else "members",
        updated_at=item.edited_at or item.created_at,
    )
