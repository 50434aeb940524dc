"""The gallery's web blueprint and the small helpers its view modules share.

The views are split by job (:mod:`.views` reading, :mod:`.files` serving bytes and zips,
:mod:`.editing` albums, uploads and items); each registers its routes on :data:`bp`,
mounted by the core at ``/s/<slug>/-/gallery/``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template, request
from flask.typing import ResponseReturnValue

from etwincms.db import get_session
from etwincms.errors import ValidationError
from etwincms.plugins import current_project

bp = Blueprint("gallery", __name__)


@bp.before_request
def mark_nav() -> None:
    g.active_nav = "gallery"


def render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    html = render_template(f"gallery/{template}", project=current_project(), **context)
    return html, status


def failed(error: ValidationError) -> dict[str, Any]:
    """Undo the failed change; hand the message to the template."""
    get_session().rollback()
    return {"error": str(error), "error_field": error.field}


def wants_json() -> bool:
    best = request.accept_mimetypes.best_match(["text/html", "application/json"])
    return best == "application/json"
