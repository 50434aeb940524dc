"""The wiki's tables: articles of a space, their revisions, links between them and a
discussion thread per article.

Every table starts with ``wiki_``. Articles live in one flat namespace per space: a
title is unique in its space, compared case-insensitively through ``title_key`` (the
core's ``normalise_title``), which is also how ``[[links]]`` find their target. Each save
is a :class:`Revision` (number 1 is the first text); the article keeps the number of its
current one, which saves compare-and-set like the core's pages. :class:`Link` rows say
which titles an article's current text links to, found or not: backlinks and red links
both come from them. Visitors of a public article read its newest *publishable*
revision: a pupil's text waits for a teacher's review first (see :mod:`.publication`).
Columns that name a person are covered by :mod:`.privacy`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint, false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etwincms.db import Base, UTCDateTime, utcnow
from etwincms.models import User


class Article(Base):
    """A wiki article: a title unique in its space, and the number of its current text."""

    __tablename__ = "wiki_article"
    __table_args__ = (UniqueConstraint("project_id", "title_key"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    #: ``normalise_title(title)``: how links and the unique rule compare titles.
    title_key: Mapped[str] = mapped_column(String(400))
    #: The language the article is written in (one of the space's), or "".
    language: Mapped[str] = mapped_column(String(16), default="")
    #: Articles that are language versions of each other share this number (the id
    #: of the first of them); None while an article has no other version.
    translation_group: Mapped[int | None] = mapped_column(index=True)
    public: Mapped[bool] = mapped_column(default=False)
    #: Protected articles are edited by teachers only.
    protected: Mapped[bool] = mapped_column(default=False)
    current_number: Mapped[int] = mapped_column(default=0)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<Article {self.id}:{self.title}>"


class Revision(Base):
    """One saved text of an article; pupils' revisions wait for a teacher's review."""

    __tablename__ = "wiki_revision"
    __table_args__ = (UniqueConstraint("article_id", "number"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_article.id", ondelete="CASCADE"), index=True
    )
    number: Mapped[int]
    #: The revision the author started from (0 for the first text).
    base_number: Mapped[int] = mapped_column(default=0)
    title: Mapped[str] = mapped_column(String(200))
    body: Mapped[str] = mapped_column(Text, default="")
    #: Rendered and sanitized at save; links re-rendered when their targets appear.
    html: Mapped[str] = mapped_column(Text, default="")
    summary: Mapped[str] = mapped_column(String(300), default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: True for edits a teacher should look at (pupils' edits, when the space says so).
    needs_review: Mapped[bool] = mapped_column(default=False)
    reviewed_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    reviewed_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    #: A teacher reviewed this pupil's text and kept it from visitors (a rejection in the
    #: moderation queue): members see it, visitors of a public article an older text.
    publication_refused: Mapped[bool] = mapped_column(
        default=False, server_default=false()
    )

    author: Mapped[User | None] = relationship(lazy="raise", foreign_keys=[author_id])

    @property
    def unreviewed(self) -> bool:
        return self.needs_review and self.reviewed_at is None

    @property
    def publishable(self) -> bool:
        """Visitors of a public article may read it: no review needed, or approved."""
        if not self.needs_review:
            return True
        return self.reviewed_at is not None and not self.publication_refused

    def __repr__(self) -> str:
        return f"<Revision {self.article_id}#{self.number}>"


class Link(Base):
    """The current text of ``article_id`` links to the title ``target_key``."""

    __tablename__ = "wiki_link"
    __table_args__ = (
        Index("ix_wiki_link_project_id_target_key", "project_id", "target_key"),
    )

    article_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_article.id", ondelete="CASCADE"), primary_key=True
    )
    target_key: Mapped[str] = mapped_column(String(400), primary_key=True)
    #: Repeated from the article so that "what links here" needs no join.
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE")
    )


class Comment(Base):
    """A message in an article's discussion thread."""

    __tablename__ = "wiki_comment"

    id: Mapped[int] = mapped_column(primary_key=True)
    article_id: Mapped[int] = mapped_column(
        ForeignKey("wiki_article.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text, default="")
    html: Mapped[str] = mapped_column(Text, default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="raise")


MODELS: tuple[type[Base], ...] = (Article, Revision, Link, Comment)
