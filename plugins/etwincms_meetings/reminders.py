"""Reminders in the space's activity: ``etwincms meetings-remind``, run from cron.

For every space with meetings switched on, each meeting whose next occurrence starts
within the space's ``reminder_days`` gets one audit entry ``meetings.remind`` (once per
occurrence: ``Meeting.reminded_for`` remembers the last one announced), which the
space's activity shows as the organiser reminding members of it. The home page's list
of coming meetings (:mod:`.slots`) needs no cron; this puts the reminder in the feed of
what happens in the space, where members look.
"""

from __future__ import annotations

from datetime import datetime, timedelta

import click
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from etwincms.db import utcnow
from etwincms.models import Project, User
from etwincms.plugins import plugin_settings
from etwincms.services import audit
from etwincms.services.spaces import enabled_plugins

from . import schedule
from .models import Meeting


def remind_everywhere(session: Session, now: datetime | None = None) -> int:
    """Announce every occurrence that became due; answer how many."""
    now = now or utcnow()
    projects = session.scalars(select(Project).order_by(Project.id))
    return sum(
        remind_space(session, project, now)
        for project in projects
        if "meetings" in enabled_plugins(project)
    )


def remind_space(session: Session, project: Project, now: datetime) -> int:
    days = plugin_settings(project, "meetings")["reminder_days"]
    if not days:
        return 0
    horizon = now + timedelta(days=days)
    meetings = session.scalars(
        select(Meeting).where(
            Meeting.project_id == project.id,
            Meeting.starts_at <= horizon,
            or_(Meeting.repeat_weeks > 0, Meeting.starts_at > now),
        )
    )
    return sum(remind(session, project, m, now, horizon) for m in meetings)


def remind(
    session: Session,
    project: Project,
    meeting: Meeting,
    now: datetime,
    horizon: datetime,
) -> int:
    start = schedule.next_start(meeting, now)
    if (
        start is None
        or start <= now
        or start > horizon
        or meeting.reminded_for == start
    ):
        return 0
    organiser = (
        session.get(User, meeting.organiser_id) if meeting.organiser_id else None
    )
    audit.record(
        session,
        organiser,
        "meetings.remind",
        project,
        meeting,
        starts_at=start.isoformat(),
    )
    meeting.reminded_for = start
    return 1


@click.command("meetings-remind")
def remind_command() -> None:
    """Put reminders of coming meetings in their spaces' activity (run it from cron)."""
    from etwincms.cli import app_session

    with app_session() as session:
        count = remind_everywhere(session)
    click.echo(f"{count} meeting reminder(s) written")
