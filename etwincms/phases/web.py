"""The phases pages of a space, under ``/s/<slug>/-/phases/``.

The overview (mobilities with their phases, the current one highlighted), a phase's view
(everything filed under it, across plugins, grouped by kind), the form that files items
under a phase or takes them out, and the mobility and phase forms. Views are thin: they
parse the form, call the services, flash the outcome; services check ``can()``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import ngettext

from ..db import commit, get_session, utcnow
from ..errors import PermissionDenied, ValidationError
from ..models import Project, User
from ..permissions import can, require
from ..services import spaces
from ..web.helpers import signed_in_user
from . import mobilities, presenting, services, tagging
from .mobilities import CAPABILITY, MobilityInput, parse_day
from .models import Mobility

bp = Blueprint("phases", __name__, url_prefix="/s/<slug>/-/phases")


def space(slug: str) -> tuple[Project, User | None]:
    user = signed_in_user()
    project = spaces.get_space(get_session(), user, slug)
    g.active_nav = "phases"
    return project, user


def managed_space(slug: str) -> tuple[Project, User]:
    project, user = space(slug)
    if user is None:  # a capability is never held anonymously: ask to sign in
        raise PermissionDenied(CAPABILITY)
    require(user, CAPABILITY, project)
    return project, user


@bp.get("/")
def index(slug: str) -> ResponseReturnValue:
    project, user = space(slug)
    session = get_session()
    overview = services.overview(session, project, utcnow().date())
    return render_template(
        "phases/index.html",
        project=project,
        overview=overview,
        kinds=presenting.kind_labels(),
        participants=lambda m: presenting.participant_names(m, user, project),
        manage=can(user, CAPABILITY, project),
    )


@bp.get("/<int:phase_id>")
def phase(slug: str, phase_id: int) -> ResponseReturnValue:
    project, user = space(slug)
    session = get_session()
    found = services.get_phase(session, project, phase_id)
    items = tagging.phase_items(session, project, found, user)
    return render_template(
        "phases/phase.html",
        project=project,
        phase=found,
        groups=presenting.grouped_items(session, project, user, items),
        kinds=presenting.kind_labels(),
        manage=can(user, CAPABILITY, project),
    )


@bp.route("/<int:phase_id>/items", methods=["GET", "POST"])
def items(slug: str, phase_id: int) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    found = services.get_phase(session, project, phase_id)
    if request.method == "POST":
        try:
            added = tagging.tag_items(
                session, user, project, found, request.form.getlist("item_ids")
            )
            commit(session)
            flash(
                ngettext(
                    "%(num)d item added to the phase.",
                    "%(num)d items added to the phase.",
                    len(added),
                ),
                "info",
            )
            return redirect(url_for("phases.phase", slug=slug, phase_id=found.id))
        except ValidationError as error:
            session.rollback()
            flash(str(error), "error")
    return render_template(
        "phases/items.html",
        project=project,
        phase=found,
        candidates=tagging.untagged_items(session, project, found),
        type_label=presenting.type_label,
    )


@bp.post("/<int:phase_id>/items/remove")
def remove_items(slug: str, phase_id: int) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    found = services.get_phase(session, project, phase_id)
    removed = tagging.untag_items(
        session, user, project, found, request.form.getlist("item_ids")
    )
    commit(session)
    flash(
        ngettext(
            "%(num)d item taken out of the phase.",
            "%(num)d items taken out of the phase.",
            removed,
        ),
        "info",
    )
    return redirect(url_for("phases.phase", slug=slug, phase_id=found.id))


@bp.route("/<int:phase_id>/edit", methods=["GET", "POST"])
def edit_phase(slug: str, phase_id: int) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    found = services.get_phase(session, project, phase_id)
    if request.method == "POST":
        try:
            services.update_phase(
                session, user, project, found, **phase_fields(request.form)
            )
            commit(session)
            flash(_("Phase saved."), "info")
            return redirect(url_for("phases.index", slug=slug))
        except ValidationError as error:
            session.rollback()
            flash(str(error), "error")
            return phase_form(project, found, request.form), 400
    return phase_form(project, found, None)


def phase_fields(form: Any) -> dict[str, Any]:
    return {
        "title": form.get("title", ""),
        "starts_on": parse_day(form.get("starts_on", ""), "starts_on"),
        "ends_on": parse_day(form.get("ends_on", ""), "ends_on"),
    }


def phase_form(project: Project, found: Any, form: Any) -> str:
    values = form or {
        "title": found.title,
        "starts_on": found.starts_on.isoformat() if found.starts_on else "",
        "ends_on": found.ends_on.isoformat() if found.ends_on else "",
    }
    return render_template(
        "phases/phase_form.html", project=project, phase=found, values=values
    )


@bp.route("/mobilities/new", methods=["GET", "POST"])
def new_mobility(slug: str) -> ResponseReturnValue:
    return mobility_page(slug, None)


@bp.route("/mobilities/<int:mobility_id>/edit", methods=["GET", "POST"])
def edit_mobility(slug: str, mobility_id: int) -> ResponseReturnValue:
    return mobility_page(slug, mobility_id)


def mobility_page(slug: str, mobility_id: int | None) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    mobility = (
        mobilities.get_mobility(session, project, mobility_id) if mobility_id else None
    )
    if request.method == "GET":
        return mobility_form(
            project, mobility, presenting.mobility_form_values(mobility)
        )
    try:
        save_mobility(project, user, mobility)
    except ValidationError as error:
        session.rollback()
        flash(str(error), "error")
        return mobility_form(project, mobility, submitted_values(request.form)), 400
    flash(_("Mobility saved."), "info")
    return redirect(url_for("phases.index", slug=slug))


def save_mobility(project: Project, user: User, mobility: Mobility | None) -> None:
    session, data = get_session(), mobility_input(request.form)
    if mobility is None:
        mobilities.create_mobility(session, user, project, data)
    else:
        mobilities.update_mobility(session, user, project, mobility, data)
    commit(session)


def mobility_input(form: Any) -> MobilityInput:
    return MobilityInput(
        title=form.get("title", ""),
        host_school_id=form.get("host_school_id", type=int),
        starts_on=parse_day(form.get("starts_on", ""), "starts_on"),
        ends_on=parse_day(form.get("ends_on", ""), "ends_on"),
        participant_ids=frozenset(form.getlist("participant_ids", type=int)),
    )


def submitted_values(form: Any) -> dict[str, Any]:
    return {
        "title": form.get("title", ""),
        "host_school_id": form.get("host_school_id", type=int),
        "starts_on": form.get("starts_on", ""),
        "ends_on": form.get("ends_on", ""),
        "ids": set(form.getlist("participant_ids", type=int)),
    }


def mobility_form(
    project: Project, mobility: Mobility | None, values: dict[str, Any]
) -> str:
    session = get_session()
    return render_template(
        "phases/mobility_form.html",
        project=project,
        mobility=mobility,
        values=values,
        schools=presenting.school_choices(session, project),
        people=presenting.participant_choices(session, project, mobility),
    )


@bp.post("/mobilities/<int:mobility_id>/delete")
def delete_mobility(slug: str, mobility_id: int) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    mobility = mobilities.get_mobility(session, project, mobility_id)
    mobilities.delete_mobility(session, user, project, mobility)
    commit(session)
    flash(_("Mobility deleted; the items filed under its phases are kept."), "info")
    return redirect(url_for("phases.index", slug=slug))
