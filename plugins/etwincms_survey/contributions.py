"""What the survey plugin made in a space, for phase views and the report pack.

Every survey past its draft is a contribution (``survey:<id>``, its search document's
id); a survey with answers is an output of the project. It is public when visitors can
use it now: an open "anyone with the link" survey of a public space. Published results
reach visitors through the dissemination export (:mod:`.export`). Two queries.
"""

from __future__ import annotations

from collections.abc import Iterator

from sqlalchemy import func, select

from etwincms.db import get_session
from etwincms.hooktypes import Contribution
from etwincms.models import Project

from . import policy
from .models import Response, Survey

TYPE = "survey"


def survey_url(project: Project, survey: Survey) -> str:
    return f"/s/{project.slug}/-/survey/{survey.id}"


def answer_counts(project: Project) -> dict[int, int]:
    rows = get_session().execute(
        select(Response.survey_id, func.count())
        .join(Survey, Survey.id == Response.survey_id)
        .where(Survey.project_id == project.id)
        .group_by(Response.survey_id)
    )
    return dict(rows.all())


def live_surveys(project: Project) -> list[Survey]:
    query = select(Survey).where(
        Survey.project_id == project.id, Survey.status != "draft"
    )
    return list(get_session().scalars(query.order_by(Survey.id)))


def visitors_may_answer(project: Project, survey: Survey) -> bool:
    return (
        survey.audience == "public"
        and policy.is_open(survey)
        and policy.space_is_public(project)
    )


def space_contributions(project: Project) -> Iterator[Contribution]:
    counts = answer_counts(project)
    for survey in live_surveys(project):
        yield Contribution(
            id=f"{TYPE}:{survey.id}",
            type=TYPE,
            plugin="survey",
            title=survey.title,
            url=survey_url(project, survey),
            author_id=survey.author_id,
            created_at=survey.created_at,
            public=visitors_may_answer(project, survey),
            output=counts.get(survey.id, 0) > 0,
        )
