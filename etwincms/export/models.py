"""The export facility's one table: the licence each space publishes its export under.

One row per space that chose a licence (a space without a row uses the default, "all
rights reserved"). No column names a person, so there is nothing for the privacy hooks.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base, UTCDateTime, utcnow


class ExportSettings(Base):
    """A space's settings for its dissemination export."""

    __tablename__ = "export_settings"

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), unique=True
    )
    licence: Mapped[str] = mapped_column(String(40))
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)


MODELS = (ExportSettings,)
