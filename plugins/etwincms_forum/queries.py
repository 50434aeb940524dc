"""Reading the forum: categories, pages of topics with unread markers, a topic's posts.

Every function checks ``forum.view`` and that the object belongs to the space (an id from
another space is simply not found), and that its category is one the viewer may read (a
working group's category is not found by anyone outside the group but its teachers;
lists leave it out with an SQL condition, see :func:`policy.readable_forums`). Lists are
built with one aggregate query per page, not a query per topic. Posts reach templates
and the API as :class:`ShownPost`, which carries the HTML only when the viewer may read
it: a hidden post's text never leaves this module for anyone but a moderator.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from datetime import datetime
from typing import Any

from sqlalchemy import Select, and_, case, func, literal, select, true
from sqlalchemy.orm import Session, joinedload

from etwincms.errors import NotFound
from etwincms.models import Project, User
from etwincms.permissions import can, require
from etwincms.privacy import shown_name

from . import policy
from .models import Forum, Post, PostRevision, ReadMarker, Subscription, Topic


@dataclass(frozen=True, slots=True)
class ForumRow:
    forum: Forum
    topics: int
    last_activity: datetime | None


@dataclass(frozen=True, slots=True)
class TopicRow:
    topic: Topic
    forum_title: str
    author: str
    replies: int
    last_activity: datetime
    #: The viewer has not seen the newest post they may read.
    unread: bool


@dataclass(frozen=True, slots=True)
class TopicPage:
    rows: list[TopicRow]
    page: int
    pages: int
    total: int


@dataclass(frozen=True, slots=True)
class ShownPost:
    """A post as one viewer may see it: ``html`` is None when it is hidden from them."""

    id: int
    author: str
    html: str | None
    hidden: bool
    opening: bool
    created_at: datetime
    edited_at: datetime | None
    editable: bool


def names_visible(viewer: User | None, project: Project) -> bool:
    return can(viewer, "member.view", project)


def author_name(user: User | None, viewer: User | None, project: Project) -> str:
    return shown_name(user, names_visible=names_visible(viewer, project))


# -- single objects ------------------------------------------------------------------


def get_forum(
    session: Session, viewer: User | None, project: Project, forum_id: int
) -> Forum:
    require(viewer, "forum.view", project)
    forum = session.get(Forum, forum_id)
    if forum is None:
        raise NotFound(f"forum {forum_id}")
    policy.require_read_forum(viewer, project, forum)
    return forum


def get_topic(
    session: Session, viewer: User | None, project: Project, topic_id: int
) -> Topic:
    require(viewer, "forum.view", project)
    topic = session.get(Topic, topic_id)
    if topic is None or not policy.may_read_topic(viewer, project, topic):
        raise NotFound(f"topic {topic_id}")
    return topic


def get_post(
    session: Session, viewer: User | None, project: Project, post_id: int
) -> tuple[Post, Topic]:
    require(viewer, "forum.view", project)
    post = session.get(Post, post_id)
    topic = session.get(Topic, post.topic_id) if post is not None else None
    if (
        post is None
        or topic is None
        or not policy.may_read_topic(viewer, project, topic)
    ):
        raise NotFound(f"post {post_id}")
    return post, topic


# -- lists ---------------------------------------------------------------------------


def forums_of(
    session: Session, viewer: User | None, project: Project
) -> list[ForumRow]:
    """The space's categories in order, with their topic counts and last activity."""
    require(viewer, "forum.view", project)
    stats = post_stats(viewer, project)
    counts = (
        select(
            Topic.forum_id,
            func.count(Topic.id).label("topics"),
            func.max(stats.c.last_at).label("last_at"),
        )
        .outerjoin(stats, stats.c.topic_id == Topic.id)
        .where(Topic.project_id == project.id)
        .group_by(Topic.forum_id)
        .subquery()
    )
    rows = session.execute(
        select(Forum, counts.c.topics, counts.c.last_at)
        .outerjoin(counts, counts.c.forum_id == Forum.id)
        .where(Forum.project_id == project.id, policy.readable_forums(viewer, project))
        .order_by(Forum.position, Forum.id)
    )
    return [ForumRow(forum, topics or 0, last_at) for forum, topics, last_at in rows]


def topic_page(
    session: Session,
    viewer: User | None,
    project: Project,
    *,
    forum: Forum | None = None,
    page: int = 1,
    per_page: int = 25,
) -> TopicPage:
    """One page of topics (of a forum, or of the whole space): pinned first, then by
    last activity."""
    require(viewer, "forum.view", project)
    where: list[Any] = [
        Topic.project_id == project.id,
        policy.readable_topics(viewer, project),
    ]
    if forum is not None:
        where.append(Topic.forum_id == forum.id)
    total = session.scalar(select(func.count(Topic.id)).where(*where)) or 0
    pages = max(1, math.ceil(total / per_page))
    page = max(1, min(page, pages))
    query = topic_rows_query(viewer, project).where(*where)
    rows = run_topic_rows(
        session, viewer, project, query.limit(per_page).offset((page - 1) * per_page)
    )
    return TopicPage(rows, page, pages, total)


def topics_after(
    session: Session,
    viewer: User | None,
    project: Project,
    *,
    after: int | None,
    limit: int,
    forum: Forum | None = None,
) -> list[TopicRow]:
    """Up to ``limit`` topics (of a forum, or of the space), newest first, with ids
    below ``after``. The API pages with cursors on this order: unlike the web's pinned
    and last-activity order it never moves a topic between pages when someone posts."""
    require(viewer, "forum.view", project)
    query = topic_rows_query(viewer, project).where(
        Topic.project_id == project.id, policy.readable_topics(viewer, project)
    )
    if forum is not None:
        query = query.where(Topic.forum_id == forum.id)
    if after is not None:
        query = query.where(Topic.id < after)
    query = query.order_by(None).order_by(Topic.id.desc()).limit(limit)
    return run_topic_rows(session, viewer, project, query)


def subscribed_topics(
    session: Session, viewer: User, project: Project
) -> list[TopicRow]:
    """The topics of this space the viewer follows, most recently active first."""
    require(viewer, "forum.view", project)
    query = (
        topic_rows_query(viewer, project)
        .join(
            Subscription,
            and_(Subscription.topic_id == Topic.id, Subscription.user_id == viewer.id),
        )
        .where(Topic.project_id == project.id, policy.readable_topics(viewer, project))
    )
    return run_topic_rows(session, viewer, project, query)


def post_stats(viewer: User | None, project: Project) -> Any:
    """Per topic: replies, newest post id and time, counting only posts the viewer
    may read (a hidden post is neither "new" nor activity for non-moderators)."""
    shown = true() if policy.is_moderator(viewer, project) else Post.hidden_at.is_(None)
    return (
        select(
            Post.topic_id,
            func.sum(case((Post.opening, 0), else_=1)).label("replies"),
            func.max(Post.id).label("last_id"),
            func.max(Post.created_at).label("last_at"),
        )
        .where(shown)
        .group_by(Post.topic_id)
        .subquery()
    )


def topic_rows_query(viewer: User | None, project: Project) -> Select[Any]:
    stats = post_stats(viewer, project)
    last_activity = func.coalesce(stats.c.last_at, Topic.created_at)
    read_up_to = (
        select(ReadMarker.last_read_post_id)
        .where(ReadMarker.topic_id == Topic.id, ReadMarker.user_id == viewer.id)
        .scalar_subquery()
        if viewer is not None
        else literal(None)
    )
    return (
        select(Topic, Forum.title, stats.c.replies, stats.c.last_id, stats.c.last_at)
        .add_columns(read_up_to.label("read_up_to"))
        .join(Forum, Forum.id == Topic.forum_id)
        .outerjoin(stats, stats.c.topic_id == Topic.id)
        .options(joinedload(Topic.author).joinedload(User.school))
        .order_by(Topic.pinned.desc(), last_activity.desc(), Topic.id.desc())
    )


def run_topic_rows(
    session: Session, viewer: User | None, project: Project, query: Select[Any]
) -> list[TopicRow]:
    visible = names_visible(viewer, project)
    return [
        TopicRow(
            topic=topic,
            forum_title=forum_title,
            author=shown_name(topic.author, names_visible=visible),
            replies=int(replies or 0),
            last_activity=last_at or topic.created_at,
            unread=viewer is not None and (last_id or 0) > (read_up_to or 0),
        )
        for topic, forum_title, replies, last_id, last_at, read_up_to in session.execute(
            query
        ).unique()
    ]


# -- a topic's posts -----------------------------------------------------------------


def topic_posts(
    session: Session, viewer: User | None, project: Project, topic: Topic
) -> list[ShownPost]:
    """Every post of the topic, oldest first, as the viewer may see it."""
    require(viewer, "forum.view", project)
    posts = session.scalars(
        select(Post)
        .where(Post.topic_id == topic.id)
        .options(joinedload(Post.author).joinedload(User.school))
        .order_by(Post.id)
    )
    visible = names_visible(viewer, project)
    return [shown_post(post, topic, viewer, project, visible) for post in posts]


def shown_post(
    post: Post, topic: Topic, viewer: User | None, project: Project, visible: bool
) -> ShownPost:
    readable = policy.may_read_body(viewer, project, post)
    return ShownPost(
        id=post.id,
        author=shown_name(post.author, names_visible=visible),
        html=post.body_html if readable else None,
        hidden=post.hidden,
        opening=post.opening,
        created_at=post.created_at,
        edited_at=post.edited_at,
        editable=policy.may_edit(viewer, project, topic, post),
    )


def last_readable_post_id(posts: list[ShownPost]) -> int:
    return max((p.id for p in posts if p.html is not None), default=0)


def post_history(
    session: Session, viewer: User | None, project: Project, post: Post
) -> list[PostRevision]:
    """Every saved version of a post, newest first (hidden posts: moderators only)."""
    if not policy.may_read_body(viewer, project, post):
        raise NotFound(f"post {post.id}")
    return list(
        session.scalars(
            select(PostRevision)
            .where(PostRevision.post_id == post.id)
            .options(joinedload(PostRevision.editor).joinedload(User.school))
            .order_by(PostRevision.number.desc())
        )
    )


def quote_of(
    session: Session, viewer: User | None, project: Project, topic: Topic, post_id: int
) -> str:
    """Markdown quoting a shown post of ``topic`` for a reply ("" if there is none)."""
    post = session.scalar(
        select(Post)
        .where(Post.id == post_id, Post.topic_id == topic.id)
        .options(joinedload(Post.author).joinedload(User.school))
    )
    # Hidden text stays hidden: not even a moderator's quote republishes it.
    if post is None or post.hidden:
        return ""
    name = author_name(post.author, viewer, project)
    quoted = "\n".join(f"> {line}".rstrip() for line in post.body.splitlines())
    return f"> {name} wrote:\n>\n{quoted}\n\n"


def is_subscribed(session: Session, viewer: User | None, topic: Topic) -> bool:
    if viewer is None:
        return False
    return session.get(Subscription, (viewer.id, topic.id)) is not None
