"""The blog's tables: blogs of a space, their posts with tags, comments, and travellers.

Every table starts with ``blog_``. A post keeps its Markdown and the sanitized HTML made
at save, so showing a blog does no Markdown work. A post is a draft, scheduled (public
from ``publish_at`` on) or published; readers see a post once it is published or its
scheduled time has come. A pupil's post in a public blog stays members-only until a
teacher approves it (``publication``). A blog's travellers are the members who went on the mobility:
comments from other members are their peers' feedback from home. Columns that name a
person are covered by the privacy hooks in :mod:`etwincms_blog.privacy`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etwincms.db import Base, UTCDateTime, utcnow
from etwincms.models import User

VISIBILITIES = ("members", "public")
PHASES = ("before", "during", "after")
POST_STATUSES = ("draft", "scheduled", "published")
COMMENT_STATUSES = ("pending", "approved", "hidden")
PUBLICATION_STATES = ("", "pending", "approved", "rejected")
HELD = ("pending", "rejected")
WRITER_ROLES = ("admin", "teacher", "pupil_lead", "pupil", "observer")
DEFAULT_WRITERS = ["admin", "teacher", "pupil_lead", "pupil"]


class Blog(Base):
    """One blog of a space: a teachers' bulletin, a mobility diary, a journal."""

    __tablename__ = "blog_blog"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(500), default="")
    #: "members" or "public" (public only counts while the space is public too).
    visibility: Mapped[str] = mapped_column(String(10), default="members")
    #: The roles that may post here (on top of the ``blog.post`` capability).
    writer_roles: Mapped[list[str]] = mapped_column(
        JSON, default=lambda: list(DEFAULT_WRITERS)
    )
    #: The weekly-reflection prompt runs between these dates (both or neither).
    reflection_start: Mapped[date | None] = mapped_column(Date)
    reflection_end: Mapped[date | None] = mapped_column(Date)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    @property
    def is_public(self) -> bool:
        return self.visibility == "public"

    def __repr__(self) -> str:
        return f"<Blog {self.project_id}:{self.title}>"


class Post(Base):
    """An entry of a blog."""

    __tablename__ = "blog_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    blog_id: Mapped[int] = mapped_column(
        ForeignKey("blog_blog.id", ondelete="CASCADE"), index=True
    )
    #: Repeated from the blog so that space-wide lists need no join.
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    #: Rendered and sanitized at save.
    body_html: Mapped[str] = mapped_column(Text, default="")
    #: Before, during or after the mobility; None when it does not apply.
    phase: Mapped[str | None] = mapped_column(String(10))
    status: Mapped[str] = mapped_column(String(10), default="draft")
    #: When it became (or becomes, if scheduled) readable; None for drafts.
    publish_at: Mapped[datetime | None] = mapped_column(UTCDateTime, index=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A pupil's post in a public blog: "pending" (waits for a teacher), "approved" or
    #: "rejected"; "" when nobody has to decide (teachers' posts, members' blogs).
    publication: Mapped[str] = mapped_column(String(10), default="", server_default="")
    #: When a pupil's post asked to become public; None once a teacher decided.
    publication_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship(lazy="raise")
    tags: Mapped[list[PostTag]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", order_by="PostTag.tag"
    )

    @property
    def tag_names(self) -> list[str]:
        return [tag.tag for tag in self.tags]

    @property
    def is_held(self) -> bool:
        """Members-only whatever its blog says: it waits for, or was refused, approval."""
        return self.publication in HELD

    def is_live(self, now: datetime) -> bool:
        """Readers see it: published, or scheduled and its time has come."""
        return (
            self.status != "draft"
            and self.publish_at is not None
            and (self.publish_at <= now)
        )

    def __repr__(self) -> str:
        return f"<Post {self.id}:{self.title}>"


class PostTag(Base):
    """A tag of a post (lower-case, for the archive by tag)."""

    __tablename__ = "blog_post_tag"

    post_id: Mapped[int] = mapped_column(
        ForeignKey("blog_post.id", ondelete="CASCADE"), primary_key=True
    )
    tag: Mapped[str] = mapped_column(String(40), primary_key=True, index=True)


class Comment(Base):
    """A comment on a post; pupils' comments wait for a moderator when the space says so."""

    __tablename__ = "blog_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    post_id: Mapped[int] = mapped_column(
        ForeignKey("blog_post.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    body_html: Mapped[str] = mapped_column(Text, default="")
    #: "feedback" when its author is a pupil who did not travel (peer feedback).
    kind: Mapped[str] = mapped_column(String(10), default="comment")
    status: Mapped[str] = mapped_column(String(10), default="approved")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    moderated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    moderated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    author: Mapped[User | None] = relationship(lazy="raise", foreign_keys=[author_id])


class Traveller(Base):
    """A member who went on the blog's mobility (the others give feedback from home)."""

    __tablename__ = "blog_traveller"

    blog_id: Mapped[int] = mapped_column(
        ForeignKey("blog_blog.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )


MODELS: tuple[type[Base], ...] = (Blog, Post, PostTag, Comment, Traveller)


def json_ready(value: Any) -> Any:
    """Dates as ISO text, everything else as it is."""
    return value.isoformat() if isinstance(value, date | datetime) else value
