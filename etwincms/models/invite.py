"""Invite links: a URL a space admin shares with partner teachers, valid until it expires.

Only a hash of the link's secret is stored; the secret itself is shown once, when the
link is made. Whoever opens a live link and signs in joins the space with the link's role.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow
from .project import Role
from .types import str_enum


class InviteLink(Base):
    __tablename__ = "invite_link"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    token_hash: Mapped[str] = mapped_column(String(64), unique=True)
    role: Mapped[Role] = mapped_column(str_enum(Role, "invite_role"))
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL")
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    expires_at: Mapped[datetime] = mapped_column(UTCDateTime)
    revoked_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    uses: Mapped[int] = mapped_column(default=0)

    def is_live(self, now: datetime) -> bool:
        return self.revoked_at is None and self.expires_at > now
