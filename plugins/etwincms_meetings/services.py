"""The meetings plugin's operations: schedule, change, start and delete meetings, and
answer invitations. The web pages, the API and the tests all call these, and each checks
its permission here, so they cannot disagree.

Input is checked by :func:`clean` (one ValidationError naming the field). The agenda is
Markdown, rendered with the core's page renderer (wiki links to the space's pages work)
and sanitized when saved. Every change re-indexes the space's meetings through the
search outbox; scheduling and starting are written to the audit log, which feeds the
space's activity.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import utcnow
from etwincms.errors import ValidationError
from etwincms.models import Membership, MembershipStatus, Project, User
from etwincms.search import outbox
from etwincms.services import audit
from etwincms.services.revisions import render_page_body
from etwincms.services.validation import required_text

from . import conference, policy, schedule
from .models import Meeting, Rsvp

ANSWERS = ("yes", "no", "maybe")
MAX_AGENDA = 20_000
MAX_COUNT = schedule.MAX_OCCURRENCES
MAX_WEEKS = 8
FIELDS = (
    "title",
    "agenda",
    "starts_at",
    "time_zone",
    "duration_minutes",
    "audience",
    "conference_url",
    "repeat_weeks",
    "repeat_count",
    "repeat_until",
    "recording_url",
)


def schedule_meeting(
    session: Session, actor: User, project: Project, **fields: Any
) -> Meeting:
    """Create a meeting (``meetings.manage``); its invitations go to the audience."""
    policy.require_manage(actor, project)
    fields.setdefault("time_zone", schedule.zone_of(session, actor))
    meeting = Meeting(project_id=project.id, organiser_id=actor.id, version=1)
    apply(session, project, meeting, clean({**defaults(), **fields}))
    session.add(meeting)
    session.flush()
    audit.record(
        session, actor, "meetings.schedule", project, meeting, title=meeting.title
    )
    outbox.enqueue_plugin(session, project, "meetings")
    return meeting


def defaults() -> dict[str, Any]:
    return {
        "agenda": "",
        "duration_minutes": 60,
        "audience": "teachers",
        "conference_url": "",
        "repeat_weeks": 0,
        "repeat_count": None,
        "repeat_until": None,
        "recording_url": "",
    }


def update_meeting(
    session: Session, actor: User, project: Project, meeting: Meeting, **changes: Any
) -> Meeting:
    """Change some fields (``meetings.manage``); the others keep their values."""
    policy.require_manage(actor, project)
    policy.require_see(actor, project, meeting)
    current = {name: getattr(meeting, name) for name in FIELDS}
    apply(session, project, meeting, clean({**current, **changes}))
    meeting.version += 1
    meeting.updated_at = utcnow()
    audit.record(session, actor, "meetings.update", project, meeting)
    outbox.enqueue_plugin(session, project, "meetings")
    return meeting


def delete_meeting(
    session: Session, actor: User, project: Project, meeting: Meeting
) -> None:
    policy.require_manage(actor, project)
    policy.require_see(actor, project, meeting)
    audit.record(
        session, actor, "meetings.delete", project, meeting, title=meeting.title
    )
    session.delete(meeting)
    outbox.enqueue_plugin(session, project, "meetings")


def start_meeting(
    session: Session, actor: User, project: Project, meeting: Meeting
) -> None:
    """Open the room to pupils for the meeting's length (``meetings.manage``)."""
    policy.require_manage(actor, project)
    policy.require_see(actor, project, meeting)
    meeting.started_at = utcnow()
    audit.record(session, actor, "meetings.start", project, meeting)


def answer(
    session: Session, actor: User, project: Project, meeting: Meeting, value: str
) -> Rsvp:
    """Answer the invitation yes, no or maybe (``meetings.respond``)."""
    policy.require_respond(actor, project, meeting)
    if value not in ANSWERS:
        raise ValidationError(_("Answer yes, no or maybe."), field="answer")
    rsvp = session.get(Rsvp, (meeting.id, actor.id))
    if rsvp is None:
        rsvp = Rsvp(meeting_id=meeting.id, user_id=actor.id)
        session.add(rsvp)
    rsvp.answer, rsvp.updated_at = value, utcnow()
    return rsvp


def answers_of(session: Session, meeting: Meeting) -> dict[int, str]:
    rows = session.execute(
        select(Rsvp.user_id, Rsvp.answer).where(Rsvp.meeting_id == meeting.id)
    )
    return {row.user_id: row.answer for row in rows}


def invitees(session: Session, project: Project, meeting: Meeting) -> list[User]:
    """Active members whose role the meeting's audience invites, by name."""
    roles = policy.INVITED[meeting.audience]
    rows = session.scalars(
        select(User)
        .join(Membership, Membership.user_id == User.id)
        .where(
            Membership.project_id == project.id,
            Membership.status == MembershipStatus.ACTIVE,
            Membership.role.in_(roles),
            User.is_active_account.is_(True),
        )
        .order_by(User.display_name, User.id)
    )
    return list(rows.unique())


# -- input -------------------------------------------------------------------------------


def clean(fields: dict[str, Any]) -> dict[str, Any]:
    """Checked and normalised fields; a ValidationError names the first wrong one."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError(_("Unknown field %(name)s.", name=sorted(unknown)[0]))
    cleaned = dict(fields)
    cleaned["title"] = required_text(fields.get("title"), "title", 200)
    cleaned["agenda"] = text_field(fields.get("agenda"), "agenda", MAX_AGENDA)
    cleaned["time_zone"] = schedule.valid_zone(fields.get("time_zone"))
    cleaned["starts_at"] = instant(fields.get("starts_at"))
    cleaned["duration_minutes"] = number(
        fields.get("duration_minutes"), "duration_minutes", 5, 600
    )
    if fields.get("audience") not in policy.AUDIENCES:
        raise ValidationError(
            _("Choose teachers only or with pupils."), field="audience"
        )
    for name in ("conference_url", "recording_url"):
        cleaned[name] = conference.valid_link(fields.get(name), name)
    cleaned.update(repetition(fields, cleaned["starts_at"], cleaned["time_zone"]))
    return cleaned


def text_field(value: Any, field: str, longest: int) -> str:
    text = str(value or "").replace("\x00", "")
    if len(text) > longest:
        raise ValidationError(_("The %(field)s is too long.", field=field), field=field)
    return text


def instant(value: Any) -> datetime:
    if not isinstance(value, datetime) or value.tzinfo is None:
        raise ValidationError(
            _("Give the start with its time zone."), field="starts_at"
        )
    if not 2000 <= value.year <= 2200:
        raise ValidationError(_("The start is out of range."), field="starts_at")
    return value


def number(value: Any, field: str, lowest: int, highest: int) -> int:
    try:
        result = int(value)
    except (TypeError, ValueError):
        raise ValidationError(
            _("The %(field)s must be a number.", field=field), field=field
        ) from None
    if not lowest <= result <= highest:
        raise ValidationError(
            _(
                "The %(field)s must be between %(lowest)s and %(highest)s.",
                field=field,
                lowest=lowest,
                highest=highest,
            ),
            field=field,
        )
    return result


def repetition(
    fields: dict[str, Any], starts_at: datetime, zone: str
) -> dict[str, Any]:
    """Every ``repeat_weeks`` weeks, ``repeat_count`` times or until a date: one of the
    two is needed, so that no series runs forever."""
    weeks = number(fields.get("repeat_weeks") or 0, "repeat_weeks", 0, MAX_WEEKS)
    if weeks == 0:
        return {"repeat_weeks": 0, "repeat_count": None, "repeat_until": None}
    count, until = fields.get("repeat_count"), fields.get("repeat_until")
    if count in (None, "") and until in (None, ""):
        raise ValidationError(
            _("Say how many times the meeting repeats, or until when."),
            field="repeat_count",
        )
    if count not in (None, ""):
        count = number(count, "repeat_count", 1, MAX_COUNT)
    if until not in (None, ""):
        if not isinstance(until, date) or isinstance(until, datetime):
            raise ValidationError(_("Give the last date."), field="repeat_until")
        first = schedule.local(starts_at, zone).date()
        if not first <= until <= first + timedelta(weeks=MAX_COUNT * MAX_WEEKS):
            raise ValidationError(
                _("The last date must come after the first meeting, within 16 years."),
                field="repeat_until",
            )
    return {
        "repeat_weeks": weeks,
        "repeat_count": count or None,
        "repeat_until": until or None,
    }


def apply(
    session: Session, project: Project, meeting: Meeting, fields: dict[str, Any]
) -> None:
    for name, value in fields.items():
        setattr(meeting, name, value)
    meeting.agenda_html = render_page_body(session, project, meeting.agenda)
