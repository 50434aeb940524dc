"""Spaces (projects), their partner schools, members and per-space plugin switches."""

from __future__ import annotations

import enum
from datetime import date, datetime
from typing import TYPE_CHECKING, Any

from sqlalchemy import JSON, ForeignKey, String, Text, UniqueConstraint, select
from sqlalchemy.orm import Mapped, column_property, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow
from .stamp import SITE_SCOPE, ContentStamp
from .types import str_enum

if TYPE_CHECKING:
    from .school import School
    from .user import User


class ProjectStatus(enum.StrEnum):
    DRAFT = "draft"
    ACTIVE = "active"
    ARCHIVED = "archived"


class Role(enum.StrEnum):
    """A member's role in one space, after the TwinSpace's own roles."""

    ADMIN = "admin"
    TEACHER = "teacher"
    PUPIL_LEAD = "pupil_lead"
    PUPIL = "pupil"
    OBSERVER = "observer"


class MembershipStatus(enum.StrEnum):
    INVITED = "invited"
    ACTIVE = "active"


class Project(Base):
    """A space: one eTwinning / Erasmus+ project and everything in it."""

    __tablename__ = "project"

    id: Mapped[int] = mapped_column(primary_key=True)
    slug: Mapped[str] = mapped_column(String(80), unique=True)
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    languages: Mapped[list[str]] = mapped_column(JSON, default=list)
    subjects: Mapped[list[str]] = mapped_column(JSON, default=list)
    age_min: Mapped[int | None]
    age_max: Mapped[int | None]
    status: Mapped[ProjectStatus] = mapped_column(
        str_enum(ProjectStatus, "project_status"), default=ProjectStatus.ACTIVE
    )
    start_date: Mapped[date | None]
    end_date: Mapped[date | None]
    erasmus_reference: Mapped[str | None] = mapped_column(String(80))
    #: The public landing page (and public pages) are visible to everyone when on.
    is_public: Mapped[bool] = mapped_column(default=False)
    #: Per-space capability overrides: ``{"pupil": {"page.create": true}}``.
    role_overrides: Mapped[dict[str, dict[str, bool]]] = mapped_column(
        JSON, default=dict
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The space's and the site's content stamps (etwincms.stamps), read with the space
    #: where a cache keys on them (``get_space`` undefers both); ``None`` before any.
    content_stamp: Mapped[int | None] = column_property(
        select(ContentStamp.value)
        .where(ContentStamp.scope == id)
        .correlate_except(ContentStamp)
        .scalar_subquery(),
        deferred=True,
    )
    site_stamp: Mapped[int | None] = column_property(
        select(ContentStamp.value)
        .where(ContentStamp.scope == SITE_SCOPE)
        .scalar_subquery(),
        deferred=True,
    )

    schools: Mapped[list[ProjectSchool]] = relationship(
        back_populates="project", cascade="all, delete-orphan", lazy="raise"
    )
    #: Loaded with the space (one extra SELECT per query): request-time hooks need it.
    plugins: Mapped[list[ProjectPlugin]] = relationship(
        back_populates="project", cascade="all, delete-orphan", lazy="selectin"
    )

    @property
    def is_archived(self) -> bool:
        return self.status is ProjectStatus.ARCHIVED

    def __repr__(self) -> str:
        return f"<Project {self.slug}>"


class ProjectSchool(Base):
    """A partner school of a space."""

    __tablename__ = "project_school"

    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), primary_key=True
    )
    school_id: Mapped[int] = mapped_column(
        ForeignKey("school.id", ondelete="CASCADE"), primary_key=True
    )
    is_coordinator: Mapped[bool] = mapped_column(default=False)

    project: Mapped[Project] = relationship(back_populates="schools")
    school: Mapped[School] = relationship(lazy="joined")


class Membership(Base):
    """A user's role in one space, and the school they take part for."""

    __tablename__ = "membership"
    __table_args__ = (UniqueConstraint("project_id", "user_id"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    role: Mapped[Role] = mapped_column(str_enum(Role, "member_role"))
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL")
    )
    status: Mapped[MembershipStatus] = mapped_column(
        str_enum(MembershipStatus, "membership_status"),
        default=MembershipStatus.ACTIVE,
    )
    invited_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    last_active_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    project: Mapped[Project] = relationship(lazy="raise")
    user: Mapped[User] = relationship(lazy="raise", foreign_keys=[user_id])
    school: Mapped[School | None] = relationship(lazy="raise")

    @property
    def is_active(self) -> bool:
        return self.status is MembershipStatus.ACTIVE

    def __repr__(self) -> str:
        return f"<Membership {self.user_id}@{self.project_id} {self.role.value}>"


class ProjectPlugin(Base):
    """Whether a space has switched a plugin on, and its settings for that space."""

    __tablename__ = "project_plugin"
    __table_args__ = (UniqueConstraint("project_id", "plugin"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    plugin: Mapped[str] = mapped_column(String(64))
    enabled: Mapped[bool] = mapped_column(default=True)
    settings: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)

    project: Mapped[Project] = relationship(back_populates="plugins")
