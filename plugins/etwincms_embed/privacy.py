"""What the embed plugin stores about a person, for the export and erase hooks.

The one column naming a person is ``embed_item.author_id``. Erasing detaches the person
from the embeds they added (shown as "a former member") and keeps the embeds: they are
part of the space's pages. A teacher who wants one gone deletes it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select, update

from etwincms.db import get_session
from etwincms.models import User

from .models import EmbedItem

FIELDS = ("id", "project_id", "title", "description", "url", "provider", "created_at")


def export(user: User) -> dict[str, Any]:
    items = get_session().scalars(
        select(EmbedItem).where(EmbedItem.author_id == user.id)
    )
    return {"embeds": [row(item) for item in items.unique()]}


def row(item: EmbedItem) -> dict[str, Any]:
    data = {name: getattr(item, name) for name in FIELDS}
    data["created_at"] = item.created_at.isoformat()
    return data


def erase(user: User) -> None:
    get_session().execute(
        update(EmbedItem).where(EmbedItem.author_id == user.id).values(author_id=None)
    )
