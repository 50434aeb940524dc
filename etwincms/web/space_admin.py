"""A space's settings: switching plugins on and off, and their settings."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db import commit, get_session
from ..errors import ValidationError
from ..models import Project
from ..permissions import require
from ..services import plugins, spaces
from ..state import get_state
from .helpers import signed_in_user

bp = Blueprint("space_admin", __name__)


def admin_space(slug: str) -> Project:
    project = spaces.get_space(get_session(), signed_in_user(), slug)
    require(signed_in_user(), "space.plugins", project)
    g.active_nav = "settings"
    return project


@bp.route("/s/<slug>/-/plugins")
def plugin_list(slug: str) -> ResponseReturnValue:
    project = admin_space(slug)
    return render_template(
        "spaces/plugins.html",
        project=project,
        available=plugins.switchable_plugins(),
        enabled=set(plugins.enabled_names(project)),
        settings=get_state().registries.settings,
    )


@bp.route("/s/<slug>/-/plugins/<name>", methods=["POST"])
def switch(slug: str, name: str) -> ResponseReturnValue:
    project = admin_space(slug)
    session, user = get_session(), signed_in_user()
    try:
        if request.form.get("enabled") == "1":
            plugins.enable_plugin(session, user, project, name)
            flash(_("%(name)s is on.", name=name), "info")
        else:
            plugins.disable_plugin(session, user, project, name)
            flash(_("%(name)s is off; its content is kept.", name=name), "info")
        commit(session)
    except ValidationError as error:
        flash(str(error), "error")
    return redirect(url_for("space_admin.plugin_list", slug=slug))


@bp.route("/s/<slug>/-/plugins/<name>/settings", methods=["POST"])
def save_settings(slug: str, name: str) -> ResponseReturnValue:
    project = admin_space(slug)
    specs = get_state().registries.settings.get(name, ())
    # A checkbox sends a hidden "0" then, when ticked, "1": the last value counts.
    values = {spec.key: (request.form.getlist(spec.key) or [""])[-1] for spec in specs}
    try:
        plugins.update_settings(get_session(), signed_in_user(), project, name, values)
        commit()
        flash(_("Settings saved."), "info")
    except ValidationError as error:
        flash(str(error), "error")
    return redirect(url_for("space_admin.plugin_list", slug=slug))
