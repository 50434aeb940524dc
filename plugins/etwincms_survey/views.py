"""The survey pages for reading and answering, mounted at ``/s/<slug>/-/survey/``.

Views are thin: they read the request, call :mod:`.services` or :mod:`.results`, commit
with ``etwincms.db.commit`` and render a template under ``survey/``. Respondents are
named only on results of named surveys, as :func:`etwincms.privacy.shown_name` decides.
A visitor answering a public-link survey is remembered only in their own session cookie
(the list of survey ids answered), never in the database.
"""

from __future__ import annotations

from typing import Any

from flask import Response as HttpResponse
from flask import flash, redirect, request, url_for
from flask import session as cookie
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select

from etwincms.db import commit, get_session
from etwincms.errors import NotFound, PermissionDenied, ValidationError
from etwincms.permissions import can, require
from etwincms.plugins import current_project
from etwincms.privacy import shown_name
from etwincms.web.helpers import signed_in_user

from . import charts, csvfile, policy, results, services
from .models import Survey
from .web import bp, get_survey, languages_of, reader_languages, render

VISITOR_KEY = "survey_answered"


@bp.get("/")
def index() -> ResponseReturnValue:
    user, project = signed_in_user(), current_project()
    require(user, "survey.view", project)
    query = (
        select(Survey).where(Survey.project_id == project.id).order_by(Survey.id.desc())
    )
    surveys = [
        s for s in get_session().scalars(query) if policy.may_see(user, project, s)
    ]
    return render(
        "index.html",
        surveys=surveys,
        may_manage=policy.may_manage(user, project),
        may_respond=lambda s: policy.may_respond(user, project, s),
    )


@bp.get("/<int:survey_id>")
def show(survey_id: int) -> ResponseReturnValue:
    user, project, survey = get_survey(survey_id)
    session = get_session()
    return render(
        "show.html",
        survey=survey,
        is_open=policy.is_open(survey),
        may_manage=policy.may_manage(user, project),
        may_respond=policy.may_respond(user, project, survey),
        may_results=policy.may_see_results(user, project, survey),
        answered=services.has_answered(session, user, survey),
        count=services.response_count(session, survey),
        others=[s for s in project_surveys(project.id) if s.id != survey.id],
    )


def project_surveys(project_id: int) -> list[Survey]:
    query = select(Survey).where(Survey.project_id == project_id).order_by(Survey.id)
    return list(get_session().scalars(query))


# -- answering ---------------------------------------------------------------------------


def submitted_answers(survey: Survey) -> dict[str, Any]:
    """The answer form's fields: ``a-<key>``, lists for multiple choice, ``a-<key>.<row>``."""
    given: dict[str, Any] = {}
    for q in survey.questions:
        name = f"a-{q['key']}"
        if q["type"] == "multiple":
            given[q["key"]] = request.form.getlist(name)
        elif q["type"] == "matrix":
            given[q["key"]] = {
                r["key"]: request.form.get(f"{name}.{r['key']}", "") for r in q["rows"]
            }
        elif q["type"] != "section":
            given[q["key"]] = request.form.get(name, "")
    return given


def answer_page(
    survey: Survey, action: str, previous: dict[str, Any]
) -> ResponseReturnValue:
    if request.method == "GET":
        return render("answer.html", survey=survey, action=action, previous=previous)
    try:
        services.submit(
            get_session(),
            signed_in_user(),
            current_project(),
            survey,
            submitted_answers(survey),
        )
    except ValidationError as error:
        get_session().rollback()
        return render(
            "answer.html",
            400,
            survey=survey,
            action=action,
            previous=submitted_answers(survey),
            error=str(error),
            error_field=error.field,
        )
    commit(get_session())
    return None  # stored


@bp.route("/<int:survey_id>/answer", methods=["GET", "POST"])
def answer(survey_id: int) -> ResponseReturnValue:
    user, project, survey = get_survey(survey_id)
    policy.require_respond(user, project, survey)
    session = get_session()
    own = services.own_response(session, user, survey)
    if own is None and services.has_answered(session, user, survey):
        flash(_("You have already answered this survey. Thank you!"))
        return redirect(url_for("survey.show", survey_id=survey.id))
    page = answer_page(
        survey,
        url_for("survey.answer", survey_id=survey.id),
        own.answers if own else {},
    )
    if page is not None:
        return page
    flash(_("Thank you: your answers were saved."))
    return redirect(url_for("survey.show", survey_id=survey.id))


@bp.route("/p/<token>", methods=["GET", "POST"])
def public_answer(token: str) -> ResponseReturnValue:
    """A survey opened to anyone with the link (in a public space)."""
    user, project = signed_in_user(), current_project()
    survey = get_session().scalar(select(Survey).where(Survey.public_token == token))
    if survey is None or survey.project_id != project.id:
        raise NotFound("survey")
    policy.require_respond(user, project, survey)
    done = cookie.get(VISITOR_KEY, [])
    if survey.id in done or services.has_answered(get_session(), user, survey):
        return render("thanks.html", survey=survey)
    page = answer_page(survey, url_for("survey.public_answer", token=token), {})
    if page is not None:
        return page
    cookie[VISITOR_KEY] = [*done, survey.id][-50:]
    return render("thanks.html", survey=survey)


# -- results -----------------------------------------------------------------------------


@bp.get("/<int:survey_id>/results")
def results_page(survey_id: int) -> ResponseReturnValue:
    user, project, survey = get_survey(survey_id)
    policy.require_results(user, project, survey)
    session, languages = get_session(), reader_languages(project)
    responses = results.responses_of(session, survey)
    earlier = session.get(Survey, survey.linked_id) if survey.linked_id else None
    if earlier is not None and not policy.may_see_results(user, project, earlier):
        earlier = None
    return render(
        "results.html",
        survey=survey,
        count=len(responses),
        summaries=results.summarise(survey, responses, languages),
        schools=results.by_school(session, project, survey, responses, languages),
        earlier=earlier,
        changes=results.comparison(session, survey, earlier, languages)
        if earlier
        else [],
        respondents=respondents(survey, responses),
        may_manage=policy.may_manage(user, project),
        chart=charts.bar_chart,
    )


def respondents(survey: Survey, responses: list[Any]) -> list[str]:
    """Who answered a named survey, as the viewer may see them (sorted by name)."""
    if survey.anonymous:
        return []
    visible = can(signed_in_user(), "member.view", current_project())
    return sorted(shown_name(r.respondent, names_visible=visible) for r in responses)


@bp.get("/<int:survey_id>/export.csv")
def export(survey_id: int) -> HttpResponse:
    user, project, survey = get_survey(survey_id)
    if not policy.may_manage(user, project):
        raise PermissionDenied("survey.manage")
    responses = results.responses_of(get_session(), survey)
    visible = can(user, "member.view", project)
    names = {
        r.respondent_id: shown_name(r.respondent, names_visible=visible)
        for r in responses
        if r.respondent_id
    }
    body = csvfile.export(survey, responses, names)
    response = HttpResponse(body, mimetype=csvfile.MEDIA_TYPE + "; charset=utf-8")
    response.headers["Content-Disposition"] = (
        f'attachment; filename="survey-{survey.id}-responses.csv"'
    )
    return response


__all__ = ["languages_of"]
