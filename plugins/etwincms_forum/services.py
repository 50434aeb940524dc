"""Changing the forum: categories, topics, posts and moderation.

Every function takes ``(session, actor, project, ...)`` like the core's services, checks
permissions itself (so the web UI, the API and the CLI can never disagree), validates its
input with a :class:`~etwincms.errors.ValidationError` naming the field, and flushes —
the caller commits with ``etwincms.db.commit`` so that queued events reach other plugins
only after the change is stored. Post text is rendered and sanitized here, once, at
save. Following topics and read markers live in :mod:`.following`.
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from etwincms import events
from etwincms.content.render import render_markdown
from etwincms.db import utcnow
from etwincms.errors import NotFound, PermissionDenied, ValidationError
from etwincms.models import Project, User
from etwincms.permissions import require
from etwincms.search import outbox as search_outbox
from etwincms.services import audit
from etwincms.services.validation import required_text

from . import following, policy
from .models import Forum, Post, PostRevision, Topic

MAX_BODY = 50_000
DEFAULT_FORUM = "General"


def search_changed(session: Session, project: Project) -> None:
    """The space's forum documents changed: the index rebuilds them after the commit."""
    search_outbox.enqueue_plugin(session, project, "forum")


def required_body(value: str | None) -> str:
    """Post text: stripped, not empty, not huge. Line breaks matter in Markdown, so
    unlike ``required_text`` the inner whitespace is kept."""
    text = (value or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("The message must not be empty."), field="body")
    if len(text) > MAX_BODY:
        raise ValidationError(
            _("The message is too long (at most %(n)d characters).", n=MAX_BODY),
            field="body",
        )
    return text


# -- categories ----------------------------------------------------------------------


def create_forum(
    session: Session,
    actor: User | None,
    project: Project,
    *,
    title: str,
    description: str = "",
) -> Forum:
    """Add a category at the end of the space's list."""
    require(actor, "forum.manage", project)
    return add_forum(session, actor, project, title=title, description=description)


def add_forum(
    session: Session,
    actor: User | None,
    project: Project,
    *,
    title: str,
    description: str,
    group_id: int | None = None,
) -> Forum:
    forum = Forum(
        project_id=project.id,
        title=required_text(title, "title", 200),
        description=clean_description(description),
        position=next_forum_position(session, project),
        group_id=group_id,
    )
    session.add(forum)
    session.flush()
    audit.record(session, actor, "forum.create", project, forum, title=forum.title)
    return forum


def clean_description(value: str | None) -> str:
    text = " ".join((value or "").split())
    if len(text) > 500:
        raise ValidationError(
            _("The description is too long (at most 500 characters)."),
            field="description",
        )
    return text


def next_forum_position(session: Session, project: Project) -> int:
    highest = session.scalar(
        select(func.max(Forum.position)).where(Forum.project_id == project.id)
    )
    return 0 if highest is None else highest + 1


def ensure_default_forum(
    session: Session, actor: User | None, project: Project
) -> Forum | None:
    """Create the "General" category in a space that has none (when the forum is
    switched on). No permission check: this is the system setting up, not a request."""
    if session.scalar(select(Forum.id).where(Forum.project_id == project.id).limit(1)):
        return None
    return add_forum(session, actor, project, title=DEFAULT_FORUM, description="")


def rename_forum(
    session: Session,
    actor: User,
    project: Project,
    forum: Forum,
    *,
    title: str,
    description: str = "",
) -> None:
    require(actor, "forum.manage", project)
    policy.check_forum(project, forum)
    forum.title = required_text(title, "title", 200)
    forum.description = clean_description(description)
    audit.record(session, actor, "forum.rename", project, forum, title=forum.title)


def move_forum(
    session: Session, actor: User, project: Project, forum: Forum, offset: int
) -> None:
    """Move a category ``offset`` places up (negative) or down the list."""
    require(actor, "forum.manage", project)
    policy.check_forum(project, forum)
    ordered = list(
        session.scalars(
            select(Forum)
            .where(Forum.project_id == project.id)
            .order_by(Forum.position, Forum.id)
        )
    )
    index = ordered.index(forum)
    ordered.insert(max(0, min(index + offset, len(ordered) - 1)), ordered.pop(index))
    for position, item in enumerate(ordered):
        item.position = position
    audit.record(session, actor, "forum.reorder", project, forum, offset=offset)


# -- topics and posts ----------------------------------------------------------------


def create_topic(
    session: Session,
    actor: User,
    project: Project,
    forum: Forum,
    *,
    title: str,
    body: str,
) -> Topic:
    """Open a topic with its first post; the author follows it and has read it."""
    # Not found before refused: a refusal would confirm a group's category exists.
    policy.require_read_forum(actor, project, forum)
    if not policy.may_start_topic(actor, project):
        raise PermissionDenied("forum.post", _("You may not start topics here."))
    title, body = required_text(title, "title", 200), required_body(body)
    topic = Topic(
        forum_id=forum.id, project_id=project.id, title=title, author_id=actor.id
    )
    session.add(topic)
    session.flush()
    post = add_post(session, actor, topic, body, opening=True)
    following.follow(session, actor, topic)
    following.remember_read(session, actor, topic, post.id)
    audit.record(session, actor, "forum.topic_create", project, topic, title=title)
    search_changed(session, project)
    events.queue(
        session,
        "forum_topic_created",
        project,
        topic=topic,
        project=project,
        user=actor,
    )
    return topic


def reply(
    session: Session, actor: User, project: Project, topic: Topic, *, body: str
) -> Post:
    """Add a reply; refused in a locked topic unless the actor moderates."""
    policy.require_read_topic(actor, project, topic)
    policy.require_reply(actor, project, topic)
    post = add_post(session, actor, topic, required_body(body), opening=False)
    search_changed(session, project)
    following.remember_read(session, actor, topic, post.id)
    return post


def add_post(
    session: Session, actor: User, topic: Topic, body: str, *, opening: bool
) -> Post:
    post = Post(
        topic_id=topic.id,
        opening=opening,
        author_id=actor.id,
        body=body,
        body_html=render_markdown(body),
        created_at=utcnow(),
    )
    session.add(post)
    session.flush()
    add_revision(session, post, actor, 1, post.created_at)
    return post


def add_revision(
    session: Session, post: Post, editor: User, number: int, at: datetime
) -> None:
    """Keep the post's current text as version ``number`` of its history."""
    session.add(
        PostRevision(
            post_id=post.id,
            number=number,
            body=post.body,
            body_html=post.body_html,
            editor_id=editor.id,
            created_at=at,
        )
    )


def edit_post(
    session: Session, actor: User, project: Project, post: Post, *, body: str
) -> bool:
    """Save a new version of a post (the old ones stay in its history).

    :return: False when the text did not change (nothing is saved).
    """
    topic = post_topic(session, actor, project, post)
    policy.require_edit(actor, project, topic, post)
    body = required_body(body)
    if body == post.body:
        return False
    number = 1 + (
        session.scalar(
            select(func.max(PostRevision.number)).where(PostRevision.post_id == post.id)
        )
        or 0
    )
    post.body, post.body_html, post.edited_at = body, render_markdown(body), utcnow()
    add_revision(session, post, actor, number, post.edited_at)
    if post.author_id != actor.id:
        audit.record(session, actor, "forum.post_edit", project, post, number=number)
        search_changed(session, project)
    return True


def post_topic(session: Session, actor: User, project: Project, post: Post) -> Topic:
    """The post's topic, if ``actor`` may read it (a group's, say, after leaving it)."""
    topic = session.get(Topic, post.topic_id)
    if topic is None or not policy.may_read_topic(actor, project, topic):
        raise NotFound(f"post {post.id}")
    return topic


# -- moderation ----------------------------------------------------------------------


def set_hidden(
    session: Session, actor: User, project: Project, post: Post, hidden: bool
) -> None:
    """Hide a post from everyone but moderators, or show it again."""
    require(actor, "forum.moderate", project)
    post_topic(session, actor, project, post)
    if hidden == post.hidden:
        return
    post.hidden_at = utcnow() if hidden else None
    post.hidden_by_id = actor.id if hidden else None
    action = "forum.post_hide" if hidden else "forum.post_unhide"
    audit.record(session, actor, action, project, post)
    search_changed(session, project)


def set_pinned(
    session: Session, actor: User, project: Project, topic: Topic, pinned: bool
) -> None:
    """Pinned topics are listed first in their forum."""
    require(actor, "forum.moderate", project)
    policy.require_read_topic(actor, project, topic)
    if topic.pinned != pinned:
        topic.pinned = pinned
        audit.record(session, actor, "forum.topic_pin", project, topic, pinned=pinned)


def set_locked(
    session: Session, actor: User, project: Project, topic: Topic, locked: bool
) -> None:
    """A locked topic takes no more replies (except from moderators)."""
    require(actor, "forum.moderate", project)
    policy.require_read_topic(actor, project, topic)
    if topic.locked != locked:
        topic.locked = locked
        audit.record(session, actor, "forum.topic_lock", project, topic, locked=locked)
