"""The blog's starter content for space templates and its part in a space's mobilities.

The Erasmus+ blended-mobility template (``"erasmus_blended"``) gets two blogs when the
space has none yet: a teachers' bulletin only teachers write in, and a mobility diary in
which pupils write a weekly reflection (their posts wait for a teacher before they are
public, see :mod:`.publication`). When the space's first mobility is saved, the diary
asks for reflections over the mobility's dates unless a teacher chose dates already.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.models import Project, User

from . import services
from .models import Blog

TEMPLATE = "erasmus_blended"
TEACHERS = ["admin", "teacher"]
PUPILS_AND_TEACHERS = ["admin", "teacher", "pupil_lead", "pupil"]
MAX_REFLECTION_DAYS = 366


def has_blogs(session: Session, project: Project) -> bool:
    query = select(Blog.id).where(Blog.project_id == project.id).limit(1)
    return session.scalar(query) is not None


def apply_template(
    session: Session, project: Project, template: str, user: User
) -> None:
    """Create the template's blogs, only in a space that has no blog yet."""
    if template != TEMPLATE or has_blogs(session, project):
        return
    services.create_blog(
        session,
        user,
        project,
        title=_("Teachers' bulletin"),
        description=_("News from the partner schools' teachers."),
        visibility="public",
        writer_roles=TEACHERS,
    )
    services.create_blog(
        session,
        user,
        project,
        title=_("Mobility diary"),
        description=_("Pupils write one reflection a week about the mobility."),
        visibility="public",
        writer_roles=PUPILS_AND_TEACHERS,
    )


def diary_of(session: Session, project: Project) -> Blog | None:
    """The space's first blog pupils write in (the template's mobility diary)."""
    query = select(Blog).where(Blog.project_id == project.id).order_by(Blog.id)
    return next((b for b in session.scalars(query) if "pupil" in b.writer_roles), None)


def mobility_saved(session: Session, project: Project, mobility: Any) -> None:
    """The diary asks for reflections over the mobility when it has no dates yet."""
    diary = diary_of(session, project)
    start, end = (
        getattr(mobility, "starts_on", None),
        getattr(mobility, "ends_on", None),
    )
    if diary is None or diary.reflection_start is not None or not (start and end):
        return
    if start <= end and (end - start).days <= MAX_REFLECTION_DAYS:
        diary.reflection_start, diary.reflection_end = start, end
        session.flush()
