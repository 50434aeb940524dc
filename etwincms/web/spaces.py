"""My spaces, a space's home (details, partner schools, page tree) and its members."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import current_user, login_required

from ..db import commit, get_session
from ..errors import ValidationError
from ..models import User
from ..permissions import can, require
from ..services import activity, members, spaces
from ..state import get_state
from . import page_cache
from .helpers import signed_in_user, space_form_fields
from .sidebar import SidebarTree

bp = Blueprint("spaces", __name__)


def viewer() -> User | None:
    return signed_in_user()


@bp.route("/spaces")
@login_required
def dashboard() -> ResponseReturnValue:
    session = get_session()
    rows = spaces.spaces_for_user(session, current_user)
    last = activity.last_activity(session, [project.id for project, _m in rows])
    return render_template("spaces/dashboard.html", rows=rows, last_activity=last)


@bp.route("/spaces/new", methods=["GET", "POST"])
@login_required
def create() -> ResponseReturnValue:
    """Start a space: its details and a template (blank or blended mobility)."""
    user = signed_in_user()
    require(user, "space.create", None)
    templates = get_state().registries.project_templates
    if request.method == "GET":
        return render_template("spaces/new.html", templates=templates, form={})
    session = get_session()
    try:
        project = spaces.create_space(
            session,
            user,
            template=request.form.get("template") or None,
            **space_form_fields(request.form),
        )
    except ValidationError as error:
        return render_template(
            "spaces/new.html", templates=templates, form=request.form, error=error
        ), 400
    commit(session)
    flash(_("Your space is ready."), "info")
    return redirect(url_for("spaces.home", slug=project.slug))


@bp.route("/s/<slug>/")
def home(slug: str) -> ResponseReturnValue:
    return page_cache.serve(slug, lambda: render_home(slug))


def render_home(slug: str) -> ResponseReturnValue:
    session = get_session()
    project = spaces.get_space(session, viewer(), slug)
    g.active_nav = "home"
    return render_template(
        "spaces/home.html",
        project=project,
        schools=spaces.partner_schools(session, project),
        tree=SidebarTree(session, viewer(), project),
        activity=activity.recent_activity(session, viewer(), project),
    )


@bp.route("/s/<slug>/-/members", endpoint="members")
def members_list(slug: str) -> ResponseReturnValue:
    session = get_session()
    project = spaces.get_space(session, viewer(), slug)
    g.active_nav = "members"
    grouped = members.members_by_school(session, viewer(), project)
    return render_template(
        "spaces/members.html",
        project=project,
        grouped=grouped,
        names_visible=can(viewer(), "member.view", project),
    )
