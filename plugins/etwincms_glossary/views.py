"""The glossary's pages, mounted by the core at ``/s/<slug>/-/glossary/``.

Views are thin: they read the request, call :mod:`.queries`, :mod:`.services` or
:mod:`.exchange`, commit with ``etwincms.db.commit`` (which then tells other plugins
what happened) and render a template under ``glossary/``. When a service rejects input,
the form is shown again with the message and everything the person typed. Permission
errors and missing objects go to the core's error pages (403, sign-in, 404). Reading,
exporting and practising are in :mod:`.pages`; this module changes things.
"""

from __future__ import annotations

from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied, ValidationError
from etwincms.models import Project, User
from etwincms.permissions import can, require
from etwincms.plugins import current_project
from etwincms.services.materials import is_image, list_materials
from etwincms.web.helpers import signed_in_user

from . import exchange, policy, queries, services
from .models import Concept
from .records import FormatError, Record
from .services import UNCHANGED, TermInput
from .web import bp, failed, languages_of, render

# -- the concept form ------------------------------------------------------------------


def image_choices(user: User | None, project: Project) -> list[Any]:
    if not can(user, "material.view", project):
        return []
    return [m for m in list_materials(get_session(), user, project) if is_image(m)]


def submitted_terms(project: Project) -> dict[str, TermInput | None]:
    """The languages the form showed as fields; an emptied field removes the term."""
    terms: dict[str, TermInput | None] = {}
    for code in languages_of(project):
        if f"term-{code}" not in request.form:
            continue  # shown read-only: not the person's to change
        text = request.form.get(f"term-{code}", "").strip()
        terms[code] = (
            TermInput(
                text,
                request.form.get(f"definition-{code}", ""),
                request.form.get(f"example-{code}", ""),
            )
            if text
            else None
        )
    return terms


def submitted_image() -> int | None:
    value = request.form.get("image_id", "")
    return int(value) if value.isdigit() else None


def show_form(
    concept: Concept | None, status: int = 200, **context: Any
) -> ResponseReturnValue:
    user, project = signed_in_user(), current_project()
    context.setdefault("form", request.form if request.method == "POST" else {})
    return render(
        "form.html",
        status,
        concept=concept,
        images=image_choices(user, project),
        may_edit_term=lambda term: policy.may_edit_term(user, project, term),
        may_edit_concept=concept is None
        or policy.may_edit_concept(user, project, concept),
        **context,
    )


@bp.route("/new", methods=["GET", "POST"])
def new_concept() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    require(user, "glossary.contribute", project)
    if request.method == "GET":
        return show_form(None, form={"term-" + request.args.get("lang", ""): ""})
    terms = {k: v for k, v in submitted_terms(project).items() if v is not None}
    try:
        concept = services.create_concept(
            session,
            user,
            project,
            terms=terms,
            category=request.form.get("category", ""),
            image_id=submitted_image(),
        )
    except ValidationError as error:
        return show_form(None, 400, **failed(error))
    commit(session)
    flash(_("The concept was added to the glossary."))
    return redirect(url_for("glossary.concept", concept_id=concept.id))


@bp.route("/c/<int:concept_id>/edit", methods=["GET", "POST"])
def edit_concept(concept_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    concept = queries.get_concept(session, user, project, concept_id)
    if not policy.may_contribute(user, project):
        raise PermissionDenied("glossary.contribute")
    if request.method == "GET":
        return show_form(concept)
    may_edit = policy.may_edit_concept(user, project, concept)
    try:
        services.update_concept(
            session,
            user,
            project,
            concept,
            terms=submitted_terms(project),
            category=request.form.get("category") if may_edit else None,
            image_id=submitted_image() if may_edit else UNCHANGED,
        )
    except ValidationError as error:
        return show_form(
            queries.get_concept(session, user, project, concept_id),
            400,
            **failed(error),
        )
    commit(session)
    return redirect(url_for("glossary.concept", concept_id=concept.id))


@bp.post("/c/<int:concept_id>/delete")
def delete_concept(concept_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    concept = queries.get_concept(session, user, project, concept_id)
    services.delete_concept(session, user, project, concept)
    commit(session)
    flash(_("The concept was deleted."))
    return redirect(url_for("glossary.index"))


# -- files -----------------------------------------------------------------------------


@bp.route("/import", methods=["GET", "POST"])
def import_file() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    require(user, "glossary.manage", project)
    if request.method == "GET":
        return render("import.html")
    upload = request.files.get("file")
    try:
        records = read_upload(upload)
        result = exchange.import_records(session, user, project, records)
    except (FormatError, ValidationError) as error:
        get_session().rollback()
        return render("import.html", 400, error=str(error))
    commit(session)
    flash(import_message(result))
    return redirect(url_for("glossary.index"))


def read_upload(upload: Any) -> list[Record]:
    from . import csvfile, tbx

    if upload is None or not upload.filename:
        raise FormatError(_("Choose a CSV or TBX file."))
    data = upload.read(exchange_limit() + 1)
    name = upload.filename.lower()
    if name.endswith((".tbx", ".xml")):
        return tbx.parse(data)
    if name.endswith((".csv", ".txt")):
        return csvfile.parse(data)
    raise FormatError(_("Choose a CSV or TBX file."))


def exchange_limit() -> int:
    from .records import MAX_FILE

    return MAX_FILE


def import_message(result: exchange.ImportResult) -> str:
    message = _(
        "Imported: %(created)s new concepts, %(updated)s concepts completed.",
        created=result.created,
        updated=result.updated,
    )
    if result.skipped_languages:
        message += " " + _(
            "Left out terms in languages this space does not use: %(codes)s.",
            codes=", ".join(sorted(result.skipped_languages)),
        )
    return message


@bp.post("/refresh")
def refresh_tooltips() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    count = services.refresh_tooltips(session, user, project)
    commit(session)
    flash(_("Tooltips renewed in %(count)s pages.", count=count))
    return redirect(url_for("glossary.index"))
