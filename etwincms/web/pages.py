"""Reading pages: by path, by stable id (wiki links), missing targets, and the trash."""

from __future__ import annotations

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ..db import get_session
from ..errors import NotFound
from ..models import User
from ..permissions import can, require
from ..services import links, spaces, tree
from . import page_cache
from .helpers import signed_in_user
from .sidebar import SidebarTree

bp = Blueprint("pages", __name__)


def viewer() -> User | None:
    return signed_in_user()


@bp.route("/s/<slug>/<path:path>")
def view(slug: str, path: str) -> ResponseReturnValue:
    return page_cache.serve(slug, lambda: render_page(slug, path))


def render_page(slug: str, path: str) -> ResponseReturnValue:
    session = get_session()
    project = spaces.get_space(session, viewer(), slug)
    try:
        page, revision = tree.get_page(session, viewer(), project, path)
    except NotFound:
        # Perhaps members-only: offer to sign in (absent pages too, so nothing leaks).
        if viewer() is None:
            return redirect(url_for("auth.login", next=request.full_path.rstrip("?")))
        raise
    g.active_nav = "home"
    return render_template(
        "pages/view.html",
        project=project,
        page=page,
        revision=revision,
        breadcrumbs=tree.ancestors(session, viewer(), project, page),
        tree=SidebarTree(session, viewer(), project),
        names_visible=can(viewer(), "member.view", project),
    )


@bp.route("/s/<slug>/-/id/<int:page_id>")
def by_id(slug: str, page_id: int) -> ResponseReturnValue:
    """Stable address used by wiki links: survives moves and renames."""
    session = get_session()
    project = spaces.get_space(session, viewer(), slug)
    page = tree.get_page_by_id(session, viewer(), project, page_id)
    return redirect(url_for("pages.view", slug=slug, path=page.path), code=302)


@bp.route("/s/<slug>/-/missing")
def missing(slug: str) -> ResponseReturnValue:
    project = spaces.get_space(get_session(), viewer(), slug)
    title = request.args.get("title", "")[:200]
    return render_template("pages/missing.html", project=project, title=title), 404


@bp.route("/s/<slug>/-/trash")
def trash(slug: str) -> ResponseReturnValue:
    session = get_session()
    project = spaces.get_space(session, viewer(), slug)
    require(viewer(), "page.restore", project)
    g.active_nav = "trash"
    return render_template(
        "pages/trash.html",
        project=project,
        pages=tree.trashed_pages(session, viewer(), project),
    )


@bp.route("/s/<slug>/-/links/<path:path>")
def links_here(slug: str, path: str) -> ResponseReturnValue:
    """What links here: the readable pages whose current text links to this one."""
    session = get_session()
    project = spaces.get_space(session, viewer(), slug)
    page, _revision = tree.get_page(session, viewer(), project, path)
    return render_template(
        "pages/links.html",
        project=project,
        page=page,
        sources=links.links_here(session, viewer(), project, page),
    )
