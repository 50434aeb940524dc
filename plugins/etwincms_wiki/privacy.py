"""What the wiki stores about a person, for the export and erase privacy hooks.

Columns naming a person: ``wiki_article.created_by_id``, ``wiki_revision.author_id``,
``wiki_revision.reviewed_by_id`` and ``wiki_comment.author_id``. Erasing follows the
forum: the person is detached from what they wrote (shown as "a former member") but the
text stays, because an article is written together and later revisions build on theirs.
A teacher who wants a text gone reverts it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import select, update

from etwincms.db import get_session
from etwincms.models import User

from .models import Article, Comment, Revision


def export(user: User) -> dict[str, Any]:
    """Articles started, every revision written, reviews done, discussion messages."""
    return {
        "articles": rows(
            Article.created_by_id, user, "id", "project_id", "title", "created_at"
        ),
        "revisions": rows(
            Revision.author_id,
            user,
            "article_id",
            "number",
            "title",
            "body",
            "summary",
            "created_at",
        ),
        "reviews": rows(
            Revision.reviewed_by_id, user, "article_id", "number", "reviewed_at"
        ),
        "comments": rows(
            Comment.author_id, user, "id", "article_id", "body", "created_at"
        ),
    }


def rows(column: Any, user: User, *fields: str) -> list[dict[str, Any]]:
    """``fields`` of every row whose ``column`` names ``user``, JSON-ready."""
    found = get_session().scalars(select(column.class_).where(column == user.id))
    return [{name: plain(getattr(row, name)) for name in fields} for row in found]


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def erase(user: User) -> None:
    """Detach the person from their articles, revisions, reviews and messages."""
    session = get_session()
    for column in (
        Article.created_by_id,
        Revision.author_id,
        Revision.reviewed_by_id,
        Comment.author_id,
    ):
        session.execute(
            update(column.class_).where(column == user.id).values({column.key: None})
        )
