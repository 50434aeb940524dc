"""The glossary's web blueprint and what its views share.

The blueprint is mounted by the core at ``/s/<slug>/-/glossary/``; the routes live in
:mod:`.pages` (reading, exporting, practising) and :mod:`.views` (changing).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template, request
from flask.typing import ResponseReturnValue

from etwincms.db import get_session
from etwincms.errors import ValidationError
from etwincms.models import Project
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

bp = Blueprint("glossary", __name__)


@bp.before_request
def mark_nav() -> None:
    g.active_nav = "glossary"


def render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    project = current_project()
    html = render_template(
        f"glossary/{template}",
        project=project,
        languages=languages_of(project),
        **context,
    )
    return html, status


def failed(error: ValidationError) -> dict[str, Any]:
    """Undo the failed change; hand the message to the template."""
    get_session().rollback()
    return {"error": str(error), "error_field": error.field}


def languages_of(project: Project) -> list[str]:
    """The space's languages (English when it names none)."""
    return list(project.languages or []) or ["en"]


def chosen_language(name: str = "lang", fallback: int = 0) -> str:
    """A language of the space from the query string, else the reader's own, else the
    space's first (or ``fallback``-th)."""
    languages = languages_of(current_project())
    wanted = request.args.get(name, "")
    if wanted in languages:
        return wanted
    locale = getattr(signed_in_user(), "locale", "") or ""
    if fallback == 0 and locale[:2] in languages:
        return locale[:2]
    return languages[min(fallback, len(languages) - 1)]
