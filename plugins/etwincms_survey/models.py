"""The survey plugin's tables: surveys, their responses, and who has answered.

A :class:`Survey` keeps its questions as a JSON list (see :mod:`.questions`), so that
sections, reordering and texts in several languages need no extra tables. Answers go to
:class:`Response`; for an anonymous survey a response carries no person, no timestamp and
a random id (no autoincrement whose order could be matched with anything), and the one
response per person rule is kept by :class:`Participant`, which records *that* a member
answered and nothing that points to *which* response. On SQLite both tables are
``WITHOUT ROWID``, so not even the hidden row number follows the order of submission.
Tables start with ``survey_``.
"""

from __future__ import annotations

from datetime import datetime
from typing import Any

from sqlalchemy import JSON, Boolean, ForeignKey, String, Text
from sqlalchemy import false as sa_false
from sqlalchemy.orm import Mapped, mapped_column, relationship

from etwincms.db import Base, UTCDateTime, utcnow
from etwincms.models import School, User


class Survey(Base):
    """A questionnaire of a space, with its audience, dates and questions."""

    __tablename__ = "survey_survey"
    __table_args__ = {"sqlite_autoincrement": True}

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    title: Mapped[str] = mapped_column(String(200))
    description: Mapped[str] = mapped_column(Text, default="")
    #: "pupils", "teachers", "members" or "public" (anyone with the link).
    audience: Mapped[str] = mapped_column(String(20), default="members")
    anonymous: Mapped[bool] = mapped_column(Boolean, default=True)
    #: Keep the respondent's school with each response, for comparisons.
    compare_schools: Mapped[bool] = mapped_column(Boolean, default=False)
    #: "draft", "open" or "closed".
    status: Mapped[str] = mapped_column(String(20), default="draft")
    opens_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    closes_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    questions: Mapped[list[dict[str, Any]]] = mapped_column(JSON, default=list)
    #: The questionnaire it was started from ("pre_mobility", "post_mobility" or "").
    preset: Mapped[str] = mapped_column(String(40), default="")
    #: The earlier survey this one is compared with (pre/post).
    linked_id: Mapped[int | None] = mapped_column(
        ForeignKey("survey_survey.id", ondelete="SET NULL"), index=True
    )
    public_token: Mapped[str | None] = mapped_column(String(64), unique=True)
    #: A teacher published the results (aggregates only) for the dissemination export.
    results_public: Mapped[bool] = mapped_column(
        Boolean, default=False, server_default=sa_false()
    )
    author_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    version: Mapped[int] = mapped_column(default=1)
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)
    updated_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    author: Mapped[User | None] = relationship(lazy="raise")

    def question(self, key: str) -> dict[str, Any] | None:
        return next((q for q in self.questions if q["key"] == key), None)

    def __repr__(self) -> str:
        return f"<Survey {self.id} in {self.project_id}>"


class Response(Base):
    """One filled-in questionnaire. Named surveys keep the respondent and times;
    anonymous ones keep only the answers (and the school when the survey compares)."""

    __tablename__ = "survey_response"
    __table_args__ = {"sqlite_with_rowid": False}

    #: Random (``secrets.token_hex``): ids carry no order.
    id: Mapped[str] = mapped_column(String(32), primary_key=True)
    survey_id: Mapped[int] = mapped_column(
        ForeignKey("survey_survey.id", ondelete="CASCADE"), index=True
    )
    respondent_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), index=True
    )
    school_id: Mapped[int | None] = mapped_column(
        ForeignKey("school.id", ondelete="SET NULL"), index=True
    )
    answers: Mapped[dict[str, Any]] = mapped_column(JSON, default=dict)
    submitted_at: Mapped[datetime | None] = mapped_column(UTCDateTime)
    updated_at: Mapped[datetime | None] = mapped_column(UTCDateTime)

    respondent: Mapped[User | None] = relationship(lazy="raise")
    school: Mapped[School | None] = relationship(lazy="raise")


class Participant(Base):
    """That ``user_id`` answered ``survey_id``: no response id, no time."""

    __tablename__ = "survey_participant"
    __table_args__ = {"sqlite_with_rowid": False}

    survey_id: Mapped[int] = mapped_column(
        ForeignKey("survey_survey.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )


MODELS: tuple[type[Base], ...] = (Survey, Response, Participant)
