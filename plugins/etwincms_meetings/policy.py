"""The meetings plugin's rules about single meetings, on top of ``can()``.

Capabilities say what a role may do; these helpers add what depends on the meeting: a
meeting for teachers only exists only for those with ``meetings.teachers`` (pupils get
a 404, as for a missing one), and pupils see the video link only while a teacher has the
meeting started. Services enforce them; views and the API ask the same helpers.
"""

from __future__ import annotations

from datetime import datetime, timedelta

from flask_babel import gettext as _

from etwincms.db import utcnow
from etwincms.errors import NotFound, PermissionDenied
from etwincms.models import Project, User
from etwincms.permissions import can

from .models import Meeting

AUDIENCES = ("teachers", "everyone")
#: The roles invited to a meeting of each audience (observers read, they are not invited).
INVITED = {
    "teachers": frozenset({"admin", "teacher"}),
    "everyone": frozenset({"admin", "teacher", "pupil_lead", "pupil"}),
}


def may_view(user: User | None, project: Project) -> bool:
    return can(user, "meetings.view", project)


def may_see(user: User | None, project: Project, meeting: Meeting) -> bool:
    if meeting.project_id != project.id or not may_view(user, project):
        return False
    return meeting.audience == "everyone" or can(user, "meetings.teachers", project)


def may_manage(user: User | None, project: Project) -> bool:
    return can(user, "meetings.manage", project)


def may_respond(user: User | None, project: Project, meeting: Meeting) -> bool:
    return may_see(user, project, meeting) and can(user, "meetings.respond", project)


def is_live(meeting: Meeting, now: datetime | None = None) -> bool:
    """Started by a teacher, and not yet past its planned length."""
    if meeting.started_at is None:
        return False
    now = now or utcnow()
    return now < meeting.started_at + timedelta(minutes=meeting.duration_minutes)


def may_join(user: User | None, project: Project, meeting: Meeting) -> bool:
    """Teachers and observers see the link; pupils only while the meeting runs."""
    if not may_see(user, project, meeting) or not meeting.conference_url:
        return False
    return can(user, "meetings.teachers", project) or is_live(meeting)


def require_view(user: User | None, project: Project) -> None:
    if not may_view(user, project):
        raise PermissionDenied("meetings.view")


def require_see(
    user: User | None, project: Project, meeting: Meeting | None
) -> Meeting:
    """The meeting, when ``user`` may see it; absent, foreign and hidden ids alike 404."""
    require_view(user, project)
    if meeting is None or not may_see(user, project, meeting):
        raise NotFound("meeting")
    return meeting


def require_manage(user: User | None, project: Project) -> None:
    if not may_manage(user, project):
        raise PermissionDenied("meetings.manage", _("Only teachers organise meetings."))


def require_respond(user: User | None, project: Project, meeting: Meeting) -> None:
    if not may_respond(user, project, meeting):
        raise PermissionDenied(
            "meetings.respond", _("You may not answer this invitation.")
        )
