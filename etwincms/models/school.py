"""Schools: the partner institutions of a space (name, country, city, type)."""

from __future__ import annotations

from sqlalchemy import String
from sqlalchemy.orm import Mapped, mapped_column

from ..db import Base


class School(Base):
    __tablename__ = "school"

    id: Mapped[int] = mapped_column(primary_key=True)
    name: Mapped[str] = mapped_column(String(200))
    #: ISO 3166-1 alpha-2, upper case.
    country: Mapped[str] = mapped_column(String(2))
    city: Mapped[str] = mapped_column(String(120), default="")
    #: VET, general, primary, ... free text kept short.
    type: Mapped[str] = mapped_column(String(40), default="")

    def __repr__(self) -> str:
        return f"<School {self.name} ({self.country})>"
