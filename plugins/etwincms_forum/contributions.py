"""What the forum made in a space, for phase views and reports.

Every topic and every reply that is not hidden is a contribution: discussions are not
outputs (nothing to report as a result) and never public, because the forum has no
public categories: all of it is for the space's members. So the forum feeds no pupil's
post to the moderation queue and adds nothing to the static export. A topic whose
opening post a moderator hid is left out with it (its replies too).
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.hooktypes import Contribution
from etwincms.models import Project

from .models import Post, Topic


def topic_url(project: Project, topic: Topic) -> str:
    return f"/s/{project.slug}/-/forum/t/{topic.id}"


def topic_contribution(project: Project, topic: Topic) -> Contribution:
    return Contribution(
        id=f"forum_topic:{topic.id}",
        type="forum_topic",
        plugin="forum",
        title=topic.title,
        url=topic_url(project, topic),
        author_id=topic.author_id,
        created_at=topic.created_at,
    )


def reply_contribution(project: Project, topic: Topic, post: Post) -> Contribution:
    return Contribution(
        id=f"forum_post:{post.id}",
        type="forum_post",
        plugin="forum",
        title=topic.title,
        url=f"{topic_url(project, topic)}#post-{post.id}",
        author_id=post.author_id,
        created_at=post.created_at,
    )


def space_contributions(session: Session, project: Project) -> Iterator[Contribution]:
    """Topics and their visible replies, oldest first (two queries)."""
    topics = {
        topic.id: topic
        for topic in session.scalars(
            select(Topic).where(Topic.project_id == project.id).order_by(Topic.id)
        )
    }
    posts = list(
        session.scalars(
            select(Post)
            .where(Post.topic_id.in_(list(topics)), Post.hidden_at.is_(None))
            .order_by(Post.id)
        )
    )
    shown = {post.topic_id for post in posts if post.opening}
    for post in posts:
        topic = topics[post.topic_id]
        if post.topic_id not in shown:
            continue
        if post.opening:
            yield topic_contribution(project, topic)
        else:
            yield reply_contribution(project, topic, post)
