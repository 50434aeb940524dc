"""Search documents for a space's forum: one per topic and one per readable post.

Hidden posts are left out (search results must not show what a moderator hid), and so
is a topic's text when its opening post is hidden. Every document is members-only, like
the forum itself in this version. A working group's category gives its documents the
group's audience: only its members and the space's teachers find them, as only they
may read it.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.groups.access import audience
from etwincms.hooktypes import SearchDocument
from etwincms.models import Project

from .models import Forum, Post, Topic

PLUGIN = "forum"


def documents(project: Project) -> Iterator[SearchDocument]:
    session = get_session()
    rows = session.execute(
        select(Topic, Forum.group_id)
        .join(Forum, Forum.id == Topic.forum_id)
        .where(Topic.project_id == project.id)
    )
    topics = {topic.id: (topic, group_tag(group_id)) for topic, group_id in rows}
    posts = session.scalars(
        select(Post)
        .where(Post.topic_id.in_(topics), Post.hidden_at.is_(None))
        .order_by(Post.id)
    )
    for post in posts:
        topic, tag = topics[post.topic_id]
        if post.opening:
            yield topic_document(project, topic, post, tag)
        yield post_document(project, topic, post, tag)


def group_tag(group_id: int | None) -> str:
    """The search audience of a category's documents: its group's, or everyone's."""
    return audience(group_id) if group_id is not None else ""


def topic_url(project: Project, topic: Topic, post: Post | None = None) -> str:
    anchor = f"post-{post.id}" if post is not None else None
    return url_for("forum.topic", slug=project.slug, topic_id=topic.id, _anchor=anchor)


def topic_document(
    project: Project, topic: Topic, opening: Post, tag: str = ""
) -> SearchDocument:
    return SearchDocument(
        id=f"forum_topic:{topic.id}",
        project_id=project.id,
        type="forum_topic",
        title=topic.title,
        body=opening.body,
        url=topic_url(project, topic),
        plugin=PLUGIN,
        visibility="members",
        updated_at=opening.edited_at or opening.created_at,
        audience=tag,
    )


def post_document(
    project: Project, topic: Topic, post: Post, tag: str = ""
) -> SearchDocument:
    return SearchDocument(
        id=f"forum_post:{post.id}",
        project_id=project.id,
        type="forum_post",
        title=topic.title,
        body=post.body,
        url=topic_url(project, topic, post),
        plugin=PLUGIN,
        visibility="members",
        updated_at=post.edited_at or post.created_at,
        audience=tag,
    )
