"""The survey plugin's web blueprint and what its views share.

Mounted by the core at ``/s/<slug>/-/survey/``; the routes are in :mod:`.views` (reading
and answering) and :mod:`.builder` (building and managing).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template
from flask.typing import ResponseReturnValue

from etwincms.db import get_session
from etwincms.errors import NotFound
from etwincms.models import Project, User
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import policy
from .models import Survey

bp = Blueprint("survey", __name__)


@bp.before_request
def mark_nav() -> None:
    g.active_nav = "survey"


def languages_of(project: Project) -> list[str]:
    return list(project.languages or []) or ["en"]


def reader_languages(project: Project) -> list[str]:
    """The reader's own language first, then the space's."""
    own = (getattr(signed_in_user(), "locale", "") or "")[:2]
    return [own, *languages_of(project)] if own else languages_of(project)


def render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    project = current_project()
    html = render_template(
        f"survey/{template}",
        project=project,
        languages=languages_of(project),
        reading=reader_languages(project),
        **context,
    )
    return html, status


def get_survey(survey_id: int) -> tuple[User | None, Project, Survey]:
    """The caller, the space and the survey, which the caller must be allowed to see."""
    user, project = signed_in_user(), current_project()
    policy.require_view(user, project)  # first: absent and real ids are refused alike
    survey = get_session().get(Survey, survey_id)
    if survey is None or survey.project_id != project.id:
        raise NotFound(f"survey {survey_id}")
    policy.require_see(user, project, survey)
    return user, project, survey
