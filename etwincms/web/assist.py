"""JSON answers for the editor and page-tree scripts: preview, title suggestions, moves.

These are progressive enhancements: every one has a plain-HTML path (save and view,
type the title, the page settings form), so the pages work without JavaScript. Session
cookies authenticate the calls and the ``X-CSRFToken`` header carries the CSRF token.
"""

from __future__ import annotations

from flask import Blueprint, jsonify, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db import commit, get_session
from ..errors import ValidationError
from ..models import Page, Project
from ..permissions import require
from ..services import pages, revisions, spaces, suggest, tree
from .helpers import signed_in_user

bp = Blueprint("assist", __name__)


def space(slug: str) -> Project:
    return spaces.get_space(get_session(), signed_in_user(), slug)


def page_by_id(project: Project, page_id: int | None) -> Page | None:
    if not page_id:
        return None
    return tree.get_page_by_id(get_session(), signed_in_user(), project, page_id)


@bp.post("/s/<slug>/-/preview")
def preview(slug: str) -> ResponseReturnValue:
    """The Markdown rendered and sanitized exactly as a save would (nothing is stored)."""
    project = space(slug)
    page = page_by_id(project, request.form.get("page", type=int))
    capability = "page.edit" if page else "page.create"
    require(signed_in_user(), capability, project, page)
    body = request.form.get("body", "").replace("\r\n", "\n")
    if len(body) > revisions.MAX_BODY:
        return jsonify(error=_("The page is too long.")), 400
    return jsonify(html=revisions.render_page_body(get_session(), project, body))


@bp.get("/s/<slug>/-/titles")
def titles(slug: str) -> ResponseReturnValue:
    """Pages whose title matches ``q``, for ``[[`` suggestions."""
    project = space(slug)
    found = suggest.suggest_titles(
        get_session(), signed_in_user(), project, request.args.get("q", "")[:200]
    )
    return jsonify(
        pages=[
            {
                "title": page.title,
                "path": page.path,
                "url": url_for("pages.view", slug=project.slug, path=page.path),
            }
            for page in found
        ]
    )


@bp.post("/s/<slug>/-/move")
def move(slug: str) -> ResponseReturnValue:
    """Move a page under ``parent`` (empty: top level) at ``position`` (0-based)."""
    project = space(slug)
    page = page_by_id(project, request.form.get("page", type=int))
    if page is None:
        return jsonify(error=_("Choose a page to move.")), 400
    parent = page_by_id(project, request.form.get("parent", type=int))
    try:
        pages.move_page(
            get_session(),
            signed_in_user(),
            project,
            page,
            parent=parent,
            position=request.form.get("position", type=int),
        )
    except ValidationError as error:
        get_session().rollback()
        return jsonify(error=str(error)), 400
    commit()
    return jsonify(path=page.path, url=url_for("pages.view", slug=slug, path=page.path))
