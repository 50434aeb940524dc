"""The search outbox: index work written in the same transaction as the content change.

A row says "this document changed" (``index``: rebuild it from the database, or drop it
if it is gone) or "this plugin's documents in this space changed" (``plugin``). The
drainer applies rows to the index after the commit and deletes them only once the index
has committed, so a crash in between loses nothing: the rows are still there.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import NOT_SHOWN, Base, UTCDateTime, utcnow


class SearchOutbox(Base):
    __tablename__ = "search_outbox"
    __table_args__ = {"info": {NOT_SHOWN: True}}

    id: Mapped[int] = mapped_column(primary_key=True)
    action: Mapped[str] = mapped_column(String(16))
    #: ``page:12``, ``material:3`` for ``index``; the plugin's name for ``plugin``.
    target: Mapped[str] = mapped_column(String(200))
    #: No foreign key: the row must outlive a deleted space, to remove its documents.
    project_id: Mapped[int | None]
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
