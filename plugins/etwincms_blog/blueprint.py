"""The blog's web blueprint and the small helpers its view modules share.

The views are split by job (:mod:`.views` reading, :mod:`.writing` posts and comments,
:mod:`.manage` blogs, moderation and reflections); each registers its routes on
:data:`bp`, mounted by the core at ``/s/<slug>/-/blog/``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, abort, g, render_template, request
from flask.typing import ResponseReturnValue

from etwincms.db import get_session
from etwincms.errors import ValidationError
from etwincms.plugins import current_project

bp = Blueprint("blog", __name__)


@bp.before_request
def mark_nav() -> None:
    g.active_nav = "blog"


def render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    html = render_template(f"blog/{template}", project=current_project(), **context)
    return html, status


def failed(error: ValidationError) -> dict[str, Any]:
    """Undo the failed change; hand the message to the template."""
    get_session().rollback()
    return {"error": str(error), "error_field": error.field}


def form_fields(*names: str) -> dict[str, str]:
    return {name: request.form.get(name, "") for name in names}


def page_number() -> int:
    number = request.args.get("page", 1, type=int)
    if number < 1 or number > 100_000:
        abort(404)
    return number
