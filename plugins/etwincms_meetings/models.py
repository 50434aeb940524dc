"""The meetings plugin's tables: meetings, their decisions, answers and attendance,
people's time zones, and calendar feed tokens.

A :class:`Meeting` keeps its first start as a UTC instant *and* the time zone it was
planned in: a weekly meeting repeats at the same wall-clock time in that zone (10:00 in
Lisbon stays 10:00 in Lisbon when the clocks change), so its later instants are computed
from both (see :mod:`.schedule`). Minutes are an ordinary page of the space, pointed to
by ``minutes_page_id``. Tables start with ``meetings_``; columns naming a person are
covered by :mod:`.privacy`.
"""

from __future__ import annotations

from datetime import date, datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etwincms.db import NOT_SHOWN, Base, UTCDateTime, utcnow
from etwincms.models import User


class Meeting(Base):
    """An online meeting of a space, once or every few weeks."""

    __tablename__ = "meetings_meeting"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    agenda: Mapped[str] = mapped_column(Text, default="")
    #: The agenda rendered and sanitized when saved.
    agenda_html: Mapped[str] = mapped_column(Text, default="")
    #: The first occurrence, in UTC.
    starts_at: Mapped[datetime] = mapped_column(UTCDateTime, index=True)
    #: The IANA zone the meeting was planned in (its wall clock repeats there).
    time_zone: Mapped[str] = mapped_column(String(64))
    duration_minutes: Mapped[int] = mapped_column(default=60)
    #: "teachers" (teachers only) or "everyone" (teachers with their pupils).
    audience: Mapped[str] = mapped_column(String(20), default="teachers")
    conference_url: Mapped[str] = mapped_column(String(500), default="")
    #: 0: once; n: every n weeks, ``repeat_count`` times or until ``repeat_until``.
    repeat_weeks: Mapped[int] = mapped_column(default=0)
    repeat_count: Mapped[int | None]
    repeat_until: Mapped[date | None]
    #: When an organiser last started it (pupils see the link only while it runs).
    started_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: The occurrence (its start) last announced in the space's activity.
    reminded_for: Mapped[datetime | None] = mapped_column(UTCDateTime)
    recording_url: Mapped[str] = mapped_column(String(500), default="")
    minutes_page_id: Mapped[int | None] = mapped_column(
        ForeignKey("page.id", ondelete="SET NULL"), index=True
    )
    organiser_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    organiser: Mapped[User | None] = relationship(lazy="raise")
    # The class itself, not its name: moderation's Decision shares the name.
    decisions: Mapped[list[Decision]] = relationship(
        lambda: Decision,
        order_by=lambda: Decision.id,
        lazy="selectin",
        cascade="all, delete-orphan",
    )

    def __repr__(self) -> str:
        return f"<Meeting {self.id} in {self.project_id}>"


class Decision(Base):
    """One line of a meeting's decisions list."""

    __tablename__ = "meetings_decision"

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings_meeting.id", ondelete="CASCADE"), index=True
    )
    text: Mapped[str] = mapped_column(String(500))
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Rsvp(Base):
    """A member's answer to a meeting's invitation: yes, no or maybe."""

    __tablename__ = "meetings_rsvp"

    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings_meeting.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    answer: Mapped[str] = mapped_column(String(10))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="raise")


class Attendance(Base):
    """That a member was present at one occurrence, as the organiser noted it."""

    __tablename__ = "meetings_attendance"
    __table_args__ = (UniqueConstraint("meeting_id", "occurs_at", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    meeting_id: Mapped[int] = mapped_column(
        ForeignKey("meetings_meeting.id", ondelete="CASCADE"), index=True
    )
    #: The occurrence's start, in UTC.
    occurs_at: Mapped[datetime] = mapped_column(UTCDateTime)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    recorded_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )


class Preference(Base):
    """A person's own time zone, for every space's meetings."""

    __tablename__ = "meetings_preference"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    time_zone: Mapped[str] = mapped_column(String(64))


class FeedToken(Base):
    """A secret calendar address of one person for one space (only its hash is kept)."""

    __tablename__ = "meetings_feed_token"
    __table_args__ = (
        UniqueConstraint("user_id", "project_id"),
        {"info": {NOT_SHOWN: True}},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    user: Mapped[User] = relationship(lazy="raise")


MODELS: tuple[type[Base], ...] = (
    Meeting,
    Decision,
    Rsvp,
    Attendance,
    Preference,
    FeedToken,
)
