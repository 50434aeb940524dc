"""Following topics and remembering what each member has read.

A subscription is a member's wish to follow a topic (listed on "Topics I follow"); a read
marker holds the newest post of a topic a member has seen, so that topics with newer
posts show as "new" to them. Both are personal: anyone who may read the forum keeps
their own, also in an archived space.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import select
from sqlalchemy.dialects.postgresql import insert as postgresql_insert
from sqlalchemy.dialects.sqlite import insert as sqlite_insert
from sqlalchemy.orm import Session

from etwincms.db import utcnow
from etwincms.models import Project, User
from etwincms.permissions import require

from . import policy
from .models import ReadMarker, Subscription, Topic


def subscribe(session: Session, actor: User, project: Project, topic: Topic) -> None:
    require(actor, "forum.view", project)
    policy.require_read_topic(actor, project, topic)
    follow(session, actor, topic)


def follow(session: Session, user: User, topic: Topic) -> None:
    """Subscribe ``user`` without a permission check (authors follow their topics).
    Following twice, even from two requests at once, leaves one subscription."""
    insert = dialect_insert(session)(Subscription).values(
        user_id=user.id, topic_id=topic.id, created_at=utcnow()
    )
    session.execute(
        insert.on_conflict_do_nothing(
            index_elements=[Subscription.user_id, Subscription.topic_id]
        )
    )


def unsubscribe(session: Session, actor: User, project: Project, topic: Topic) -> None:
    require(actor, "forum.view", project)
    policy.check_topic(project, topic)
    subscription = session.get(Subscription, (actor.id, topic.id))
    if subscription is not None:
        session.delete(subscription)
        session.flush()


def mark_read(
    session: Session, actor: User | None, project: Project, topic: Topic, post_id: int
) -> bool:
    """Remember that ``actor`` has seen ``topic`` up to post ``post_id``; True when
    that was news (there is something to commit)."""
    if actor is None or not post_id:
        return False
    require(actor, "forum.view", project)
    policy.require_read_topic(actor, project, topic)
    return remember_read(session, actor, topic, post_id)


def remember_read(session: Session, user: User, topic: Topic, post_id: int) -> bool:
    """Move the marker forward, never back, in one statement: two tabs opening the
    same topic at once must neither fail on the primary key nor undo each other.

    A topic seen again with nothing new writes nothing: most views are such, and each
    write took SQLite's one write lock, or a flushed commit on PostgreSQL.
    """
    if read_up_to(session, user, topic) >= post_id:
        return False
    insert = dialect_insert(session)(ReadMarker).values(
        user_id=user.id,
        topic_id=topic.id,
        last_read_post_id=post_id,
        updated_at=utcnow(),
    )
    session.execute(
        insert.on_conflict_do_update(
            index_elements=[ReadMarker.user_id, ReadMarker.topic_id],
            set_={
                "last_read_post_id": insert.excluded.last_read_post_id,
                "updated_at": insert.excluded.updated_at,
            },
            where=ReadMarker.last_read_post_id < insert.excluded.last_read_post_id,
        )
    )
    return True


def read_up_to(session: Session, user: User, topic: Topic) -> int:
    """The newest post of ``topic`` that ``user`` has seen (0: none)."""
    marker = select(ReadMarker.last_read_post_id).where(
        ReadMarker.user_id == user.id, ReadMarker.topic_id == topic.id
    )
    return session.scalar(marker) or 0


def dialect_insert(session: Session) -> Any:
    """The ``insert`` with ``ON CONFLICT`` of the database in use (both that we run on)."""
    if session.get_bind().dialect.name == "postgresql":
        return postgresql_insert
    return sqlite_insert
