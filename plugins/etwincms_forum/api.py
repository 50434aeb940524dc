"""A small JSON API for the forum, mounted by the core at ``/api/v1/projects/<slug>/forum/``.

``GET /topics`` lists a page of the space's topics, ``GET /topics/<id>`` one topic with
its posts. It answers with what the same person sees in the browser (hidden posts carry
no text for non-moderators, pupils are named only to those who may see names) and with
``application/problem+json`` errors. The full flask-smorest API replaces it later.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, Response, jsonify, request, url_for

from etwincms.db import get_session
from etwincms.errors import NotFound, PermissionDenied
from etwincms.plugins import current_project, plugin_settings
from etwincms.web.helpers import signed_in_user

from . import queries
from .models import Forum, Topic

api_bp = Blueprint("forum_api", __name__)


@api_bp.get("/topics")
def topics() -> Response:
    project = current_project()
    listing = queries.topic_page(
        get_session(),
        signed_in_user(),
        project,
        page=request.args.get("page", 1, type=int),
        per_page=plugin_settings(project, "forum").get("topics_per_page", 25),
    )
    return jsonify(
        topics=[topic_row_json(row) for row in listing.rows],
        page=listing.page,
        pages=listing.pages,
        total=listing.total,
    )


@api_bp.get("/topics/<int:topic_id>")
def topic(topic_id: int) -> Response:
    session, user, project = get_session(), signed_in_user(), current_project()
    topic = queries.get_topic(session, user, project, topic_id)
    forum = session.get(Forum, topic.forum_id)
    posts = queries.topic_posts(session, user, project, topic)
    return jsonify(
        **topic_fields(topic, forum.title if forum else ""),
        posts=[post_json(post) for post in posts],
    )


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
        "last_activity": row.last_activity.isoformat(),
        "unread": row.unread,
    }


def post_json(post: queries.ShownPost) -> dict[str, Any]:
    return {
        "id": post.id,
        "author": post.author,
        "html": post.html,
        "hidden": post.hidden,
        "created_at": post.created_at.isoformat(),
        "edited_at": post.edited_at.isoformat() if post.edited_at else None,
    }


def problem(status: int, title: str, detail: str) -> tuple[Response, int]:
    response = jsonify(type="about:blank", title=title, status=status, detail=detail)
    response.mimetype = "application/problem+json"
    return response, status


@api_bp.errorhandler(PermissionDenied)
def forbidden(error: PermissionDenied) -> tuple[Response, int]:
    if signed_in_user() is None:
        return problem(401, "Unauthorized", "Sign in to read this forum.")
    return problem(403, "Forbidden", str(error))


@api_bp.errorhandler(NotFound)
@api_bp.errorhandler(404)
def not_found(error: Exception) -> tuple[Response, int]:
    # Also the core guard's 404 (no such space, or the forum is off in it).
    return problem(404, "Not Found", "Not found in this space.")
