"""The gallery's tables: albums of a space and the photos and videos in them.

Every table starts with ``gallery_``. An item's bytes live in the core's
content-addressed storage: a photo as re-encoded by :mod:`etwincms.images` (no EXIF,
GPS or XMP) with WebP thumbnails in three sizes, a video as sent (after its type was
checked by its bytes) with a poster frame when ffmpeg could make one. A pupil's item in a
public album stays members-only until a teacher approves it (``publication``). Columns that name
a person (uploader, who confirmed consent, who made an album) are covered by the privacy
hooks in :mod:`etwincms_gallery.privacy`.
"""

from __future__ import annotations

from datetime import date, datetime
from typing import Any

from sqlalchemy import ForeignKey, Integer, String
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etwincms.db import Base, UTCDateTime, utcnow
from etwincms.models import User

VISIBILITIES = ("members", "public")
PHASES = ("before", "during", "after")
KINDS = ("photo", "video")
HELD = ("pending", "rejected")
#: Thumbnail sizes (longest side in pixels); "small" is the core's thumbnail.
SIZES = {"small": 320, "medium": 800, "large": 1600}


class Album(Base):
    """An album of a space: a visit, a workshop, a phase of the mobility."""

    __tablename__ = "gallery_album"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(String(1000), default="")
    #: Before, during or after the mobility; None when it does not apply.
    phase: Mapped[str | None] = mapped_column(String(10))
    #: "members" or "public" (public only counts while the space is public too).
    visibility: Mapped[str] = mapped_column(String(10), default="members")
    #: The item shown for the album; None means its first photo.
    cover_item_id: Mapped[int | None] = mapped_column(Integer)
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    #: The space's mobility this album was made for (``etwincms.phases``), if any.
    mobility_id: Mapped[int | None] = mapped_column(Integer, index=True)

    @property
    def is_public(self) -> bool:
        return self.visibility == "public"

    def __repr__(self) -> str:
        return f"<Album {self.project_id}:{self.title}>"


class Item(Base):
    """A photo or a video of an album."""

    __tablename__ = "gallery_item"

    id: Mapped[int] = mapped_column(primary_key=True)
    album_id: Mapped[int] = mapped_column(
        ForeignKey("gallery_album.id", ondelete="CASCADE"), index=True
    )
    #: Repeated from the album so that space-wide queries need no join.
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    kind: Mapped[str] = mapped_column(String(10))
    original_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(100))
    storage_key: Mapped[str] = mapped_column(String(80))
    sha256: Mapped[str] = mapped_column(String(64))
    size: Mapped[int] = mapped_column(Integer)
    width: Mapped[int | None] = mapped_column(Integer)
    height: Mapped[int | None] = mapped_column(Integer)
    small_key: Mapped[str | None] = mapped_column(String(80))
    medium_key: Mapped[str | None] = mapped_column(String(80))
    large_key: Mapped[str | None] = mapped_column(String(80))
    #: A video's poster frame (re-encoded like a photo); None without ffmpeg.
    poster_key: Mapped[str | None] = mapped_column(String(80))
    caption: Mapped[str] = mapped_column(String(1000), default="")
    #: Required before the photo can be shown publicly.
    alt_text: Mapped[str] = mapped_column(String(500), default="")
    #: Shows pupils who could be recognised: members-only until a teacher confirms consent.
    identifiable: Mapped[bool] = mapped_column(default=False)
    consent_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    consent_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    position: Mapped[int] = mapped_column(Integer, default=0)
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    edited_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    #: A pupil's item in a public album: "pending" (waits for a teacher), "approved" or
    #: "rejected"; "" when nobody has to decide (teachers' items, members' albums).
    publication: Mapped[str] = mapped_column(String(10), default="", server_default="")
    #: When a pupil's item asked to become public; None once a teacher decided.
    publication_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    uploader: Mapped[User | None] = relationship(
        lazy="selectin", foreign_keys=[uploader_id]
    )

    @property
    def is_held(self) -> bool:
        """Members-only whatever its album says: it waits for, or was refused, approval."""
        return self.publication in HELD

    @property
    def consent_confirmed(self) -> bool:
        return self.consent_at is not None

    def key_for(self, size: str) -> str | None:
        return {
            "small": self.small_key,
            "medium": self.medium_key,
            "large": self.large_key,
            "poster": self.poster_key,
            "file": self.storage_key,
        }.get(size)

    def __repr__(self) -> str:
        return f"<Item {self.id}:{self.original_name}>"


MODELS: tuple[type[Base], ...] = (Album, Item)


def json_ready(value: Any) -> Any:
    """Dates as ISO text, everything else as it is."""
    return value.isoformat() if isinstance(value, date | datetime) else value
