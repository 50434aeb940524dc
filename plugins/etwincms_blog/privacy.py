"""What the blog stores about a person, for the export and erase privacy hooks.

Columns naming a person: ``blog_post.author_id``, ``blog_comment.author_id``,
``blog_comment.moderated_by_id`` and ``blog_traveller.user_id``. Erasing deletes the
person's comments (short, personal remarks that make no sense without their author) and
their traveller marks, and detaches them from their posts: a diary keeps its entries,
shown as by "a former member", and a teacher who wants an entry gone deletes it.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from etwincms.db import get_session
from etwincms.models import User

from .models import Comment, Post, Traveller, json_ready


def export(user: User) -> dict[str, Any]:
    """Posts (with tags), comments, comments moderated, trips."""
    session = get_session()
    posts = session.scalars(
        select(Post).where(Post.author_id == user.id).order_by(Post.id)
    )
    return {
        "posts": [post_json(post) for post in posts],
        "comments": rows(
            Comment.author_id,
            user,
            "id",
            "post_id",
            "body",
            "kind",
            "status",
            "created_at",
        ),
        "comments_moderated": rows(
            Comment.moderated_by_id, user, "id", "post_id", "status", "moderated_at"
        ),
        "travelled_with_blogs": rows(Traveller.user_id, user, "blog_id"),
    }


def post_json(post: Post) -> dict[str, Any]:
    fields = (
        "id",
        "blog_id",
        "title",
        "body",
        "phase",
        "status",
        "publish_at",
        "created_at",
        "edited_at",
    )
    return {
        **{name: json_ready(getattr(post, name)) for name in fields},
        "tags": post.tag_names,
    }


def rows(column: Any, user: User, *fields: str) -> list[dict[str, Any]]:
    """``fields`` of every row whose ``column`` names ``user``, JSON-ready."""
    found = get_session().scalars(select(column.class_).where(column == user.id))
    return [{name: json_ready(getattr(row, name)) for name in fields} for row in found]


def erase(user: User) -> None:
    """Delete their comments and trips; detach them from posts and moderation."""
    session = get_session()
    session.execute(delete(Comment).where(Comment.author_id == user.id))
    session.execute(delete(Traveller).where(Traveller.user_id == user.id))
    for column in (Post.author_id, Comment.moderated_by_id):
        session.execute(
            update(column.class_).where(column == user.id).values({column.key: None})
        )
