"""Reading the gallery: the albums and items a person may see, and how uploaders are named.

Every function answers only what the caller may see (see :mod:`.policy`): visitors get
the public albums of a public space and, in them, only the items fit to be public.
Objects of another space, or hidden from the caller, are simply not found.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.errors import NotFound
from etwincms.models import Project, User
from etwincms.permissions import can
from etwincms.privacy import shown_name

from . import policy
from .models import Album, Item


def albums_of(
    session: Session,
    user: User | None,
    project: Project,
    *,
    after: int | None = None,
    limit: int | None = None,
) -> list[Album]:
    """The albums the caller may see, oldest first (``after`` an id, at most ``limit``)."""
    if not can(user, "gallery.view", project):
        raise NotFound("gallery")
    query = select(Album).where(Album.project_id == project.id).order_by(Album.id)
    if not policy.sees_everything(user, project):
        query = query.where(Album.visibility == "public")
    if after is not None:
        query = query.where(Album.id > after)
    if limit is not None:
        query = query.limit(limit)
    return list(session.scalars(query))


def get_album(
    session: Session, user: User | None, project: Project, album_id: int
) -> Album:
    album = session.get(Album, album_id)
    if album is None or album.project_id != project.id:
        raise NotFound(f"album {album_id}")
    if not policy.may_see_album(user, project, album):
        raise NotFound(f"album {album_id}")
    return album


def items_of(
    session: Session,
    user: User | None,
    project: Project,
    album: Album,
    *,
    after_position: int | None = None,
) -> list[Item]:
    """The album's items the caller may see, in the album's order."""
    query = (
        select(Item).where(Item.album_id == album.id).order_by(Item.position, Item.id)
    )
    if after_position is not None:
        query = query.where(Item.position > after_position)
    items = session.scalars(query)
    if policy.sees_everything(user, project):
        return list(items)
    return [item for item in items if policy.item_is_publishable(item)]


def get_item(
    session: Session, user: User | None, project: Project, item_id: int
) -> tuple[Item, Album]:
    item = session.get(Item, item_id)
    if item is None or item.project_id != project.id:
        raise NotFound(f"item {item_id}")
    album = get_album(session, user, project, item.album_id)
    if not policy.may_see_item(user, project, album, item):
        raise NotFound(f"item {item_id}")
    return item, album


def cover_of(items: list[Item], album: Album) -> Item | None:
    """The chosen cover when the caller sees it, else the first item with a picture."""
    pictured = [item for item in items if item.small_key]
    chosen = next((item for item in pictured if item.id == album.cover_item_id), None)
    return chosen or (pictured[0] if pictured else None)


def uploader_name(item: Item, viewer: User | None, project: Project) -> str:
    """Members see names; public pages never name a pupil."""
    return shown_name(item.uploader, names_visible=can(viewer, "member.view", project))
