"""The moderation pages of a space, at ``/s/<slug>/-/moderation/``.

The queue (approve / reject with a reason), the pupils' consent, the "who is shown"
form plugins link to, a pupil's request that a page becomes public, and a pupil's own
decisions. Views are thin: they parse the form, call the services, flash the outcome.
"""

from __future__ import annotations

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db import commit, get_session
from ..errors import NotFound, PermissionDenied, ValidationError
from ..models import Page, Project, User
from ..permissions import can, require
from ..services import spaces, tree
from ..web.helpers import signed_in_user
from . import consent_admin, page_requests, queue
from .consent import shown_pupil_ids
from .exposure import exposed_items
from .models import ConsentLevel

bp = Blueprint("moderation", __name__, url_prefix="/s/<slug>/-/moderation")


def space(slug: str) -> tuple[Project, User]:
    user = signed_in_user()
    project = spaces.get_space(get_session(), user, slug)
    if user is None:  # visitors are asked to sign in (the forbidden page does that)
        raise PermissionDenied("space.view")
    g.active_nav = "moderation"
    return project, user


@bp.get("/")
def index(slug: str) -> ResponseReturnValue:
    project, user = space(slug)
    if not can(user, "moderation.review", project):
        return redirect(url_for("moderation.mine", slug=slug))
    entries = queue.waiting(get_session(), user, project)
    authors = queue.authors(get_session(), entries)
    return render_template(
        "moderation/queue.html", project=project, entries=entries, authors=authors
    )


@bp.post("/decide")
def decide(slug: str) -> ResponseReturnValue:
    project, user = space(slug)
    require(user, "moderation.review", project)
    approve = request.form.get("action") == "approve"
    try:
        queue.decide(
            get_session(),
            user,
            project,
            request.form.get("item", ""),
            approve=approve,
            reason=request.form.get("reason", ""),
        )
    except (ValidationError, NotFound, PermissionDenied) as error:
        # A tool's refusal, an item decided meanwhile, or a right the space took away
        # (publishing pages): the teacher is told why, and nothing changed.
        get_session().rollback()
        flash(_("Nothing changed: %(reason)s", reason=str(error)), "error")
        return redirect(url_for("moderation.index", slug=slug))
    flash(_("Published.") if approve else _("Rejected: it stays members-only."), "info")
    return redirect(url_for("moderation.index", slug=slug))


@bp.route("/consent", methods=["GET", "POST"])
def consent(slug: str) -> ResponseReturnValue:
    project, user = space(slug)
    require(user, "moderation.consent", project)
    if request.method == "POST":
        save_consent(project, user)
        return redirect(url_for("moderation.consent", slug=slug))
    return render_template(
        "moderation/consent.html",
        project=project,
        rows=consent_admin.consent_list(get_session(), user, project),
        exposed=exposed_items(get_session(), project),
        levels=list(ConsentLevel),
        level_labels=consent_admin.level_labels(),
    )


def save_consent(project: Project, user: User) -> None:
    """Record the form's consent level, or say why not (nothing is half-saved)."""
    session = get_session()
    pupil = session.get(User, request.form.get("pupil", type=int) or 0)
    level = request.form.get("level", "")
    try:
        if pupil is None or level not in set(ConsentLevel):
            raise ValidationError(_("Choose a pupil and a consent level."))
        consent_admin.set_consent(
            session,
            user,
            project,
            pupil,
            ConsentLevel(level),
            request.form.get("note", ""),
        )
        commit()
        flash(_("Consent recorded."), "info")
    except (ValidationError, PermissionDenied) as error:
        session.rollback()
        flash(_("Not recorded: %(reason)s", reason=str(error)), "error")


@bp.route("/shown", methods=["GET", "POST"])
def shown(slug: str) -> ResponseReturnValue:
    project, user = space(slug)
    session, item = get_session(), request.values.get("item", "")
    require(user, "moderation.shown", project)
    if request.method == "POST":
        chosen = request.form.getlist("pupil", type=int)
        try:
            consent_admin.set_shown(session, user, project, item, chosen)
            commit()
            flash(_("Saved who this item shows."), "info")
        except ValidationError as error:
            session.rollback()
            flash(str(error), "error")
        return redirect(url_for("moderation.shown", slug=slug, item=item))
    return render_template(
        "moderation/shown.html",
        project=project,
        item=item,
        pupils=consent_admin.space_pupils(session, project),
        chosen=shown_pupil_ids(session, project, item),
        back=local_path(request.args.get("next", "")),
    )


def local_path(path: str) -> str:
    """A "back" link only to this site (never an open redirect)."""
    return path if path.startswith("/") and not path.startswith(("//", "/\\")) else ""


@bp.post("/request/<int:page_id>")
def request_page(slug: str, page_id: int) -> ResponseReturnValue:
    project, user = space(slug)
    session = get_session()
    page: Page = tree.get_page_by_id(session, user, project, page_id)
    try:
        page_requests.request_publication(session, user, project, page)
        commit()
        flash(_("Asked a teacher to make this page public."), "info")
    except ValidationError as error:
        session.rollback()
        flash(str(error), "error")
    return redirect(url_for("pages.view", slug=slug, path=page.path))


@bp.get("/mine")
def mine(slug: str) -> ResponseReturnValue:
    project, user = space(slug)
    require(user, "space.view", project)
    decisions = queue.decisions_about(get_session(), project, user)
    return render_template("moderation/mine.html", project=project, decisions=decisions)
