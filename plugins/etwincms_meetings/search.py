"""Search documents for a space's meetings: title and agenda (its text as shown).

Meetings for teachers only are a content type of their own (``meetings_teachers``, found
with ``meetings.teachers``), so a pupil's search never returns them; the others are
``meetings_meeting`` (found with ``meetings.view``). No document names a person.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import SearchDocument
from etwincms.models import Project
from etwincms.search.documents import plain_text

from .models import Meeting


def documents(project: Project) -> Iterator[SearchDocument]:
    meetings = get_session().scalars(
        select(Meeting).where(Meeting.project_id == project.id).order_by(Meeting.id)
    )
    for meeting in meetings:
        yield document(project, meeting)


def content_type(meeting: Meeting) -> str:
    return "meetings_meeting" if meeting.audience == "everyone" else "meetings_teachers"


def document(project: Project, meeting: Meeting) -> SearchDocument:
    kind = content_type(meeting)
    return SearchDocument(
        id=f"{kind}:{meeting.id}",
        project_id=project.id,
        type=kind,
        title=meeting.title,
        body=plain_text(meeting.agenda_html),  # what readers see, not Markdown marks
        url=url_for("meetings.show", slug=project.slug, meeting_id=meeting.id),
        plugin="meetings",
        language=(project.languages or ["en"])[0],
        visibility="members",
        updated_at=meeting.updated_at,
    )
