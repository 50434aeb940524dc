"""Content stamps: one number per space, and one for the whole site, that every committed
change to what pages show replaces (see :mod:`etwincms.stamps`)."""

from __future__ import annotations

from sqlalchemy import BigInteger
from sqlalchemy.orm import Mapped, mapped_column

from ..db import NOT_SHOWN, Base

#: The scope of what belongs to no space: users, schools, site settings.
SITE_SCOPE = 0


class ContentStamp(Base):
    """The stamp of one space (``scope`` is its id), or of the site (``scope`` 0).

    No foreign key: scope 0 names no space, and a deleted space's row is harmless.
    """

    __tablename__ = "content_stamp"
    __table_args__ = {"info": {NOT_SHOWN: True}}

    scope: Mapped[int] = mapped_column(primary_key=True, autoincrement=False)
    value: Mapped[int] = mapped_column(BigInteger)
