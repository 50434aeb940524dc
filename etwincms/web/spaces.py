"""My spaces, a space's home (details, partner schools, page tree) and its members."""

from __future__ import annotations

from flask import Blueprint, g, render_template
from flask.typing import ResponseReturnValue
from flask_login import current_user, login_required

from ..db import get_session
from ..models import User
from ..permissions import can
from ..services import members, spaces, tree
from .helpers import signed_in_user

bp = Blueprint("spaces", __name__)


def viewer() -> User | None:
    return signed_in_user()


@bp.route("/spaces")
@login_required
def dashboard() -> ResponseReturnValue:
    rows = spaces.spaces_for_user(get_session(), current_user)
    return render_template("spaces/dashboard.html", rows=rows)


@bp.route("/s/<slug>/")
def home(slug: str) -> ResponseReturnValue:
    session = get_session()
    project = spaces.get_space(session, viewer(), slug)
    g.active_nav = "home"
    return render_template(
        "spaces/home.html",
        project=project,
        schools=spaces.partner_schools(session, project),
        tree=tree.page_tree(session, viewer(), project),
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
