"""The meetings JSON API, mounted by the core at ``/api/v1/projects/<slug>/meetings/``.

A flask-smorest blueprint (tag ``meetings_api``): meetings (list, schedule, read,
change with ``If-Match``, delete, start), answering an invitation, taking attendance,
and the decisions list. Each
meeting carries its instants in UTC and in the caller's zone. Everything goes through
:mod:`.policy`, :mod:`.services` and :mod:`.followup`, so the API allows exactly what
the web pages allow. Errors are ``application/problem+json``.
"""

from __future__ import annotations

from typing import Any

from flask import Response
from flask_smorest import Blueprint
from sqlalchemy import select

from etwincms.api.common import (
    IF_MATCH,
    check_if_match,
    decode_cursor,
    documents_errors,
    page_of,
    with_etag,
)
from etwincms.api.schemas import ListArgs
from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied
from etwincms.models import User
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import clock, conference, followup, policy, schedule, services
from .api_schemas import (
    MeetingsAnswerSchema,
    MeetingsAttendanceSchema,
    MeetingsCreateSchema,
    MeetingsDecisionCreateSchema,
    MeetingsDecisionSchema,
    MeetingsMeetingList,
    MeetingsMeetingSchema,
    MeetingsPresentSchema,
    MeetingsRsvpSchema,
    MeetingsUpdateSchema,
)
from .models import Meeting

blp = Blueprint(
    "meetings_api",
    __name__,
    description="The online meetings of a space, in the caller's time zone",
)
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}


def member() -> User:
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("meetings.view")
    return user


def seen(meeting_id: int) -> Meeting:
    user, project = signed_in_user(), current_project()
    policy.require_view(user, project)  # absent ids alike
    return policy.require_see(user, project, get_session().get(Meeting, meeting_id))


@blp.get("/meetings")
@blp.arguments(ListArgs, location="query")
@blp.response(200, MeetingsMeetingList)
@documents_errors(blp)
def list_meetings(args: dict[str, Any]) -> dict[str, Any]:
    """The meetings the caller may see, newest first."""
    user, project = signed_in_user(), current_project()
    policy.require_view(user, project)
    query = select(Meeting).where(Meeting.project_id == project.id)
    after = decode_cursor(args["cursor"])
    if after is not None:
        query = query.where(Meeting.id < after)
    rows = get_session().scalars(query.order_by(Meeting.id.desc()))
    visible = [m for m in rows if policy.may_see(user, project, m)]
    listing = page_of(visible[: args["limit"] + 1], args["limit"], key=lambda m: m.id)
    listing["items"] = [meeting_json(m) for m in listing["items"]]
    return listing


@blp.post("/meetings")
@blp.arguments(MeetingsCreateSchema)
@blp.response(201, MeetingsMeetingSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def schedule_meeting(data: dict[str, Any]) -> Response:
    """Schedule a meeting (``meetings.manage``); the zone defaults to the caller's."""
    session = get_session()
    meeting = services.schedule_meeting(session, member(), current_project(), **data)
    commit(session)
    response = answer(meeting)
    response.status_code = 201
    return response


@blp.get("/meetings/<int:meeting_id>")
@blp.response(200, MeetingsMeetingSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def read_meeting(meeting_id: int) -> Response:
    """A meeting, its occurrences in the caller's zone, and its ETag."""
    return answer(seen(meeting_id))


@blp.patch("/meetings/<int:meeting_id>")
@blp.arguments(MeetingsUpdateSchema)
@blp.response(200, MeetingsMeetingSchema, headers=ETAG_HEADER)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_meeting(data: dict[str, Any], meeting_id: int) -> Response:
    """Change a meeting (``meetings.manage``), with ``If-Match``."""
    meeting, user = seen(meeting_id), member()
    policy.require_manage(user, current_project())
    check_if_match(etag(meeting))
    services.update_meeting(get_session(), user, current_project(), meeting, **data)
    commit(get_session())
    return answer(meeting)


@blp.delete("/meetings/<int:meeting_id>")
@blp.response(204)
@documents_errors(blp)
def delete_meeting(meeting_id: int) -> None:
    """Delete a meeting with its answers and attendance (``meetings.manage``)."""
    meeting = seen(meeting_id)
    services.delete_meeting(get_session(), member(), current_project(), meeting)
    commit(get_session())


@blp.put("/meetings/<int:meeting_id>/rsvp")
@blp.arguments(MeetingsRsvpSchema)
@blp.response(200, MeetingsAnswerSchema)
@documents_errors(blp)
def rsvp(data: dict[str, Any], meeting_id: int) -> dict[str, Any]:
    """Answer the invitation: yes, no or maybe (``meetings.respond``)."""
    meeting = seen(meeting_id)
    services.answer(get_session(), member(), current_project(), meeting, data["answer"])
    commit(get_session())
    return {"answer": data["answer"]}


@blp.put("/meetings/<int:meeting_id>/attendance")
@blp.arguments(MeetingsAttendanceSchema)
@blp.response(200, MeetingsPresentSchema)
@documents_errors(blp)
def attendance(data: dict[str, Any], meeting_id: int) -> dict[str, Any]:
    """Who was present at one occurrence (``meetings.manage``): replaces the register."""
    meeting, session = seen(meeting_id), get_session()
    present = followup.take_attendance(
        session,
        member(),
        current_project(),
        meeting,
        data["occurs_at"],
        set(data["user_ids"]),
    )
    commit(session)
    return {"occurs_at": data["occurs_at"], "user_ids": sorted(present)}


@blp.post("/meetings/<int:meeting_id>/start")
@blp.response(200, MeetingsMeetingSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def start_meeting(meeting_id: int) -> Response:
    """Start the meeting (``meetings.manage``): invited pupils see its link for its length."""
    meeting = seen(meeting_id)
    services.start_meeting(get_session(), member(), current_project(), meeting)
    commit(get_session())
    return answer(meeting)


@blp.post("/meetings/<int:meeting_id>/decisions")
@blp.arguments(MeetingsDecisionCreateSchema)
@blp.response(201, MeetingsDecisionSchema)
@documents_errors(blp)
def add_decision(data: dict[str, Any], meeting_id: int) -> dict[str, Any]:
    """Add a line to the meeting's decisions (``meetings.manage``)."""
    meeting, session = seen(meeting_id), get_session()
    decision = followup.add_decision(
        session, member(), current_project(), meeting, data["text"]
    )
    commit(session)
    return {"id": decision.id, "text": decision.text}


@blp.delete("/meetings/<int:meeting_id>/decisions/<int:decision_id>")
@blp.response(204)
@documents_errors(blp)
def remove_decision(meeting_id: int, decision_id: int) -> None:
    """Remove a line from the meeting's decisions (``meetings.manage``)."""
    meeting, session = seen(meeting_id), get_session()
    followup.remove_decision(session, member(), current_project(), meeting, decision_id)
    commit(session)


def etag(meeting: Meeting) -> str:
    return f'"m{meeting.id}v{meeting.version}"'


def meeting_json(meeting: Meeting) -> dict[str, Any]:
    user, project, session = signed_in_user(), current_project(), get_session()
    zone = schedule.zone_of(session, user)
    own = services.answers_of(session, meeting).get(user.id) if user else None
    joinable = policy.may_join(user, project, meeting)
    return {
        **{name: getattr(meeting, name) for name in services.FIELDS},
        "id": meeting.id,
        "agenda_html": meeting.agenda_html,
        "viewer_time_zone": zone,
        "local_start": clock.iso(meeting.starts_at, zone),
        "conference_url": meeting.conference_url if joinable else "",
        "conference_provider": conference.provider(meeting.conference_url),
        "started": policy.is_live(meeting),
        "minutes_page_id": meeting.minutes_page_id,
        "occurrences": [
            {"starts_at": start, "local": clock.iso(start, zone)}
            for start in schedule.occurrences(meeting)
        ],
        "decisions": [{"id": d.id, "text": d.text} for d in meeting.decisions],
        "own_answer": own,
        "version": meeting.version,
    }


def answer(meeting: Meeting) -> Response:
    body = MeetingsMeetingSchema().dump(meeting_json(meeting))
    return with_etag(body, etag(meeting))
