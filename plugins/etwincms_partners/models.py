"""The partner-finding plugin's tables: profiles, partner-finding posts, messages between
teachers, blocks, reports and saved searches.

Every table starts with ``partners_``. Lists that searches filter on (languages,
subjects, vocational subjects) are kept as :class:`TagList` columns, ``",en,es,"``, so
that "has this language" is the same portable ``LIKE`` on SQLite and PostgreSQL, with no
JSON functions. Member profiles exist only for teachers who chose to be discoverable;
pupils never get one (the services refuse, and the queries join on the account's kind
as well). Columns naming a person are covered by :mod:`etwincms_partners.privacy`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import JSON, Date, Dialect, ForeignKey, String, Text, TypeDecorator
from sqlalchemy.orm import Mapped, mapped_column

from etwincms.db import NOT_SHOWN, Base, UTCDateTime, utcnow


class TagList(TypeDecorator[list[str]]):
    """A list of short lower-case tags stored as ``",a,b,"`` (``""`` when empty)."""

    impl = Text
    cache_ok = True

    def process_bind_param(self, value: Any, dialect: Dialect) -> str:
        tags = [str(tag) for tag in value or () if tag]
        return f",{','.join(tags)}," if tags else ""

    def process_result_value(self, value: Any, dialect: Dialect) -> list[str]:
        return [tag for tag in (value or "").split(",") if tag]


def tagged(value: str) -> str:
    """The ``LIKE`` pattern matching rows whose :class:`TagList` holds ``value``."""
    return f"%,{value},%"


class SchoolProfile(Base):
    """What a school tells possible partners, beyond the core's name, country and city."""

    __tablename__ = "partners_school_profile"

    school_id: Mapped[int] = mapped_column(
        ForeignKey("school.id", ondelete="CASCADE"), primary_key=True
    )
    vocational_areas: Mapped[list[str]] = mapped_column(TagList, default=list)
    languages: Mapped[list[str]] = mapped_column(TagList, default=list)
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    updated_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class MemberProfile(Base):
    """A teacher's entry in the people directory, shown only while ``discoverable``."""

    __tablename__ = "partners_member_profile"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    discoverable: Mapped[bool] = mapped_column(default=False)
    subjects: Mapped[list[str]] = mapped_column(TagList, default=list)
    vocational_subjects: Mapped[list[str]] = mapped_column(TagList, default=list)
    languages: Mapped[list[str]] = mapped_column(TagList, default=list)
    available: Mapped[bool] = mapped_column(default=True)
    about: Mapped[str] = mapped_column(String(1000), default="")
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class PartnerPost(Base):
    """A partner-finding post: what kind of partnership, with whom, about what, when."""

    __tablename__ = "partners_post"

    id: Mapped[int] = mapped_column(primary_key=True)
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    partnership_type: Mapped[str] = mapped_column(String(40), index=True)
    looking_for: Mapped[str] = mapped_column(String(40))
    #: The posting school's country (ISO 3166-1 alpha-2), kept when the school changes.
    country: Mapped[str] = mapped_column(String(2), default="", index=True)
    languages: Mapped[list[str]] = mapped_column(TagList, default=list)
    subjects: Mapped[list[str]] = mapped_column(TagList, default=list)
    vocational_subjects: Mapped[list[str]] = mapped_column(TagList, default=list)
    age_min: Mapped[int | None]
    age_max: Mapped[int | None]
    topic: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    description_html: Mapped[str] = mapped_column(Text, default="")
    starts_on: Mapped[date | None] = mapped_column(Date)
    ends_on: Mapped[date | None] = mapped_column(Date)
    closed: Mapped[bool] = mapped_column(default=False)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Thread(Base):
    """A conversation between teachers, about a post or a listed space, or neither."""

    __tablename__ = "partners_thread"

    id: Mapped[int] = mapped_column(primary_key=True)
    subject: Mapped[str] = mapped_column(String(200))
    post_id: Mapped[int | None] = mapped_column(
        ForeignKey("partners_post.id", ondelete="SET NULL"), index=True
    )
    project_id: Mapped[int | None] = mapped_column(
        ForeignKey("project.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Participant(Base):
    """A person in a thread, and the newest message they have read there."""

    __tablename__ = "partners_participant"

    thread_id: Mapped[int] = mapped_column(
        ForeignKey("partners_thread.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    last_read_id: Mapped[int] = mapped_column(default=0, info={NOT_SHOWN: True})


class Message(Base):
    """One message in a thread: plain text, escaped when shown."""

    __tablename__ = "partners_message"

    id: Mapped[int] = mapped_column(primary_key=True)
    thread_id: Mapped[int] = mapped_column(
        ForeignKey("partners_thread.id", ondelete="CASCADE"), index=True
    )
    sender_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    body: Mapped[str] = mapped_column(Text)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Block(Base):
    """``user_id`` receives no new message from ``blocked_id``."""

    __tablename__ = "partners_block"

    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True
    )
    blocked_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


class Report(Base):
    """A message reported to the site's administrators, open until one handles it."""

    __tablename__ = "partners_report"

    id: Mapped[int] = mapped_column(primary_key=True)
    message_id: Mapped[int] = mapped_column(
        ForeignKey("partners_message.id", ondelete="CASCADE"), index=True
    )
    reporter_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    reason: Mapped[str] = mapped_column(String(500), default="")
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    resolved_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    resolved_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )


class SavedSearch(Base):
    """A filter set a teacher keeps; matches newer than ``seen_at`` are "new" to them."""

    __tablename__ = "partners_saved_search"

    id: Mapped[int] = mapped_column(primary_key=True)
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    kind: Mapped[str] = mapped_column(String(20))
    filters: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    seen_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


MODELS: tuple[type[Base], ...] = (
    SchoolProfile,
    MemberProfile,
    PartnerPost,
    Thread,
    Participant,
    Message,
    Block,
    Report,
    SavedSearch,
)
