"""The meetings pages for scheduling, reading, answering and calendars, mounted at
``/s/<slug>/-/meetings/``.

Views are thin: they read the form, call :mod:`.services` (which checks permissions),
commit with ``etwincms.db.commit`` and render a template under ``meetings/``. The form
asks for a date and a time *in a zone* (the organiser's own by default); the service
stores the UTC instant and the zone.
"""

from __future__ import annotations

from datetime import date, time
from typing import Any

from flask import Response, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from etwincms.db import commit, get_session, utcnow
from etwincms.errors import PermissionDenied, ValidationError
from etwincms.permissions import can
from etwincms.plugins import current_project, plugin_settings
from etwincms.web.helpers import signed_in_user

from . import feeds, followup, ics, policy, schedule, services
from .models import Meeting
from .web import back_on_error, bp, get_meeting, reader_zone, render


@bp.get("/")
def index() -> ResponseReturnValue:
    user, project = signed_in_user(), current_project()
    policy.require_view(user, project)
    now = utcnow()
    meetings = get_session().scalars(
        select(Meeting)
        .where(Meeting.project_id == project.id)
        .order_by(Meeting.starts_at)
    )
    seen = [m for m in meetings if policy.may_see(user, project, m)]
    coming = [(m, schedule.next_start(m, now)) for m in seen]
    return render(
        "index.html",
        coming=sorted(((m, s) for m, s in coming if s), key=lambda pair: pair[1]),
        past=[m for m, s in coming if s is None][::-1],
        may_manage=policy.may_manage(user, project),
        has_feed=bool(user) and feeds.has_feed(get_session(), user, project),
    )


# -- scheduling --------------------------------------------------------------------------


def form_day(name: str) -> date | None:
    value = request.form.get(name, "").strip()
    try:
        return date.fromisoformat(value) if value else None
    except ValueError:
        raise ValidationError(_("Give a date."), field=name) from None


def form_fields() -> dict[str, Any]:
    """The meeting form as service fields; the start is read in the chosen zone."""
    zone = schedule.valid_zone(request.form.get("time_zone"))
    day = form_day("date")
    try:
        at = time.fromisoformat(request.form.get("start_time", "").strip())
    except ValueError:
        raise ValidationError(_("Give a time (hh:mm)."), field="start_time") from None
    if day is None:
        raise ValidationError(_("Give a date."), field="date")
    fields = {
        name: request.form.get(name, "")
        for name in ("title", "agenda", "audience", "conference_url", "repeat_count")
    }
    return {
        **fields,
        "time_zone": zone,
        "starts_at": schedule.planned_start(day, at, zone),
        "duration_minutes": request.form.get("duration_minutes", ""),
        "repeat_weeks": request.form.get("repeat_weeks") or 0,
        "repeat_until": form_day("repeat_until"),
    }


def form_page(meeting: Meeting | None, status: int = 200, **context: Any) -> Any:
    project = current_project()
    return render(
        "form.html",
        status,
        meeting=meeting,
        form=context.pop("form", {}),
        settings=plugin_settings(project, "meetings"),
        zones=schedule.zone_choices(),
        **context,
    )


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    user, project = signed_in_user(), current_project()
    policy.require_manage(user, project)
    if request.method == "GET":
        return form_page(None, form={"time_zone": reader_zone()})
    session = get_session()
    try:
        meeting = services.schedule_meeting(session, user, project, **form_fields())
    except ValidationError as error:
        session.rollback()
        return form_page(None, 400, form=request.form, error=error)
    commit(session)
    flash(_("The meeting is scheduled; the members invited can answer now."))
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


@bp.route("/<int:meeting_id>/edit", methods=["GET", "POST"])
def edit(meeting_id: int) -> ResponseReturnValue:
    user, project, meeting = get_meeting(meeting_id)
    policy.require_manage(user, project)
    if request.method == "GET":
        return form_page(meeting, form=meeting_form(meeting))
    session = get_session()
    try:
        fields = {**form_fields(), "recording_url": request.form.get("recording_url")}
        services.update_meeting(session, user, project, meeting, **fields)
    except ValidationError as error:
        session.rollback()
        return form_page(meeting, 400, form=request.form, error=error)
    commit(session)
    flash(_("The meeting was saved."))
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


def meeting_form(meeting: Meeting) -> dict[str, Any]:
    start = schedule.local(meeting.starts_at, meeting.time_zone)
    return {
        "title": meeting.title,
        "agenda": meeting.agenda,
        "date": start.date().isoformat(),
        "start_time": start.strftime("%H:%M"),
        "time_zone": meeting.time_zone,
        "duration_minutes": meeting.duration_minutes,
        "audience": meeting.audience,
        "conference_url": meeting.conference_url,
        "repeat_weeks": meeting.repeat_weeks,
        "repeat_count": meeting.repeat_count or "",
        "repeat_until": meeting.repeat_until.isoformat()
        if meeting.repeat_until
        else "",
        "recording_url": meeting.recording_url,
    }


@bp.post("/<int:meeting_id>/delete")
def delete(meeting_id: int) -> ResponseReturnValue:
    user, project, meeting = get_meeting(meeting_id)
    services.delete_meeting(get_session(), user, project, meeting)
    commit(get_session())
    flash(_("The meeting was deleted."))
    return redirect(url_for("meetings.index"))


@bp.post("/<int:meeting_id>/start")
def start(meeting_id: int) -> ResponseReturnValue:
    user, project, meeting = get_meeting(meeting_id)
    services.start_meeting(get_session(), user, project, meeting)
    commit(get_session())
    flash(_("The meeting is started: invited pupils now see the link."))
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


# -- reading and answering ---------------------------------------------------------------


@bp.get("/<int:meeting_id>")
def show(meeting_id: int) -> ResponseReturnValue:
    user, project, meeting = get_meeting(meeting_id)
    session = get_session()
    answers = services.answers_of(session, meeting)
    return render(
        "show.html",
        meeting=meeting,
        coming=schedule.upcoming(meeting, utcnow()),
        occurrences=schedule.occurrences(meeting),
        invitees=services.invitees(session, project, meeting),
        answers=answers,
        own=answers.get(user.id) if user else None,
        names_visible=can(user, "member.view", project),
        may_manage=policy.may_manage(user, project),
        may_respond=policy.may_respond(user, project, meeting),
        may_join=policy.may_join(user, project, meeting),
        live=policy.is_live(meeting),
        minutes=followup.minutes_page(session, meeting),
    )


@bp.post("/<int:meeting_id>/rsvp")
@back_on_error
def rsvp(meeting_id: int) -> ResponseReturnValue:
    user, project, meeting = get_meeting(meeting_id)
    if user is None:
        raise PermissionDenied("meetings.respond")
    services.answer(
        get_session(), user, project, meeting, request.form.get("answer", "")
    )
    commit(get_session())
    flash(_("Your answer was saved."))
    return redirect(url_for("meetings.show", meeting_id=meeting.id))


@bp.get("/<int:meeting_id>/meeting.ics")
def download(meeting_id: int) -> Response:
    user, project, meeting = get_meeting(meeting_id)
    body = calendar_of(project, [meeting], user)
    return calendar_response(body, f"meeting-{meeting.id}.ics")


def calendar_of(project: Any, meetings: list[Meeting], user: Any) -> bytes:
    def link(meeting: Meeting) -> str:
        teacher = can(user, "meetings.teachers", project)
        return meeting.conference_url if teacher else ""

    return ics.calendar(
        meetings,
        name=f"{project.title}: {_('Meetings')}",
        host=request.host.split(":")[0] or "etwincms",
        url_of=lambda m: url_for(
            "meetings.show", slug=project.slug, meeting_id=m.id, _external=True
        ),
        link_of=link,
    )


def calendar_response(body: bytes, filename: str) -> Response:
    response = Response(body, mimetype=ics.MEDIA_TYPE)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


# -- the reader's zone and calendar feed -------------------------------------------------


@bp.route("/zone", methods=["GET", "POST"])
def zone() -> ResponseReturnValue:
    user, project = signed_in_user(), current_project()
    policy.require_view(user, project)
    if user is None:
        raise PermissionDenied("meetings.view")
    if request.method == "GET":
        return render("zone.html", zones=schedule.zone_choices())
    session = get_session()
    try:
        schedule.choose_zone(session, user, request.form.get("time_zone", "").strip())
    except ValidationError as error:
        session.rollback()
        return render("zone.html", 400, zones=schedule.zone_choices(), error=error)
    commit(session)
    flash(_("Meetings are now shown in %(zone)s.", zone=reader_zone()))
    return redirect(url_for("meetings.index"))


@bp.post("/feed")
def new_feed() -> ResponseReturnValue:
    user, project = signed_in_user(), current_project()
    if user is None:
        raise PermissionDenied("meetings.view")
    secret = feeds.new_feed(get_session(), user, project)
    commit(get_session())
    address = url_for("meetings_feed.feed", token=secret, _external=True)
    return render("feed.html", address=address)


@bp.post("/feed/revoke")
def revoke_feed() -> ResponseReturnValue:
    user, project = signed_in_user(), current_project()
    if user is None:
        raise PermissionDenied("meetings.view")
    policy.require_view(user, project)
    feeds.revoke(get_session(), user, project)
    commit(get_session())
    flash(_("Your calendar address was revoked: calendars using it get nothing now."))
    return redirect(url_for("meetings.index"))
