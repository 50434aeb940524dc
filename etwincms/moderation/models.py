"""The moderation tables: pupils' media consent, who an item shows, page requests, decisions.

Every table starts with ``moderation_``. Consent is one row per pupil, site-wide (see
docs/moderation.md for why); its history lives in the audit log. ``ShownPupil`` says which
pupils an item (``"<type>:<pk>"``, any plugin's) shows. ``PageRequest`` is a pupil's request
that a core page becomes public, waiting in the queue; ``Decision`` keeps each approval or
rejection (with the reason shown to the pupil). Columns naming a person are covered by the
privacy hooks in :mod:`etwincms.moderation.privacy`.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from ..models import Page, User
from ..models.types import str_enum


class ConsentLevel(enum.StrEnum):
    """How far a pupil's image may travel, as their school recorded it."""

    NONE = "none"
    MEMBERS = "members"
    PUBLIC = "public"


class Consent(Base):
    """A pupil's media consent, recorded by a teacher of the pupil's school."""

    __tablename__ = "moderation_consent"

    id: Mapped[int] = mapped_column(primary_key=True)
    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), unique=True
    )
    level: Mapped[ConsentLevel] = mapped_column(
        str_enum(ConsentLevel, "moderation_consent_level"), default=ConsentLevel.NONE
    )
    note: Mapped[str] = mapped_column(Text, default="")
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    pupil: Mapped[User] = relationship(lazy="raise", foreign_keys=[pupil_id])
    recorded_by: Mapped[User | None] = relationship(
        lazy="raise", foreign_keys=[recorded_by_id]
    )


class ShownPupil(Base):
    """One pupil an item shows (a photo, a video, a page with a picture)."""

    __tablename__ = "moderation_shown"
    __table_args__ = (UniqueConstraint("project_id", "item_id", "pupil_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(120))
    pupil_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    recorded_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PageRequest(Base):
    """A pupil's request that a core page becomes public, until a teacher decides."""

    __tablename__ = "moderation_page_request"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    page_id: Mapped[int] = mapped_column(
        ForeignKey("page.id", ondelete="CASCADE"), unique=True
    )
    requested_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    requested_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    page: Mapped[Page] = relationship(lazy="joined")


class Decision(Base):
    """A teacher's approval or rejection of a waiting item, with the reason given."""

    __tablename__ = "moderation_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(120), index=True)
    title: Mapped[str] = mapped_column(String(300), default="")
    url: Mapped[str] = mapped_column(String(500), default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    approved: Mapped[bool] = mapped_column(default=False)
    reason: Mapped[str] = mapped_column(Text, default="")
    decided_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    decided_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


MODELS = (Consent, ShownPupil, PageRequest, Decision)
