"""The privacy hooks: a person's named responses and participation are exported and
erased; anonymous responses, which nothing ties to them, stay."""

from __future__ import annotations

from sqlalchemy import func, select

from etwincms_survey import privacy
from etwincms_survey.models import Participant, Response

from .conftest import SurveySpace


def test_export_and_erase(surveys: SurveySpace) -> None:
    named = surveys.survey(anonymous=False, title="Named")
    anonymous = surveys.survey(anonymous=True, title="Anonymous")
    surveys.answer("pupil", named, mood=2)
    surveys.answer("pupil", anonymous, mood=5)
    pupil = surveys.user("pupil")
    exported = privacy.export(pupil)
    assert exported["named_responses"][0]["answers"] == {"mood": 2}
    assert exported["surveys_answered"] == sorted([named.id, anonymous.id])
    assert len(exported["named_responses"]) == 1  # the anonymous one cannot be found
    privacy.erase(pupil)
    surveys.session.commit()
    assert surveys.session.scalar(select(func.count()).select_from(Participant)) == 0
    left = surveys.session.scalars(select(Response)).all()
    assert [r.answers for r in left] == [{"mood": 5}]
