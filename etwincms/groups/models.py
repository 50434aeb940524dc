"""The working groups tables: a space's groups and their members.

Every table starts with ``group_``. A :class:`WorkingGroup` belongs to one space and owns
one page (``root_page_id``), the root of the pages only its members and the space's
teachers may read. A :class:`GroupMember` puts a member of the space in a group; a person
may be in several groups. Columns naming a person are covered by the privacy hooks in
:mod:`etwincms.groups.privacy`.
"""

from __future__ import annotations

from datetime import datetime

from sqlalchemy import ForeignKey, String, Text, UniqueConstraint
from sqlalchemy.orm import Mapped, mapped_column, relationship

from ..db import Base, UTCDateTime, utcnow


class WorkingGroup(Base):
    """A transnational team of a space, with its own pages."""

    __tablename__ = "group_working_group"
    __table_args__ = (UniqueConstraint("project_id", "name"),)

    id: Mapped[int] = mapped_column(primary_key=True)
    project_id: Mapped[int] = mapped_column(
        ForeignKey("project.id", ondelete="CASCADE"), index=True
    )
    name: Mapped[str] = mapped_column(String(120))
    description: Mapped[str] = mapped_column(Text, default="")
    root_page_id: Mapped[int | None] = mapped_column(
        ForeignKey("page.id", ondelete="SET NULL"), index=True
    )
    created_by_id: Mapped[int | None] = mapped_column(
        ForeignKey("user_account.id", ondelete="SET NULL"), index=True
    )
    created_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    members: Mapped[list[GroupMember]] = relationship(
        lazy="selectin", cascade="all, delete-orphan", back_populates="group"
    )

    @property
    def member_ids(self) -> set[int]:
        return {row.user_id for row in self.members}

    def __repr__(self) -> str:
        return f"<WorkingGroup {self.id} in {self.project_id}>"


class GroupMember(Base):
    """A member of the space in one working group."""

    __tablename__ = "group_member"

    group_id: Mapped[int] = mapped_column(
        ForeignKey("group_working_group.id", ondelete="CASCADE"), primary_key=True
    )
    user_id: Mapped[int] = mapped_column(
        ForeignKey("user_account.id", ondelete="CASCADE"), primary_key=True, index=True
    )
    added_at: Mapped[datetime] = mapped_column(UTCDateTime, default=utcnow)

    group: Mapped[WorkingGroup] = relationship(back_populates="members")


MODELS = (WorkingGroup, GroupMember)
