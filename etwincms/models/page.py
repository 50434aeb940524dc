"""Pages (a tree of subpages, any depth, ordered) and their revisions.

A page's address inside its space is its materialised ``path`` (``before/icebreakers``),
so resolving a URL or listing ancestors is one query whatever the depth. The current
revision is ``Revision(page_id, number=page.current_number)``; a save is a compare-and-set
on ``current_number``, which is what makes concurrent saves safe without locks.
"""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from .types import str_enum

if TYPE_CHECKING:
    from .user import User


class Visibility(enum.StrEnum):
    MEMBERS = "members"
    PUBLIC = "public"


class EditPolicy(enum.StrEnum):
    """Who may edit a page, on top of the ``page.edit`` capability."""

    ADMINS = "admins"
    TEACHERS = "teachers"
    MEMBERS = "members"


class Page(Base):
    __tablename__ = "page"
    __table_args__ = (
        UniqueConstraint("project_id", "path"),
        Index("ix_page_project_id_parent_id", "project_id", "parent_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE")
    )
    parent_id: Mapped[int | None] = mapped_column(
        ForeignKey("page.id", ondelete="CASCADE")
    )
    slug: Mapped[str] = mapped_column(String(80))
    #: Slugs from the root down, joined by "/": unique within the space.
    path: Mapped[str] = mapped_column(String(1000))
    depth: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    position: Mapped[int] = mapped_column(default=0)
    visibility: Mapped[Visibility] = mapped_column(
        str_enum(Visibility, "page_visibility"), default=Visibility.MEMBERS
    )
    edit_policy: Mapped[EditPolicy] = mapped_column(
        str_enum(EditPolicy, "page_edit_policy"), default=EditPolicy.MEMBERS
    )
    #: Number of the current revision; 0 until the first save.
    current_number: Mapped[int] = mapped_column(default=0)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: Set when the page is in the trash (with its subpages).
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    @property
    def is_public(self) -> bool:
        return self.visibility is Visibility.PUBLIC

    @property
    def in_trash(self) -> bool:
        return self.deleted_at is not None

    def __repr__(self) -> str:
        return f"<Page {self.project_id}:{self.path}>"


class Revision(Base):
    __tablename__ = "revision"
    __table_args__ = (UniqueConstraint("page_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    page_id: Mapped[int] = mapped_column(ForeignKey("page.id", ondelete="CASCADE"))
    number: Mapped[int]
    #: The revision this one was edited from (0 for the first).
    base_number: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    #: Rendered and sanitized at save, so a page view does no Markdown work.
    rendered_html: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(String(300), default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="raise")

    def __repr__(self) -> str:
        return f"<Revision {self.page_id}#{self.number}>"
