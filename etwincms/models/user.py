"""Users: teachers, pupils and staff; site administrators are users with a flag."""

from __future__ import annotations

import enum
from datetime import datetime
from typing import TYPE_CHECKING

from flask_login import UserMixin
from sqlalchemy import ForeignKey, String, event
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import NOT_SHOWN, Base, UTCDateTime, utcnow
from .types import str_enum

if TYPE_CHECKING:
    from .school import School


class UserKind(enum.StrEnum):
    TEACHER = "teacher"
    PUPIL = "pupil"
    STAFF = "staff"


class User(UserMixin, Base):
    __tablename__ = "user_account"

    id: Mapped[int] = mapped_column(primary_key=True)
    username: Mapped[str] = mapped_column(String(64), unique=True)
    email: Mapped[str | None] = mapped_column(String(254), unique=True)
    display_name: Mapped[str] = mapped_column(String(120))
    password_hash: Mapped[str | None] = mapped_column(
        String(255), info={NOT_SHOWN: True}
    )
    kind: Mapped[UserKind] = mapped_column(str_enum(UserKind, "user_kind"))
    locale: Mapped[str] = mapped_column(String(16), default="en")
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    #: What public output shows instead of a pupil's name, when set.
    public_alias: Mapped[str | None] = mapped_column(String(64))
    is_site_admin: Mapped[bool] = mapped_column(default=False)
    is_active_account: Mapped[bool] = mapped_column("is_active", default=True)
    must_change_password: Mapped[bool] = mapped_column(default=False)
    #: Part of every session's (and remember-me cookie's) user id: raising it ends them all.
    session_version: Mapped[int] = mapped_column(
        default=1, server_default="1", info={NOT_SHOWN: True}
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    #: Joined: public output names a pupil by school and country (privacy.shown_name).
    school: Mapped[School | None] = relationship(lazy="joined")

    @property
    def is_active(self) -> bool:  # Flask-Login asks this
        return self.is_active_account

    @property
    def is_pupil(self) -> bool:
        return self.kind is UserKind.PUPIL

    def get_id(self) -> str:  # Flask-Login stores this in the session and cookie
        return f"{self.id}:{self.session_version}"

    def end_sessions(self) -> None:
        """Sign this account out everywhere: stored ids with the old version stop working."""
        self.session_version = (self.session_version or 0) + 1

    def __repr__(self) -> str:
        return f"<User {self.username}>"


# Whoever changes a password or disables an account (a reset by a teacher, an erasure,
# an admin), the sessions opened with the old state must not outlive it.
@event.listens_for(User.password_hash, "set")
def password_changed(
    user: User, new: str | None, old: object, _initiator: object
) -> None:
    if user.id is not None and new != old:
        user.end_sessions()


@event.listens_for(User.is_active_account, "set")
def activity_changed(user: User, new: bool, old: object, _initiator: object) -> None:
    if user.id is not None and new is False and old is not False:
        user.end_sessions()
