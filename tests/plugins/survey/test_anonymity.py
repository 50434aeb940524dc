"""Anonymous surveys: after responses come in, nothing in the database ties a response
to a person; named surveys keep (and show) who answered.

The check reads the tables directly: the response rows have no person, no time and ids
that do not follow the order of submission; the "has answered" rows have no response
id and no time; no audit entry was written for answering.
"""

from __future__ import annotations

import json

from sqlalchemy import inspect, select, text

from etwincms.models import AuditEntry
from etwincms_survey.models import Participant, Response

from .conftest import SurveySpace

ROLES = ("pupil", "pupil_lead", "admin", "teacher")


def rows(surveys: SurveySpace, table: str) -> list[dict]:
    result = surveys.session.execute(text(f"SELECT * FROM {table}"))
    return [dict(row._mapping) for row in result]


def test_the_database_cannot_link_an_anonymous_response_to_anyone(
    surveys: SurveySpace,
) -> None:
    survey = surveys.survey(anonymous=True)
    ids = {surveys.user(role).id for role in ROLES}
    for mood, role in enumerate(ROLES, start=1):
        surveys.answer(role, survey, mood=mood)
    responses = rows(surveys, "survey_response")
    assert len(responses) == 4
    for row in responses:
        assert row["respondent_id"] is None and row["school_id"] is None
        assert row["submitted_at"] is None and row["updated_at"] is None
        assert len(row["id"]) == 32 and not row["id"].isdigit()
    # No column of a response holds anything but the answers and the survey.
    columns = {
        c["name"]
        for c in inspect(surveys.session.connection()).get_columns("survey_response")
    }
    assert columns == {
        "id",
        "survey_id",
        "respondent_id",
        "school_id",
        "answers",
        "submitted_at",
        "updated_at",
    }
    participants = rows(surveys, "survey_participant")
    assert {tuple(sorted(p)) for p in participants} == {("survey_id", "user_id")}
    assert {p["user_id"] for p in participants} == ids
    actions = surveys.session.scalars(select(AuditEntry.action)).all()
    assert not any("answer" in a or "response" in a for a in actions)


def test_the_order_of_anonymous_responses_says_nothing_of_who_answered_first(
    surveys: SurveySpace,
) -> None:
    survey = surveys.survey(anonymous=True)
    for mood, role in enumerate(ROLES, start=1):
        surveys.answer(role, survey, mood=mood)
    # Stored (and listed) by random id; on SQLite the tables have no rowid at all.
    raw = [r["answers"] for r in rows(surveys, "survey_response")]
    stored = [(json.loads(a) if isinstance(a, str) else a)["mood"] for a in raw]
    by_id = [
        r.answers["mood"]
        for r in surveys.session.scalars(select(Response).order_by(Response.id))
    ]
    assert stored == by_id or surveys.session.bind.dialect.name != "sqlite"
    if surveys.session.bind.dialect.name == "sqlite":
        sql = (
            surveys.session.execute(
                text(
                    "SELECT sql FROM sqlite_master WHERE name IN "
                    "('survey_response', 'survey_participant')"
                )
            )
            .scalars()
            .all()
        )
        assert all("WITHOUT ROWID" in s for s in sql)


def test_one_response_per_person_without_a_link(surveys: SurveySpace) -> None:
    import pytest

    from etwincms_survey.services import AlreadyAnswered

    survey = surveys.survey(anonymous=True)
    surveys.answer("pupil", survey, mood=2)
    with pytest.raises(AlreadyAnswered):
        surveys.answer("pupil", survey, mood=5)
    surveys.session.rollback()
    assert len(rows(surveys, "survey_response")) == 1
    assert surveys.session.get(Participant, (survey.id, surveys.user("pupil").id))


def test_a_named_survey_keeps_and_shows_who_answered(surveys: SurveySpace) -> None:
    survey = surveys.survey(anonymous=False)
    surveys.answer("pupil", survey, mood=2)
    (row,) = rows(surveys, "survey_response")
    assert row["respondent_id"] == surveys.user("pupil").id
    assert row["submitted_at"] is not None
