"""The forum's JSON API, mounted by the core at ``/api/v1/projects/<slug>/forum/``.

A flask-smorest blueprint, so its operations join ``/api/v1/openapi.json`` under the tag
``forum_api``: ``GET /topics`` pages through the space's topics (newest first, with the
core's cursors), ``GET /topics/<id>`` answers a topic with its posts, ``POST /topics``
starts a topic and ``POST /topics/<id>/posts`` replies. Reads answer what the same
person sees in the browser (hidden posts carry no text for non-moderators, pupils are
named only to those who may see names); writes go through :mod:`.services`, so the API
allows exactly what the forum's capabilities allow. Errors are the core's
``application/problem+json`` documents.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from etwincms.api.common import decode_cursor, documents_errors, page_of
from etwincms.api.schemas import ListArgs, Strict, list_of
from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied
from etwincms.models import User
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import queries, services
from .models import Forum, Topic
from .services import MAX_BODY

blp = Blueprint(
    "forum_api", __name__, description="The forum of a space: topics and posts"
)

# -- schemas (named Forum... because component names are shared by the whole API) ----


class ForumRefSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)


class ForumTopicSchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    forum = fields.Nested(ForumRefSchema, required=True)
    pinned = fields.Boolean(required=True)
    locked = fields.Boolean(required=True)
    url = fields.String(required=True, metadata={"description": "The topic's page."})


class ForumTopicRowSchema(ForumTopicSchema):
    author = fields.String(required=True)
    replies = fields.Integer(required=True)
    last_activity = fields.DateTime(required=True)
    unread = fields.Boolean(
        required=True,
        metadata={"description": "The caller has not read the newest post."},
    )


class ForumPostSchema(Schema):
    id = fields.Integer(required=True)
    author = fields.String(required=True)
    html = fields.String(
        required=True,
        allow_none=True,
        metadata={"description": "Sanitized HTML; null when hidden from the caller."},
    )
    hidden = fields.Boolean(required=True)
    opening = fields.Boolean(
        required=True, metadata={"description": "The post that opened the topic."}
    )
    created_at = fields.DateTime(required=True)
    edited_at = fields.DateTime(required=True, allow_none=True)


class ForumTopicDetailSchema(ForumTopicSchema):
    posts = fields.List(fields.Nested(ForumPostSchema), required=True)


class ForumTopicArgs(ListArgs):
    forum_id = fields.Integer(
        load_default=None, metadata={"description": "Only this forum's topics."}
    )


class ForumReplySchema(Strict):
    body = fields.String(
        required=True,
        validate=validate.Length(min=1, max=MAX_BODY),
        metadata={"description": "Markdown."},
    )


class ForumTopicCreateSchema(ForumReplySchema):
    forum_id = fields.Integer(required=True)
    title = fields.String(required=True, validate=validate.Length(min=1, max=200))


ForumTopicList = list_of(ForumTopicRowSchema, "ForumTopicList")


# -- operations ----------------------------------------------------------------------


@blp.get("/topics")
@blp.arguments(ForumTopicArgs, location="query")
@blp.response(200, ForumTopicList)
@documents_errors(blp)
def list_topics(args: dict[str, Any]) -> dict[str, Any]:
    """The space's topics the caller may read, newest first."""
    session, user, project = get_session(), signed_in_user(), current_project()
    forum_id = args["forum_id"]
    forum = queries.get_forum(session, user, project, forum_id) if forum_id else None
    rows = queries.topics_after(
        session,
        user,
        project,
        after=decode_cursor(args["cursor"]),
        limit=args["limit"] + 1,
        forum=forum,
    )
    listing = page_of(rows, args["limit"], key=lambda row: row.topic.id)
    listing["items"] = [topic_row_json(row) for row in listing["items"]]
    return listing


@blp.post("/topics")
@blp.arguments(ForumTopicCreateSchema)
@blp.response(201, ForumTopicDetailSchema)
@documents_errors(blp)
def start_topic(data: dict[str, Any]) -> dict[str, Any]:
    """Start a topic in forum ``forum_id`` with its first post (``forum.post``)."""
    session, user, project = get_session(), member(), current_project()
    forum = queries.get_forum(session, user, project, data.pop("forum_id"))
    topic = services.create_topic(session, user, project, forum, **data)
    commit(session)
    return topic_json(topic)


@blp.get("/topics/<int:topic_id>")
@blp.response(200, ForumTopicDetailSchema)
@documents_errors(blp)
def read_topic(topic_id: int) -> dict[str, Any]:
    """A topic with its posts, oldest first."""
    session, user, project = get_session(), signed_in_user(), current_project()
    return topic_json(queries.get_topic(session, user, project, topic_id))


@blp.post("/topics/<int:topic_id>/posts")
@blp.arguments(ForumReplySchema)
@blp.response(201, ForumPostSchema)
@documents_errors(blp)
def reply(data: dict[str, Any], topic_id: int) -> queries.ShownPost:
    """Reply in a topic (``forum.reply``; a locked topic takes moderators' only)."""
    session, user, project = get_session(), member(), current_project()
    topic = queries.get_topic(session, user, project, topic_id)
    post = services.reply(session, user, project, topic, body=data["body"])
    commit(session)
    shown = queries.topic_posts(session, user, project, topic)
    return next(item for item in shown if item.id == post.id)


# -- answers -------------------------------------------------------------------------


def member() -> User:
    """The caller; writing needs one (the core already refused anonymous writes)."""
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("forum.reply")
    return user


def topic_fields(topic: Topic, forum_title: str) -> dict[str, Any]:
    return {
        "id": topic.id,
        "title": topic.title,
        "forum": {"id": topic.forum_id, "title": forum_title},
        "pinned": topic.pinned,
        "locked": topic.locked,
        "url": url_for("forum.topic", topic_id=topic.id, _external=True),
    }


def topic_row_json(row: queries.TopicRow) -> dict[str, Any]:
    return {
        **topic_fields(row.topic, row.forum_title),
        "author": row.author,
        "replies": row.replies,
        "last_activity": row.last_activity,
        "unread": row.unread,
    }


def topic_json(topic: Topic) -> dict[str, Any]:
    """The topic with its posts as the caller may see them."""
    session, user, project = get_session(), signed_in_user(), current_project()
    forum = session.get(Forum, topic.forum_id)
    return {
        **topic_fields(topic, forum.title if forum else ""),
        "posts": queries.topic_posts(session, user, project, topic),
    }
