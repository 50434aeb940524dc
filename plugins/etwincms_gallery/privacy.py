"""What the gallery stores about a person, for the export and erase privacy hooks.

Columns naming a person: ``gallery_item.uploader_id``, ``gallery_item.consent_by_id``
and ``gallery_album.created_by_id``. The export lists a person's uploads (with their
captions and alt texts) and the consents they confirmed. Erasing deletes the person's
uploads — photos are personal data, often of the person themselves, so they do not stay
behind anonymised — and detaches them from consents and albums they made.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from etwincms.db import get_session
from etwincms.models import Project, User
from etwincms.search import outbox as search_outbox

from .models import Album, Item, json_ready

ITEM_FIELDS = (
    "id",
    "album_id",
    "kind",
    "original_name",
    "media_type",
    "size",
    "caption",
    "alt_text",
    "identifiable",
    "created_at",
    "edited_at",
)


def export(user: User) -> dict[str, Any]:
    """Uploads, consents confirmed, albums created."""
    return {
        "uploads": [upload_json(item) for item in uploads(user)],
        "consents_confirmed": rows(
            Item.consent_by_id, user, "id", "album_id", "consent_at"
        ),
        "albums_created": rows(Album.created_by_id, user, "id", "title", "created_at"),
    }


def uploads(user: User) -> list[Item]:
    return list(
        get_session().scalars(
            select(Item).where(Item.uploader_id == user.id).order_by(Item.id)
        )
    )


def upload_json(item: Item) -> dict[str, Any]:
    """The item's fields and its file's key (the download archive copies the file)."""
    fields = {name: json_ready(getattr(item, name)) for name in ITEM_FIELDS}
    return fields | {"stored_file": item.storage_key}


def rows(column: Any, user: User, *fields: str) -> list[dict[str, Any]]:
    """``fields`` of every row whose ``column`` names ``user``, JSON-ready."""
    found = get_session().scalars(
        select(column.class_).where(column == user.id).order_by(column.class_.id)
    )
    return [{name: json_ready(getattr(row, name)) for name in fields} for row in found]


def erase(user: User) -> None:
    """Delete their uploads; detach them from consents and albums."""
    session = get_session()
    spaces = set(
        session.scalars(select(Item.project_id).where(Item.uploader_id == user.id))
    )
    uploaded = select(Item.id).where(Item.uploader_id == user.id)
    session.execute(
        update(Album)
        .where(Album.cover_item_id.in_(uploaded))
        .values(cover_item_id=None)
    )
    session.execute(delete(Item).where(Item.uploader_id == user.id))
    session.execute(
        update(Item).where(Item.consent_by_id == user.id).values(consent_by_id=None)
    )
    session.execute(
        update(Album).where(Album.created_by_id == user.id).values(created_by_id=None)
    )
    for project_id in sorted(spaces):  # their photos leave the search index too
        search_outbox.enqueue_plugin(
            session, session.get(Project, project_id), "gallery"
        )
