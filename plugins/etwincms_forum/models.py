"""The forum's tables: forums (categories) of a space, topics, posts and their history,
subscriptions and per-user read markers.

Every table starts with ``forum_``. A topic's opening post is an ordinary post flagged
``opening``, so the topic's text has history, quoting and hiding like any reply. Each
saved version of a post is a :class:`PostRevision` (number 1 is the original), and the
post keeps the current text and its sanitized HTML so that showing a topic does no
Markdown work. Columns that name a person are covered by the privacy hooks in
:mod:`etwincms_forum.privacy`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etwincms.db import NOT_SHOWN, Base, UTCDateTime, utcnow
from etwincms.models import User


class Forum(Base):
    """A category of a space's forum ("General", "Before the mobility"...), ordered."""

    __tablename__ = "forum_forum"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(500), default="")
    position: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The working group whose own category this is (``None``: the whole space's).
    #: No foreign key: ``group_working_group`` is created by another migration branch,
    #: and a deleted group's category stays for the teachers (see ``policy``).
    group_id: Mapped[int | None] = mapped_column(index=True, default=None)

    def __repr__(self) -> str:
        return f"<Forum {self.project_id}:{self.title}>"


class Topic(Base):
    """A discussion: a title, an opening post and its replies."""

    __tablename__ = "forum_topic"

    id: Mapped[int] = mapped_column(primary_key=True)
    forum_id: Mapped[int] = mapped_column(
        ForeignKey("forum_forum.id", ondelete="CASCADE"), index=True
    )
    #: Repeated from the forum so that space-wide lists need no join.
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    pinned: Mapped[bool] = mapped_column(default=False)
    locked: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<Topic {self.id}:{self.title}>"


class Post(Base):
    """One message in a topic; hidden posts stay, shown only to moderators."""

    __tablename__ = "forum_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("forum_topic.id", ondelete="CASCADE"), index=True
    )
    #: True for the post that opened the topic (not counted as a reply).
    opening: Mapped[bool] = mapped_column(default=False)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    #: Rendered and sanitized at save.
    body_html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    hidden_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )

    author: Mapped[User | None] = relationship(lazy="raise", foreign_keys=[author_id])

    @property
    def hidden(self) -> bool:
        return self.hidden_at is not None

    def __repr__(self) -> str:
        return f"<Post {self.id} in {self.topic_id}>"


class PostRevision(Base):
    """One saved version of a post's text (number 1 is the original)."""

    __tablename__ = "forum_post_revision"
    __table_args__ = (UniqueConstraint("post_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("forum_post.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    editor_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    editor: Mapped[User | None] = relationship(lazy="raise")


class Subscription(Base):
    """A member follows a topic."""

    __tablename__ = "forum_subscription"
    #: What one member follows changes no page anyone else sees.
    __table_args__ = {"info": {NOT_SHOWN: True}}

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("forum_topic.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class ReadMarker(Base):
    """The newest post of a topic a member has seen: newer ones are "new" to them."""

    __tablename__ = "forum_read_marker"
    __table_args__ = {"info": {NOT_SHOWN: True}}

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    topic_id: Mapped[int] = mapped_column(
        ForeignKey("forum_topic.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    last_read_post_id: Mapped[int] = mapped_column(default=0)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


MODELS: tuple[type[Base], ...] = (
    Forum,
    Topic,
    Post,
    PostRevision,
    Subscription,
    ReadMarker,
)
