"""What the forum stores about a person, for the export and erase privacy hooks.

Columns naming a person: ``forum_topic.author_id``, ``forum_post.author_id``,
``forum_post.hidden_by_id``, ``forum_post_revision.editor_id``,
``forum_subscription.user_id`` and ``forum_read_marker.user_id``. Erasing detaches the
person from what they wrote (the author becomes "a former member") but keeps the text, so
that a discussion keeps its shape and replies that quote it still make sense; their
subscriptions and read markers are deleted. A moderator who needs a text gone hides it.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import delete, select, update

from etwincms.db import get_session
from etwincms.models import User

from .models import Post, PostRevision, ReadMarker, Subscription, Topic


def export(user: User) -> dict[str, Any]:
    """Topics opened, posts written (with every version), moderation, follows."""
    return {
        "topics": rows(
            Topic.author_id, user, "id", "project_id", "title", "created_at"
        ),
        "posts": rows(
            Post.author_id, user, "id", "topic_id", "body", "created_at", "edited_at"
        ),
        "revisions": rows(
            PostRevision.editor_id, user, "post_id", "number", "body", "created_at"
        ),
        "posts_hidden": rows(Post.hidden_by_id, user, "id", "topic_id", "hidden_at"),
        "subscriptions": rows(Subscription.user_id, user, "topic_id", "created_at"),
        "read_markers": rows(
            ReadMarker.user_id, user, "topic_id", "last_read_post_id", "updated_at"
        ),
    }


def rows(column: Any, user: User, *fields: str) -> list[dict[str, Any]]:
    """``fields`` of every row whose ``column`` names ``user``, JSON-ready."""
    found = get_session().scalars(select(column.class_).where(column == user.id))
    return [{name: plain(getattr(row, name)) for name in fields} for row in found]


def plain(value: Any) -> Any:
    return value.isoformat() if isinstance(value, datetime) else value


def erase(user: User) -> None:
    """Detach the person from their texts; delete their follows and read markers."""
    session = get_session()
    for column in (
        Topic.author_id,
        Post.author_id,
        Post.hidden_by_id,
        PostRevision.editor_id,
    ):
        session.execute(
            update(column.class_).where(column == user.id).values({column.key: None})
        )
    session.execute(delete(Subscription).where(Subscription.user_id == user.id))
    session.execute(delete(ReadMarker).where(ReadMarker.user_id == user.id))
