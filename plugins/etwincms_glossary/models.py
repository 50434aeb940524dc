"""The glossary's tables: concepts of a space and their terms, one per language.

A :class:`Concept` is the thing named (with its category, an optional image from the
space's materials library and the school of the member who added it); a :class:`Term`
names it in one language, with that language's definition and example sentence. Every
table starts with ``glossary_``. ``version`` counts a concept's changes (its terms'
too), so the API's ETag follows every edit; ``publication`` keeps a pupil's entry out of
the public glossary until a teacher approves it (see :mod:`.publication`). Columns
naming a person are covered by the privacy hooks in :mod:`etwincms_glossary.privacy`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, Index, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etwincms.db import Base, UTCDateTime, utcnow
from etwincms.models import School, User


class Concept(Base):
    """One idea of the glossary, named in several languages by its terms."""

    __tablename__ = "glossary_concept"
    #: Ids are never reused on SQLite either: an old ETag must not match a new concept.
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    category: Mapped[str] = mapped_column(String(100), default="")
    image_id: Mapped[int | None] = mapped_column(
        ForeignKey("material.id", ondelete="SET NULL"), index=True
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    #: Who may read it in a public glossary: "" everyone, "waiting" (a pupil's entry
    #: waits for a teacher; members only meanwhile), "members" (a teacher said no).
    publication: Mapped[str] = mapped_column(String(10), default="", server_default="")
    publication_requested_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="raise")
    school: Mapped[School | None] = relationship(lazy="raise")
    terms: Mapped[list[Term]] = relationship(
        lazy="selectin",
        order_by="Term.language",
        cascade="all, delete-orphan",
        back_populates="concept",
    )

    def ordered_terms(self, languages: list[str]) -> list[Term]:
        """The terms in the space's language order (others after, by code)."""
        order = {code: n for n, code in enumerate(languages)}
        return sorted(
            self.terms, key=lambda t: (order.get(t.language, len(order)), t.language)
        )

    def term_in(self, language: str) -> Term | None:
        return next((t for t in self.terms if t.language == language), None)

    def __repr__(self) -> str:
        return f"<Concept {self.id} in {self.project_id}>"


class Term(Base):
    """The concept's name in one language, with a definition and an example there."""

    __tablename__ = "glossary_term"
    __table_args__ = (
        UniqueConstraint("concept_id", "language"),
        Index("ix_glossary_term_project_id_language", "project_id", "language"),
        {"sqlite_autoincrement": True},
    )

    id: Mapped[int] = mapped_column(primary_key=True)
    concept_id: Mapped[int] = mapped_column(
        ForeignKey("glossary_concept.id", ondelete="CASCADE"), index=True
    )
    #: Repeated from the concept so that a space's terms need no join.
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE")
    )
    language: Mapped[str] = mapped_column(String(16))
    text: Mapped[str] = mapped_column(String(200))
    definition: Mapped[str] = mapped_column(Text, default="")
    example: Mapped[str] = mapped_column(Text, default="")
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    concept: Mapped[Concept] = relationship(back_populates="terms", lazy="raise")

    def __repr__(self) -> str:
        return f"<Term {self.language}:{self.text}>"


MODELS: tuple[type[Base], ...] = (Concept, Term)
