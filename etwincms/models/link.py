"""What a page's current text points at: other pages and materials of its space.

Rows are rewritten from the rendered HTML each time a page is saved, so "what links
here" and a material's "where used" are one indexed query instead of a text scan.
"""

from __future__ import annotations

from sqlalchemy import ForeignKey
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class PageLink(Base):
    __tablename__ = "page_link"

    source_page_id: Mapped[int] = mapped_column(
        ForeignKey("page.id", ondelete="CASCADE"), primary_key=True
    )
    target_page_id: Mapped[int] = mapped_column(
        ForeignKey("page.id", ondelete="CASCADE"), primary_key=True, index=True
    )


class MaterialUse(Base):
    __tablename__ = "material_use"

    page_id: Mapped[int] = mapped_column(
        ForeignKey("page.id", ondelete="CASCADE"), primary_key=True
    )
    material_id: Mapped[int] = mapped_column(
        ForeignKey("material.id", ondelete="CASCADE"), primary_key=True, index=True
    )
