"""The meetings plugin's web blueprint and what its views share.

Mounted by the core at ``/s/<slug>/-/meetings/``; the routes are in :mod:`.views`
(scheduling, reading, answering, calendars) and :mod:`.followup_views` (attendance,
decisions, minutes). Every page shows times in the reader's zone (:mod:`.schedule`).
"""

from __future__ import annotations

from collections.abc import Callable
from functools import wraps
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, url_for
from flask.typing import ResponseReturnValue

from etwincms.db import get_session
from etwincms.errors import ValidationError
from etwincms.models import Project, User
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import clock, conference, policy, schedule
from .models import Meeting

bp = Blueprint("meetings", __name__)


@bp.before_request
def mark_nav() -> None:
    g.active_nav = "meetings"


def reader_zone() -> str:
    return schedule.zone_of(get_session(), signed_in_user())


def render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    html = render_template(
        f"meetings/{template}",
        project=current_project(),
        zone=reader_zone(),
        shown=clock.shown,
        zone_name=clock.zone_name,
        iso=clock.iso,
        provider=conference.provider,
        provider_label=conference.label,
        **context,
    )
    return html, status


def get_meeting(meeting_id: int) -> tuple[User | None, Project, Meeting]:
    """The caller, the space and the meeting, which the caller must be allowed to see."""
    user, project = signed_in_user(), current_project()
    policy.require_view(user, project)  # first: absent and real ids are refused alike
    meeting = policy.require_see(user, project, get_session().get(Meeting, meeting_id))
    return user, project, meeting


def back_on_error(view: Callable[..., ResponseReturnValue]) -> Callable[..., Any]:
    """A form refused for its input goes back to the meeting with the reason shown."""

    @wraps(view)
    def checked(**kwargs: Any) -> ResponseReturnValue:
        try:
            return view(**kwargs)
        except ValidationError as error:
            get_session().rollback()
            flash(str(error), "error")
            return redirect(url_for("meetings.show", meeting_id=kwargs["meeting_id"]))

    return checked
