"""What the meetings plugin adds to the core's pages: reminders and the minutes' link.

On a space's home (slot ``space_home``), the meetings addressed to the reader that start
within the space's ``reminder_days``, in the reader's zone, with whether they answered.
Under a page that holds a meeting's minutes (slot ``page_footer``), a link back to the
meeting, for those who may see it.
"""

from __future__ import annotations

from datetime import datetime, timedelta
from typing import Any

from flask import render_template
from markupsafe import Markup
from sqlalchemy import or_, select

from etwincms.db import get_session, utcnow
from etwincms.models import Page, Project, User
from etwincms.plugins import plugin_settings
from etwincms.web.helpers import signed_in_user

from . import clock, followup, policy, schedule, services
from .models import Meeting


def slot(name: str, context: dict[str, Any]) -> Markup | None:
    project, user = context.get("project"), signed_in_user()
    if not isinstance(project, Project):
        return None
    if name == "space_home":
        return reminders(project, user)
    page = context.get("page")
    if name == "page_footer" and isinstance(page, Page):
        return minutes_footer(project, user, page)
    return None


def coming(
    user: User | None, project: Project, now: datetime, days: int
) -> list[tuple[Meeting, datetime]]:
    """(meeting, next start) for meetings ``user`` may see starting within ``days``."""
    session = get_session()
    horizon = now + timedelta(days=days)
    meetings = session.scalars(
        select(Meeting)
        .where(
            Meeting.project_id == project.id,
            Meeting.starts_at <= horizon,
            # past single meetings are over (none lasts more than 10 hours)
            or_(
                Meeting.repeat_weeks > 0, Meeting.starts_at > now - timedelta(hours=10)
            ),
        )
        .order_by(Meeting.starts_at, Meeting.id)
    )
    found = []
    for meeting in meetings:
        start = schedule.next_start(meeting, now)
        if start and start <= horizon and policy.may_see(user, project, meeting):
            found.append((meeting, start))
    return sorted(found, key=lambda pair: pair[1])


def reminders(project: Project, user: User | None) -> Markup | None:
    days = plugin_settings(project, "meetings")["reminder_days"]
    if not days or not policy.may_view(user, project):
        return None
    soon = coming(user, project, utcnow(), days)
    if not soon:
        return None
    session = get_session()
    answered = {
        meeting.id: services.answers_of(session, meeting).get(user.id)
        for meeting, _start in soon
        if user is not None and policy.may_respond(user, project, meeting)
    }
    html = render_template(
        "meetings/reminders.html",
        project=project,
        soon=soon,
        answered=answered,
        zone=schedule.zone_of(session, user),
        shown=clock.shown,
    )
    return Markup(html)  # noqa: S704  (rendered by an autoescaping template)


def minutes_footer(project: Project, user: User | None, page: Page) -> Markup | None:
    meeting = followup.meeting_of_minutes(get_session(), page)
    if meeting is None or not policy.may_see(user, project, meeting):
        return None
    html = render_template(
        "meetings/minutes_footer.html", project=project, meeting=meeting
    )
    return Markup(html)  # noqa: S704  (rendered by an autoescaping template)
