"""The space's meetings as contributions, for phase views and the report pack.

Each meeting is one contribution with its search document's id (``meetings_meeting:<id>``,
or ``meetings_teachers:<id>`` for teachers-only meetings), made by its organiser. Meetings
are for members only, so none is public and none is exported; their minutes are an
ordinary page of the space, which the core reports and exports itself. One query.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import Contribution
from etwincms.models import Project

from .models import Meeting
from .search import content_type


def space_contributions(project: Project) -> Iterator[Contribution]:
    meetings = get_session().scalars(
        select(Meeting).where(Meeting.project_id == project.id).order_by(Meeting.id)
    )
    for meeting in meetings:
        kind = content_type(meeting)
        yield Contribution(
            id=f"{kind}:{meeting.id}",
            type=kind,
            plugin="meetings",
            title=meeting.title,
            url=f"/s/{project.slug}/-/meetings/{meeting.id}",
            author_id=meeting.organiser_id,
            created_at=meeting.created_at,
        )
