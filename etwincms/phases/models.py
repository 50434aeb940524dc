"""The phases tables: a space's mobilities, their participants, phases and phase tags.

Every table starts with ``phase_``. A :class:`Mobility` is a visit (dates, host school)
with its participants, who are members of the space. A :class:`Phase` is a stretch of
the project: before, during or after one mobility, or the space's one dissemination
phase. A :class:`PhaseTag` files one item of any plugin (its ``"<type>:<pk>"`` id, the
id of its ``Contribution``) under a phase. Columns naming a person are covered by the
privacy hooks in :mod:`etwincms.phases.privacy`.
"""

from __future__ import annotations

import enum
from datetime import date, datetime

from sqlalchemy import ForeignKey, Index, String, UniqueConstraint, text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from ..models import School, User
from ..models.types import str_enum

DISSEMINATION_ONLY = "kind = 'dissemination'"


class PhaseKind(enum.StrEnum):
    """Where a phase sits in the life of a mobility (or of the whole project)."""

    BEFORE = "before"
    DURING = "during"
    AFTER = "after"
    DISSEMINATION = "dissemination"


class Mobility(Base):
    """A visit of learners and teachers to a host school, on given dates."""

    __tablename__ = "phase_mobility"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    host_school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    starts_on: Mapped[date]
    ends_on: Mapped[date]
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    host_school: Mapped[School | None] = relationship(lazy="joined")
    participants: Mapped[list[MobilityParticipant]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", back_populates="mobility"
    )

    @property
    def participant_ids(self) -> set[int]:
        return {row.user_id for row in self.participants}

    def __repr__(self) -> str:
        return f"<Mobility {self.id} in {self.project_id}>"


class MobilityParticipant(Base):
    """A member of the space who takes part in a mobility."""

    __tablename__ = "phase_mobility_participant"

    mobility_id: Mapped[int] = mapped_column(
        ForeignKey("phase_mobility.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )

    mobility: Mapped[Mobility] = relationship(back_populates="participants")
    user: Mapped[User] = relationship(lazy="joined")


class Phase(Base):
    """A stretch of the project; items of every plugin can be tagged with it."""

    __tablename__ = "phase_phase"
    __table_args__ = (
        Index("ix_phase_phase_project_id_starts_on", "project_id", "starts_on"),
        # One dissemination phase per space, even when two first visits race to make it.
        Index(
            "uq_phase_phase_dissemination",
            "project_id",
            unique=True,
            sqlite_where=text(DISSEMINATION_ONLY),
            postgresql_where=text(DISSEMINATION_ONLY),
        ),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE")
    )
    kind: Mapped[PhaseKind] = mapped_column(str_enum(PhaseKind, "phase_kind"))
    mobility_id: Mapped[int | None] = mapped_column(
        ForeignKey("phase_mobility.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    #: Open-ended when unset (the dissemination phase of a space without dates).
    starts_on: Mapped[date | None]
    ends_on: Mapped[date | None]
    position: Mapped[int] = mapped_column(default=0)

    def contains(self, day: date) -> bool:
        """Whether ``day`` falls inside the phase (unset ends are open)."""
        return (self.starts_on is None or self.starts_on <= day) and (
            self.ends_on is None or day <= self.ends_on
        )

    def __repr__(self) -> str:
        return f"<Phase {self.id} {self.kind.value} in {self.project_id}>"


class PhaseTag(Base):
    """One item (``"<type>:<pk>"``) filed under one phase."""

    __tablename__ = "phase_tag"
    __table_args__ = (
        UniqueConstraint("phase_id", "item_id"),
        Index("ix_phase_tag_project_id_item_id", "project_id", "item_id"),
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE")
    )
    phase_id: Mapped[int] = mapped_column(
        ForeignKey("phase_phase.id", ondelete="CASCADE"), index=True
    )
    item_id: Mapped[str] = mapped_column(String(120))
    tagged_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    tagged_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    def __repr__(self) -> str:
        return f"<PhaseTag {self.item_id} in phase {self.phase_id}>"


MODELS = (Mobility, MobilityParticipant, Phase, PhaseTag)
