"""The embed library of a space: one row per embedded tool, video or document.

``url`` is the share URL a member pasted, ``provider`` and ``embed_url`` what it became
when it was saved (recomputed on every edit). ``version`` counts changes, so the API's
ETag follows every edit; ``publication`` keeps a pupil's embed out of a public library
until a teacher approves it (see :mod:`etwincms_embed.publication`). ``author_id`` names
a person: it is covered by the privacy hooks in :mod:`etwincms_embed.privacy`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etwincms.db import Base, UTCDateTime, utcnow
from etwincms.models import User


class EmbedItem(Base):
    """One embed of a space's library."""

    __tablename__ = "embed_item"
    #: Ids are never reused on SQLite either: an old ETag must not match a new item.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    url: Mapped[str] = mapped_column(String(2000))
    provider: Mapped[str] = mapped_column(String(40))
    embed_url: Mapped[str] = mapped_column(String(2000))
    version: Mapped[int] = mapped_column(default=1)
    #: Who may see it in a public library: "" everyone, "waiting" (a pupil's embed
    #: waits for a teacher; members only meanwhile), "members" (a teacher said no).
    publication: Mapped[str] = mapped_column(String(10), default="", server_default="")
    publication_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="joined")


MODELS = (EmbedItem,)
