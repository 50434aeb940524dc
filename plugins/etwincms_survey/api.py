"""The survey plugin's JSON API, mounted by the core at ``/api/v1/projects/<slug>/survey/``.

A flask-smorest blueprint (tag ``survey_api``): ``GET /surveys`` pages through the
surveys the caller may see (newest first, the core's cursors), ``GET /surveys/<id>``
reads one with its ``ETag``, ``PATCH /surveys/<id>`` changes its title, description or
closing date with ``If-Match`` (428 without, 412 when stale), ``POST
/surveys/<id>/responses`` answers it, and ``GET /surveys/<id>/results`` gives the counts
per question. Everything goes through :mod:`.policy` and :mod:`.services`, so the API
allows exactly what the web pages allow. Errors are ``application/problem+json``.
"""

from __future__ import annotations

from typing import Any

from flask import Response as HttpResponse
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate
from sqlalchemy import select

from etwincms.api.common import (
    IF_MATCH,
    check_if_match,
    decode_cursor,
    documents_errors,
    page_of,
    with_etag,
)
from etwincms.api.schemas import ListArgs, Strict, list_of
from etwincms.db import commit, get_session
from etwincms.errors import NotFound, PermissionDenied
from etwincms.models import User
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import policy, results, services
from .models import Survey

blp = Blueprint("survey_api", __name__, description="The surveys of a space")
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}


class SurveySchema(Schema):
    id = fields.Integer(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    audience = fields.String(required=True)
    anonymous = fields.Boolean(required=True)
    status = fields.String(required=True)
    is_open = fields.Boolean(required=True)
    closes_at = fields.DateTime(required=True, allow_none=True)
    questions = fields.List(fields.Dict(), required=True)
    version = fields.Integer(required=True)


class SurveyUpdateSchema(Strict):
    title = fields.String(validate=validate.Length(min=1, max=200))
    description = fields.String(validate=validate.Length(max=5000))
    closes_at = fields.DateTime(allow_none=True)


class SurveyAnswersSchema(Strict):
    answers = fields.Dict(keys=fields.String(), required=True)


class SurveyAnsweredSchema(Schema):
    stored = fields.Boolean(required=True)


class SurveyBarSchema(Schema):
    label = fields.String(required=True)
    count = fields.Integer(required=True)


class SurveyQuestionResultSchema(Schema):
    key = fields.String(required=True)
    title = fields.String(required=True)
    answered = fields.Integer(required=True)
    bars = fields.List(fields.Nested(SurveyBarSchema), required=True)
    mean = fields.Float(required=True, allow_none=True)


class SurveyResultsSchema(Schema):
    responses = fields.Integer(required=True)
    questions = fields.List(fields.Nested(SurveyQuestionResultSchema), required=True)


SurveyList = list_of(SurveySchema, "SurveyList")


@blp.get("/surveys")
@blp.arguments(ListArgs, location="query")
@blp.response(200, SurveyList)
@documents_errors(blp)
def list_surveys(args: dict[str, Any]) -> dict[str, Any]:
    """The surveys the caller may see, newest first."""
    user, project = signed_in_user(), current_project()
    policy.require_view(user, project)
    query = (
        select(Survey).where(Survey.project_id == project.id).order_by(Survey.id.desc())
    )
    after = decode_cursor(args["cursor"])
    if after is not None:
        query = query.where(Survey.id < after)
    seen = [s for s in get_session().scalars(query) if policy.may_see(user, project, s)]
    listing = page_of(seen[: args["limit"] + 1], args["limit"], key=lambda s: s.id)
    listing["items"] = [survey_json(s) for s in listing["items"]]
    return listing


@blp.get("/surveys/<int:survey_id>")
@blp.response(200, SurveySchema, headers=ETAG_HEADER)
@documents_errors(blp)
def read_survey(survey_id: int) -> HttpResponse:
    """A survey with its questions and its ETag."""
    return answer(seen(survey_id))


@blp.patch("/surveys/<int:survey_id>")
@blp.arguments(SurveyUpdateSchema)
@blp.response(200, SurveySchema, headers=ETAG_HEADER)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_survey(data: dict[str, Any], survey_id: int) -> HttpResponse:
    """Change the title, introduction or closing date (``survey.manage``); If-Match."""
    survey = seen(survey_id)
    policy.require_manage(signed_in_user(), current_project())
    check_if_match(etag(survey))
    services.update_survey(get_session(), member(), current_project(), survey, **data)
    commit(get_session())
    return answer(seen(survey_id))


@blp.post("/surveys/<int:survey_id>/responses")
@blp.arguments(SurveyAnswersSchema)
@blp.response(201, SurveyAnsweredSchema)
@documents_errors(blp)
def respond(data: dict[str, Any], survey_id: int) -> dict[str, Any]:
    """Answer the survey (a named survey's answers are replaced while it is open)."""
    survey = seen(survey_id)
    services.submit(get_session(), member(), current_project(), survey, data["answers"])
    commit(get_session())
    return {"stored": True}


@blp.get("/surveys/<int:survey_id>/results")
@blp.response(200, SurveyResultsSchema)
@documents_errors(blp)
def read_results(survey_id: int) -> dict[str, Any]:
    """Counts per question (``survey.results``); texts and names are left out."""
    survey = seen(survey_id)
    project = current_project()
    policy.require_results(signed_in_user(), project, survey)
    responses = results.responses_of(get_session(), survey)
    summaries = results.summarise(survey, responses, list(project.languages or ["en"]))
    return {
        "responses": len(responses),
        "questions": [
            {
                "key": s.question["key"],
                "title": s.title,
                "answered": s.answered,
                "bars": [{"label": label, "count": count} for label, count in s.bars],
                "mean": s.mean,
            }
            for s in summaries
        ],
    }


def member() -> User:
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("survey.respond")
    return user


def seen(survey_id: int) -> Survey:
    policy.require_view(signed_in_user(), current_project())  # absent ids alike
    survey = get_session().get(Survey, survey_id)
    if survey is None or survey.project_id != current_project().id:
        raise NotFound(f"survey {survey_id}")
    policy.require_see(signed_in_user(), current_project(), survey)
    return survey


def etag(survey: Survey) -> str:
    return f'"s{survey.id}v{survey.version}"'


def survey_json(survey: Survey) -> dict[str, Any]:
    return {
        "id": survey.id,
        "title": survey.title,
        "description": survey.description,
        "audience": survey.audience,
        "anonymous": survey.anonymous,
        "status": survey.status,
        "is_open": policy.is_open(survey),
        "closes_at": survey.closes_at,
        "questions": survey.questions,
        "version": survey.version,
    }


def answer(survey: Survey) -> HttpResponse:
    return with_etag(SurveySchema().dump(survey_json(survey)), etag(survey))
