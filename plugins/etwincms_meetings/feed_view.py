"""The calendar feed, at ``/-/meetings/feed/<token>.ics``: no session, no cookie.

Calendar programs cannot sign in, so the secret address is the only key; it answers 404
for an unknown or revoked token, an inactive account, a space that switched meetings
off, or a person who may no longer see the space's meetings; otherwise the meetings
that person may see now, as iCalendar.
"""

from __future__ import annotations

from flask import Blueprint, Response
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.errors import NotFound
from etwincms.models import Project, User
from etwincms.services.spaces import enabled_plugins

from . import feeds, policy
from .models import Meeting
from .views import calendar_of, calendar_response

feed_bp = Blueprint("meetings_feed", __name__)


@feed_bp.get("/feed/<token>.ics")
def feed(token: str) -> Response:
    session = get_session()
    found = feeds.feed_of(session, token)
    if found is None:
        raise NotFound("feed")
    project = session.get(Project, found.project_id)
    user = session.get(User, found.user_id)
    if project is None or user is None or not user.is_active:
        raise NotFound("feed")
    if "meetings" not in enabled_plugins(project) or not policy.may_view(user, project):
        raise NotFound("feed")
    meetings = session.scalars(
        select(Meeting)
        .where(Meeting.project_id == project.id)
        .order_by(Meeting.starts_at)
    )
    seen = [m for m in meetings if policy.may_see(user, project, m)]
    response = calendar_response(calendar_of(project, seen, user), "meetings.ics")
    response.headers["Cache-Control"] = "private, max-age=300"
    return response
