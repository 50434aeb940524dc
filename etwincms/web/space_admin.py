"""A space's settings: switching plugins on and off, and their settings."""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db import commit, get_session
from ..errors import ValidationError
from ..models import Project, Role
from ..permissions import PUPIL_ROLES, can, require
from ..services import plugins, spaces
from ..state import get_state
from .helpers import signed_in_user, space_form_fields

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


@bp.route("/s/<slug>/-/settings", methods=["GET", "POST"])
def details(slug: str) -> ResponseReturnValue:
    """The space's details and whether it has a public landing page."""
    session, user = get_session(), signed_in_user()
    project = spaces.get_space(session, user, slug)
    if not can(user, "space.archive", project):  # archived spaces refuse space.edit
        require(user, "space.edit", project)
    g.active_nav = "settings"
    if request.method == "POST":
        require(user, "space.edit", project)
        try:
            spaces.update_space(
                session, user, project, **space_form_fields(request.form)
            )
            commit()
            flash(_("The space's details are saved."), "info")
            return redirect(url_for("space_admin.details", slug=slug))
        except ValidationError as error:
            session.rollback()
            return render_template(
                "spaces/settings.html", project=project, form=request.form, error=error
            ), 400
    return render_template("spaces/settings.html", project=project, form=None)


@bp.post("/s/<slug>/-/settings/archive")
def archive(slug: str) -> ResponseReturnValue:
    """Archive (read-only, kept) or reopen the space."""
    session, user = get_session(), signed_in_user()
    project = spaces.get_space(session, user, slug)
    if request.form.get("reopen") == "1":
        spaces.reopen_space(session, user, project)
        flash(_("The space is open again."), "info")
    else:
        spaces.archive_space(session, user, project)
        flash(
            _("The space is archived: everything stays readable, nothing can change."),
            "info",
        )
    commit()
    return redirect(url_for("space_admin.details", slug=slug))


OVERRIDABLE_ROLES = (Role.TEACHER, Role.PUPIL_LEAD, Role.PUPIL, Role.OBSERVER)


@bp.route("/s/<slug>/-/settings/roles", methods=["GET", "POST"])
def roles(slug: str) -> ResponseReturnValue:
    """What each role may do in this space: the defaults, and this space's changes."""
    session, user = get_session(), signed_in_user()
    project = spaces.get_space(session, user, slug)
    require(user, "space.edit", project)
    g.active_nav = "settings"
    if request.method == "POST":
        try:
            save_overrides(project)
            commit()
            flash(_("The roles are saved."), "info")
        except ValidationError as error:
            session.rollback()
            flash(str(error), "error")
        return redirect(url_for("space_admin.roles", slug=slug))
    capabilities = [p for p in get_state().permissions if not p.site_kinds]
    return render_template(
        "spaces/roles.html",
        project=project,
        capabilities=capabilities,
        roles=OVERRIDABLE_ROLES,
        overrides=project.role_overrides or {},
        pupil_roles=PUPIL_ROLES,
    )


def save_overrides(project: Project) -> None:
    """Apply each changed cell: "default", "allow" or "deny"."""
    current = project.role_overrides or {}
    for permission in get_state().permissions:
        for role in OVERRIDABLE_ROLES:
            choice = request.form.get(f"{role.value}:{permission.name}")
            wanted = {"allow": True, "deny": False, "default": None}.get(
                choice or "", "skip"
            )
            if (
                wanted == "skip"
                or current.get(role.value, {}).get(permission.name) == wanted
            ):
                continue
            spaces.set_role_override(
                get_session(), signed_in_user(), project, role, permission.name, wanted
            )
