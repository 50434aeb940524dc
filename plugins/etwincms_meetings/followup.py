"""After a meeting: attendance, the decisions list, the recording and the minutes page.

Only those who organise meetings (``meetings.manage``) write any of it. Attendance is
kept per occurrence (a weekly meeting has a register each week) and only for invited
members. The minutes are an ordinary page of the space, made or chosen through the
core's page services, so they have history, links and permissions like any page; the
meeting points to the page and the page shows the meeting (``template_slot``).
"""

from __future__ import annotations

from datetime import datetime

from flask_babel import gettext as _
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from etwincms.errors import NotFound, ValidationError
from etwincms.models import Page, Project, User
from etwincms.permissions import can
from etwincms.services import audit, pages, tree
from etwincms.services.validation import required_text

from . import policy, schedule, services
from .models import Attendance, Decision, Meeting


def check(actor: User, project: Project, meeting: Meeting) -> None:
    policy.require_manage(actor, project)
    policy.require_see(actor, project, meeting)


def present(session: Session, meeting: Meeting, occurs_at: datetime) -> set[int]:
    rows = session.scalars(
        select(Attendance.user_id).where(
            Attendance.meeting_id == meeting.id, Attendance.occurs_at == occurs_at
        )
    )
    return set(rows)


def occurrence(meeting: Meeting, occurs_at: datetime) -> datetime:
    """``occurs_at`` when it is one of the meeting's starts; else a ValidationError."""
    for start in schedule.occurrences(meeting):
        if start == occurs_at:
            return start
    raise ValidationError(_("The meeting does not take place then."), field="occurs_at")


def take_attendance(
    session: Session,
    actor: User,
    project: Project,
    meeting: Meeting,
    occurs_at: datetime,
    user_ids: set[int],
) -> set[int]:
    """Replace the register of one occurrence with ``user_ids`` (invited members)."""
    check(actor, project, meeting)
    start = occurrence(meeting, occurs_at)
    invited = {user.id for user in services.invitees(session, project, meeting)}
    strangers = set(user_ids) - invited
    if strangers:
        raise ValidationError(
            _("Only invited members can be marked present."), "user_ids"
        )
    session.execute(
        delete(Attendance).where(
            Attendance.meeting_id == meeting.id, Attendance.occurs_at == start
        )
    )
    for user_id in sorted(user_ids):
        session.add(
            Attendance(
                meeting_id=meeting.id,
                occurs_at=start,
                user_id=user_id,
                recorded_by_id=actor.id,
            )
        )
    audit.record(session, actor, "meetings.attendance", project, meeting)
    return set(user_ids)


def add_decision(
    session: Session, actor: User, project: Project, meeting: Meeting, text: str
) -> Decision:
    check(actor, project, meeting)
    decision = Decision(
        meeting_id=meeting.id, text=required_text(text, "decision", 500)
    )
    meeting.decisions.append(decision)
    session.flush()
    return decision


def remove_decision(
    session: Session, actor: User, project: Project, meeting: Meeting, decision_id: int
) -> None:
    check(actor, project, meeting)
    decision = session.get(Decision, decision_id)
    if decision is None or decision.meeting_id != meeting.id:
        raise NotFound("decision")
    meeting.decisions.remove(decision)


def minutes_page(session: Session, meeting: Meeting) -> Page | None:
    """The live minutes page, if any (a page in the trash is not shown)."""
    if meeting.minutes_page_id is None:
        return None
    page = session.get(Page, meeting.minutes_page_id)
    return None if page is None or page.in_trash else page


def write_minutes(
    session: Session, actor: User, project: Project, meeting: Meeting
) -> Page:
    """Make the minutes page (a page of the space titled after the meeting)."""
    check(actor, project, meeting)
    existing = minutes_page(session, meeting)
    if existing is not None:
        return existing
    day = schedule.local(meeting.starts_at, meeting.time_zone).date()
    body = "\n".join(
        [
            f"## {_('Decisions')}",
            "",
            *[f"- {d.text}" for d in meeting.decisions],
            "",
            f"## {_('Notes')}",
            "",
        ]
    )
    page = pages.create_page(
        session,
        actor,
        project,
        title=f"{_('Minutes')}: {meeting.title} ({day.isoformat()})"[:200],
        body=body,
    )
    link(session, actor, project, meeting, page)
    return page


def link_minutes(
    session: Session, actor: User, project: Project, meeting: Meeting, path: str
) -> Page:
    """Use an existing page of the space (by its path) as the minutes."""
    check(actor, project, meeting)
    page, _revision = tree.get_page(session, actor, project, path.strip().strip("/"))
    if not can(actor, "page.view", project, page):
        raise NotFound("page")
    link(session, actor, project, meeting, page)
    return page


def link(
    session: Session, actor: User, project: Project, meeting: Meeting, page: Page
) -> None:
    meeting.minutes_page_id = page.id
    meeting.version += 1
    audit.record(session, actor, "meetings.minutes", project, meeting, page=page.id)


def meeting_of_minutes(session: Session, page: Page) -> Meeting | None:
    return session.scalar(
        select(Meeting)
        .where(
            Meeting.minutes_page_id == page.id, Meeting.project_id == page.project_id
        )
        .order_by(Meeting.id)
        .limit(1)
    )
