"""Materials: files attached to a space (and optionally to one of its pages).

The bytes live in content-addressed storage under their SHA-256; the original filename
is metadata only and never becomes a path on disk.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow


class Material(Base):
    __tablename__ = "material"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    page_id: Mapped[int | None] = mapped_column(
        ForeignKey("page.id", ondelete="SET NULL"), index=True
    )
    original_name: Mapped[str] = mapped_column(String(255))
    media_type: Mapped[str] = mapped_column(String(127))
    size: Mapped[int]
    sha256: Mapped[str] = mapped_column(String(64), index=True)
    storage_key: Mapped[str] = mapped_column(String(200))
    extracted_text: Mapped[str | None] = mapped_column(Text)
    #: Pixel size of an image, and the stored key of its thumbnail (images only).
    width: Mapped[int | None]
    height: Mapped[int | None]
    thumbnail_key: Mapped[str | None] = mapped_column(String(200))
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
