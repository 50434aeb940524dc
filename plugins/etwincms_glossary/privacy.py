"""What the glossary stores about a person, for the export and erase privacy hooks.

Columns naming a person: ``glossary_concept.author_id`` and ``glossary_term.author_id``.
Erasing detaches the person from what they wrote (the author becomes "a former member")
but keeps the terms: a glossary is the space's shared work, and a translation a partner
relies on should not vanish with its writer's account. A teacher who wants an entry gone
deletes it. The school a concept came from stays: it names an institution, not a person.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from etwincms.db import get_session
from etwincms.models import User

from .models import Concept, Term


def export(user: User) -> dict[str, Any]:
    """Concepts added and terms written, with their texts."""
    return {
        "concepts": rows(
            Concept.author_id, user, "id", "project_id", "category", "created_at"
        ),
        "terms": rows(
            Term.author_id,
            user,
            "id",
            "concept_id",
            "language",
            "text",
            "definition",
            "example",
            "created_at",
            "updated_at",
        ),
    }


def rows(column: Any, user: User, *fields: str) -> list[dict[str, Any]]:
    """``fields`` of every row whose ``column`` names ``user``, JSON-ready."""
    found = get_session().scalars(select(column.class_).where(column == user.id))
    return [{name: plain(getattr(row, name)) for name in fields} for row in found]


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def erase(user: User) -> None:
    """Detach the person from the concepts and terms they wrote."""
    session = get_session()
    for column in (Concept.author_id, Term.author_id):
        session.execute(
            update(column.class_).where(column == user.id).values({column.key: None})
        )
