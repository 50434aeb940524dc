"""The "Dissemination export" page of a space: choose the licence, download the zip.

``/s/<space>/-/export/`` for those holding ``export.create`` (admins and teachers). The
zip is written to a temporary file and streamed from there, so a large space never
sits in memory; a refused export (a pupil's name found) shows the reason on the page.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db import commit, get_session
from ..errors import ValidationError
from ..models import Project
from ..permissions import require
from ..services import spaces
from ..web.helpers import signed_in_user
from .core_pages import visitors_read
from .downloads import zip_response
from .licences import LICENCES
from .settings import CAPABILITY, choose_licence, space_licence

bp = Blueprint("export", __name__)
PREFIX = "/s/<slug>/-/export"


def export_space(slug: str) -> Project:
    project = spaces.get_space(get_session(), signed_in_user(), slug)
    require(signed_in_user(), CAPABILITY, project)
    g.active_nav = "export"
    return project


@bp.get(f"{PREFIX}/")
def index(slug: str) -> ResponseReturnValue:
    return show(export_space(slug))


@bp.post(f"{PREFIX}/licence")
def licence(slug: str) -> ResponseReturnValue:
    project, session = export_space(slug), get_session()
    try:
        choose_licence(
            session, signed_in_user(), project, request.form.get("licence", "")
        )
    except ValidationError as error:
        session.rollback()
        return show(project, error), 400
    commit(session)
    flash(_("Licence saved: the next export uses it."), "info")
    return redirect(url_for("export.index", slug=slug))


@bp.get(f"{PREFIX}/site.zip")
def download(slug: str) -> ResponseReturnValue:
    project = export_space(slug)
    try:
        return zip_response(get_session(), signed_in_user(), project)
    except ValidationError as error:
        return show(project, error), 409


def show(project: Project, error: ValidationError | None = None) -> str:
    return render_template(
        "export/space.html",
        project=project,
        licences=LICENCES,
        current=space_licence(get_session(), project),
        visitors_read=visitors_read(project),
        error=error,
    )
