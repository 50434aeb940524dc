"""Materials: files attached to a space (and optionally to one of its pages).

The bytes live in content-addressed storage under their SHA-256; the original filename
is metadata only and never becomes a path on disk. Text is extracted from documents off
the request path (:mod:`etwincms.extraction`); ``text_status`` says where that stands.
"""

from __future__ import annotations

import enum
from datetime import datetime

from sqlalchemy import ForeignKey, String, Text
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow
from .types import str_enum


class TextStatus(enum.StrEnum):
    """Where a material's text extraction stands."""

    #: Uploaded, waiting for the extractor.
    PENDING = "pending"
    #: ``extracted_text`` holds the file's text, and the index has it.
    EXTRACTED = "extracted"
    #: Tried and failed (``text_reason`` says why): too large, too slow, damaged...
    NOT_EXTRACTED = "not_extracted"
    #: Images and files of types that have no text to extract.
    NONE = "none"


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
    text_status: Mapped[TextStatus] = mapped_column(
        str_enum(TextStatus, "material_text_status"),
        default=TextStatus.NONE,
        server_default=TextStatus.NONE.value,
        index=True,
    )
    #: A short code (``timeout``, ``encrypted``...) when the text was not extracted.
    text_reason: Mapped[str | None] = mapped_column(String(32))
    #: Pixel size of an image, and the stored key of its thumbnail (images only).
    width: Mapped[int | None]
    height: Mapped[int | None]
    thumbnail_key: Mapped[str | None] = mapped_column(String(200))
    uploader_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    deleted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
