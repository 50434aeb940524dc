"""The meetings pages for after a meeting: attendance, decisions and the minutes,
mounted with the others at ``/s/<slug>/-/meetings/<id>/...``.

Every change goes through :mod:`.followup`, which checks ``meetings.manage``.
"""

from __future__ import annotations

from datetime import UTC, datetime

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from etwincms.db import commit, get_session, utcnow
from etwincms.errors import ValidationError
from etwincms.permissions import can

from . import followup, policy, schedule, services
from .models import Meeting
from .web import back_on_error, bp, get_meeting, render


def chosen_occurrence(meeting: Meeting, value: str | None) -> datetime:
    """The occurrence named by ``at`` (ISO instant), else the latest one begun."""
    if value:
        try:
            instant = datetime.fromisoformat(value)
        except ValueError:
            raise ValidationError(_("Unknown occurrence."), field="at") from None
        if instant.tzinfo is None:
            raise ValidationError(_("Unknown occurrence."), field="at")
        return followup.occurrence(meeting, instant)
    begun = [s for s in schedule.occurrences(meeting) if s <= utcnow()]
    return begun[-1] if begun else meeting.starts_at


def stamp(instant: datetime) -> str:
    """An occurrence in a URL: UTC with a ``Z`` (a ``+`` would read as a space)."""
    return instant.astimezone(UTC).strftime("%Y-%m-%dT%H:%M:%SZ")


@bp.route("/<int:meeting_id>/attendance", methods=["GET", "POST"])
@back_on_error
def attendance(meeting_id: int) -> ResponseReturnValue:
    user, project, meeting = get_meeting(meeting_id)
    policy.require_manage(user, project)
    session = get_session()
    source = request.form if request.method == "POST" else request.args
    occurs_at = chosen_occurrence(meeting, source.get("at"))
    if request.method == "POST":
        ids = {int(v) for v in request.form.getlist("present") if v.isdigit()}
        followup.take_attendance(session, user, project, meeting, occurs_at, ids)
        commit(session)
        flash(_("Attendance saved."))
        return redirect(
            url_for(
                "meetings.attendance", meeting_id=meeting.id, at=occurs_at.isoformat()
            )
        )
    return render(
        "attendance.html",
        meeting=meeting,
        occurs_at=occurs_at,
        occurrences=schedule.occurrences(meeting),
        invitees=services.invitees(session, project, meeting),
        present=followup.present(session, meeting, occurs_at),
        names_visible=can(user, "member.view", project),
    )


@bp.post("/<int:meeting_id>/decisions")
@back_on_error
def add_decision(meeting_id: int) -> ResponseReturnValue:
    user, project, meeting = get_meeting(meeting_id)
    text = request.form.get("text", "")
    followup.add_decision(get_session(), user, project, meeting, text)
    commit(get_session())
    return redirect(
        url_for("meetings.show", meeting_id=meeting.id, _anchor="decisions")
    )


@bp.post("/<int:meeting_id>/decisions/<int:decision_id>/delete")
@back_on_error
def remove_decision(meeting_id: int, decision_id: int) -> ResponseReturnValue:
    user, project, meeting = get_meeting(meeting_id)
    followup.remove_decision(get_session(), user, project, meeting, decision_id)
    commit(get_session())
    return redirect(
        url_for("meetings.show", meeting_id=meeting.id, _anchor="decisions")
    )


@bp.post("/<int:meeting_id>/minutes")
@back_on_error
def minutes(meeting_id: int) -> ResponseReturnValue:
    """Make the minutes page, or use an existing page (``path``) as the minutes."""
    user, project, meeting = get_meeting(meeting_id)
    session = get_session()
    path = request.form.get("path", "").strip()
    if path:
        page = followup.link_minutes(session, user, project, meeting, path)
    else:
        page = followup.write_minutes(session, user, project, meeting)
    commit(session)
    flash(_("The minutes are linked to the meeting."))
    return redirect(url_for("pages.view", slug=project.slug, path=page.path))
