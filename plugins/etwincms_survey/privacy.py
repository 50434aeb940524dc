"""What the survey plugin stores about a person, for the export and erase privacy hooks.

Columns naming a person: ``survey_survey.author_id`` (surveys built),
``survey_response.respondent_id`` (responses to *named* surveys) and
``survey_participant.user_id`` (that the person answered a survey). Responses to
anonymous surveys cannot be found from a person, by design, so they are neither exported
nor erased: they are not the person's data in any way the database can tell.
Erasing deletes the person's named responses and participation records and detaches
them from the surveys they built (those stay: they are the space's work).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from etwincms.db import get_session
from etwincms.models import User

from .models import Participant, Response, Survey


def export(user: User) -> dict[str, Any]:
    session = get_session()
    built = session.scalars(select(Survey).where(Survey.author_id == user.id))
    named = session.scalars(select(Response).where(Response.respondent_id == user.id))
    answered = session.scalars(
        select(Participant.survey_id).where(Participant.user_id == user.id)
    )
    return {
        "surveys_built": [{"id": s.id, "title": s.title} for s in built],
        "named_responses": [
            {
                "survey_id": r.survey_id,
                "answers": r.answers,
                "submitted_at": r.submitted_at.isoformat() if r.submitted_at else None,
            }
            for r in named
        ],
        "surveys_answered": sorted(answered),
    }


def erase(user: User) -> None:
    session = get_session()
    session.execute(delete(Response).where(Response.respondent_id == user.id))
    session.execute(delete(Participant).where(Participant.user_id == user.id))
    session.execute(
        update(Survey).where(Survey.author_id == user.id).values(author_id=None)
    )
