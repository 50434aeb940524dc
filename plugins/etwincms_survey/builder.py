"""The survey pages for building and managing, mounted at ``/s/<slug>/-/survey/``.

Creating (empty or from a questionnaire template), the settings form, adding, moving and
removing questions, opening and closing, deleting. Every change goes through
:mod:`.services`, which checks ``survey.manage``; a rejected form comes back with the
message and what was typed.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from etwincms.db import commit, get_session
from etwincms.errors import ValidationError
from etwincms.plugins import current_project, plugin_settings
from etwincms.web.helpers import signed_in_user

from . import policy, presets, services
from .models import Survey
from .web import bp, get_survey, languages_of, render


def when(name: str) -> datetime | None:
    """A ``datetime-local`` field, read as UTC."""
    value = request.form.get(name, "").strip()
    if not value:
        return None
    try:
        return datetime.fromisoformat(value).replace(tzinfo=UTC)
    except ValueError:
        raise ValidationError(_("Give a date and time."), field=name) from None


def settings_fields() -> dict[str, Any]:
    return {
        "title": request.form.get("title", ""),
        "description": request.form.get("description", ""),
        "audience": request.form.get("audience", "members"),
        "anonymous": request.form.get("anonymous") == "on",
        "compare_schools": request.form.get("compare_schools") == "on",
        "opens_at": when("opens_at"),
        "closes_at": when("closes_at"),
        "linked_id": request.form.get("linked_id", type=int),
    }


def form_page(
    survey: Survey | None, status: int = 200, **context: Any
) -> ResponseReturnValue:
    project = current_project()
    others = [s for s in project_surveys() if survey is None or s.id != survey.id]
    defaults = {
        "anonymous": plugin_settings(project, "survey").get("anonymous_default", True)
    }
    return render(
        "form.html",
        status,
        survey=survey,
        presets=presets.PRESETS,
        audiences=policy.AUDIENCES,
        others=others,
        defaults=defaults,
        form=request.form if request.method == "POST" else {},
        **context,
    )


def project_surveys() -> list[Survey]:
    from .views import project_surveys as listing

    return listing(current_project().id)


@bp.route("/new", methods=["GET", "POST"])
def new() -> ResponseReturnValue:
    user, project, session = signed_in_user(), current_project(), get_session()
    policy.require_manage(user, project)
    if request.method == "GET":
        return form_page(None)
    try:
        survey = services.create_survey(
            session,
            user,
            project,
            preset=request.form.get("preset", ""),
            **settings_fields(),
        )
    except ValidationError as error:
        session.rollback()
        return form_page(None, 400, error=str(error), error_field=error.field)
    commit(session)
    flash(
        _("The survey was created as a draft: add or change questions, then open it.")
    )
    return redirect(url_for("survey.show", survey_id=survey.id))


@bp.route("/<int:survey_id>/edit", methods=["GET", "POST"])
def edit(survey_id: int) -> ResponseReturnValue:
    user, project, survey = get_survey(survey_id)
    policy.require_manage(user, project)
    if request.method == "GET":
        return form_page(survey)
    session = get_session()
    try:
        services.update_survey(session, user, project, survey, **settings_fields())
    except ValidationError as error:
        session.rollback()
        return form_page(survey, 400, error=str(error), error_field=error.field)
    commit(session)
    return redirect(url_for("survey.show", survey_id=survey.id))


def lines(name: str) -> list[str]:
    return [
        line.strip() for line in request.form.get(name, "").splitlines() if line.strip()
    ]


def per_language(prefix: str, languages: list[str]) -> list[dict[str, Any]]:
    """Options (or rows) typed one per line in each language, matched by line."""
    typed = {code: lines(f"{prefix}-{code}") for code in languages}
    count = max((len(v) for v in typed.values()), default=0)
    return [
        {
            "key": f"o{n + 1}" if prefix == "options" else f"r{n + 1}",
            "text": {code: v[n] for code, v in typed.items() if n < len(v)},
        }
        for n in range(count)
    ]


def submitted_question() -> dict[str, Any]:
    languages = languages_of(current_project())
    kind = request.form.get("type", "")
    given: dict[str, Any] = {
        "type": kind,
        "key": request.form.get("key", "").strip(),
        "text": {code: request.form.get(f"text-{code}", "") for code in languages},
        "required": request.form.get("required") == "on",
    }
    if kind in ("single", "multiple", "matrix"):
        given["options"] = per_language("options", languages)
    if kind == "matrix":
        given["rows"] = per_language("rows", languages)
    if kind == "rating":
        given["scale"] = [
            request.form.get("low", 1, type=int),
            request.form.get("high", 5, type=int),
        ]
    return given


def back(survey: Survey, anchor: str = "") -> ResponseReturnValue:
    return redirect(url_for("survey.show", survey_id=survey.id) + anchor)


@bp.post("/<int:survey_id>/questions")
def add_question(survey_id: int) -> ResponseReturnValue:
    user, project, survey = get_survey(survey_id)
    session = get_session()
    try:
        services.add_question(session, user, project, survey, submitted_question())
    except ValidationError as error:
        session.rollback()
        flash(str(error), "error")
        return back(survey, "#add-question")
    commit(session)
    return back(survey, "#questions")


@bp.post("/<int:survey_id>/questions/<key>/move")
def move_question(survey_id: int, key: str) -> ResponseReturnValue:
    user, project, survey = get_survey(survey_id)
    step = -1 if request.form.get("direction") == "up" else 1
    services.move_question(get_session(), user, project, survey, key, step)
    commit(get_session())
    return back(survey, "#questions")


@bp.post("/<int:survey_id>/questions/<key>/delete")
def remove_question(survey_id: int, key: str) -> ResponseReturnValue:
    user, project, survey = get_survey(survey_id)
    services.remove_question(get_session(), user, project, survey, key)
    commit(get_session())
    return back(survey, "#questions")


@bp.post("/<int:survey_id>/status")
def set_status(survey_id: int) -> ResponseReturnValue:
    user, project, survey = get_survey(survey_id)
    session = get_session()
    try:
        services.set_status(
            session, user, project, survey, request.form.get("status", "")
        )
    except ValidationError as error:
        session.rollback()
        flash(str(error), "error")
        return back(survey)
    commit(session)
    return back(survey)


@bp.post("/<int:survey_id>/results/publication")
def publish_results(survey_id: int) -> ResponseReturnValue:
    user, project, survey = get_survey(survey_id)
    session = get_session()
    public = request.form.get("public") == "1"
    try:
        services.publish_results(session, user, project, survey, public)
    except ValidationError as error:
        session.rollback()
        flash(str(error), "error")
        return redirect(url_for("survey.results_page", survey_id=survey.id))
    commit(session)
    if public:
        flash(_("The results are published: the space's public export shows them."))
    else:
        flash(_("The results are no longer published."))
    return redirect(url_for("survey.results_page", survey_id=survey.id))


@bp.post("/<int:survey_id>/delete")
def delete(survey_id: int) -> ResponseReturnValue:
    user, project, survey = get_survey(survey_id)
    services.delete_survey(get_session(), user, project, survey)
    commit(get_session())
    flash(_("The survey was deleted with its responses."))
    return redirect(url_for("survey.index"))
