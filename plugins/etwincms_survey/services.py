"""Changing surveys: building, opening and closing them, and answering them.

Every function takes ``(session, actor, project, ...)`` like the core's services, checks
permissions through :mod:`.policy`, raises a :class:`~etwincms.errors.ValidationError`
naming the field, and flushes; the caller commits with ``etwincms.db.commit`` so that
events reach other plugins after the change is stored. Survey changes tell the search
index; responses do not (they are not searchable) and are never written to the audit log,
whose actor and time would tie an anonymous response to its author.
"""

from __future__ import annotations

import secrets
from datetime import datetime
from typing import Any

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from etwincms import events
from etwincms.db import utcnow
from etwincms.errors import ValidationError
from etwincms.models import Project, User
from etwincms.permissions import membership_of
from etwincms.search import outbox as search_outbox
from etwincms.services import audit
from etwincms.services.validation import required_text

from . import policy, presets, questions
from .models import Participant, Response, Survey

FIELDS = (
    "title",
    "description",
    "audience",
    "anonymous",
    "compare_schools",
    "opens_at",
    "closes_at",
    "questions",
    "linked_id",
)
STATUSES = ("draft", "open", "closed")


class AlreadyAnswered(ValidationError):
    """An anonymous survey is answered once and cannot be changed afterwards."""


def create_survey(
    session: Session, actor: User, project: Project, *, preset: str = "", **fields: Any
) -> Survey:
    """A draft survey, empty or from a preset (its questions, and its title if none)."""
    policy.require_manage(actor, project)
    if preset and preset not in presets.PRESETS:
        raise ValidationError(
            _("Choose one of the questionnaire templates."), field="preset"
        )
    fields.setdefault("questions", presets.questions_of(preset))
    fields["title"] = fields.get("title") or presets.title_of(preset)
    survey = Survey(
        project_id=project.id, author_id=actor.id, preset=preset, questions=[]
    )
    session.add(survey)
    apply(session, project, survey, fields)
    session.flush()
    changed(session, actor, project, survey, is_new=True)
    return survey


def update_survey(
    session: Session, actor: User, project: Project, survey: Survey, **fields: Any
) -> None:
    policy.check_survey(project, survey)
    policy.require_manage(actor, project)
    apply(session, project, survey, fields)
    touch(session, actor, project, survey)


def apply(
    session: Session, project: Project, survey: Survey, fields: dict[str, Any]
) -> None:
    """Check and set the given fields (those left out stay)."""
    unknown = set(fields) - set(FIELDS)
    if unknown:
        raise ValidationError(
            _("Unknown field %(name)s.", name=sorted(unknown)[0]), field="survey"
        )
    locked = {"anonymous", "audience"} & {
        k for k, v in fields.items() if getattr(survey, k) != v
    }
    if locked and survey.id is not None and response_count(session, survey):
        raise ValidationError(
            _("Who answers, and how, is fixed once answers came in."),
            field=sorted(locked)[0],
        )
    for name, value in fields.items():
        setattr(survey, name, clean(session, project, survey, name, value))
    if survey.audience == "public":
        survey.anonymous = True  # visitors are not known: nothing to name
    check_dates(survey.opens_at, survey.closes_at)


def clean(
    session: Session, project: Project, survey: Survey, name: str, value: Any
) -> Any:
    if name == "title":
        return required_text(value, "title", 200)
    if name == "description":
        return (value or "").strip()[:5000]
    if name == "audience":
        if value not in policy.AUDIENCES:
            raise ValidationError(_("Choose who answers the survey."), field="audience")
        return value
    if name == "questions":
        return questions.question_list(value)
    if name == "linked_id":
        return linked(session, project, survey, value)
    if name in ("anonymous", "compare_schools"):
        return bool(value)
    return value


def linked(
    session: Session, project: Project, survey: Survey, value: Any
) -> int | None:
    if value is None:
        return None
    other = session.get(Survey, value)
    if other is None or other.project_id != project.id or other is survey:
        raise ValidationError(
            _("Choose another survey of this space."), field="linked_id"
        )
    return other.id


def check_dates(opens_at: datetime | None, closes_at: datetime | None) -> None:
    if opens_at and closes_at and closes_at <= opens_at:
        raise ValidationError(_("The survey closes after it opens."), field="closes_at")


def set_status(
    session: Session, actor: User, project: Project, survey: Survey, status: str
) -> None:
    """Open (answers come in) or close a survey; an open survey needs a question."""
    policy.check_survey(project, survey)
    policy.require_manage(actor, project)
    if status not in STATUSES:
        raise ValidationError(_("Unknown status."), field="status")
    if status == "open" and not any(q["type"] != "section" for q in survey.questions):
        raise ValidationError(
            _("Add a question before opening the survey."), field="status"
        )
    if status == "open" and survey.audience == "public" and not survey.public_token:
        survey.public_token = secrets.token_urlsafe(24)
    survey.status = status
    touch(session, actor, project, survey)


def publish_results(
    session: Session, actor: User, project: Project, survey: Survey, public: bool
) -> None:
    """Publish a survey's results (aggregates, never who answered) or take them back.

    Refused for a draft, and, with the reasons, when the survey shows a pupil without
    consent for public use.
    """
    policy.check_survey(project, survey)
    policy.require_manage(actor, project)
    if public and survey.status == "draft":
        raise ValidationError(
            _("Open the survey before publishing its results."), field="results_public"
        )
    if public:
        from etwincms.moderation.consent import refuse_if_blocked

        item = f"survey:{survey.id}"
        refuse_if_blocked(session, project, [item], field="results_public")
    survey.results_public = public
    touch(session, actor, project, survey)


def delete_survey(
    session: Session, actor: User, project: Project, survey: Survey
) -> None:
    policy.check_survey(project, survey)
    policy.require_manage(actor, project)
    survey_id = survey.id
    audit.record(session, actor, "survey.delete", project, survey)
    session.delete(survey)
    session.flush()
    search_outbox.enqueue_plugin(session, project, "survey")
    events.queue(
        session,
        "survey_deleted",
        project,
        survey_id=survey_id,
        project=project,
        user=actor,
    )


def touch(session: Session, actor: User, project: Project, survey: Survey) -> None:
    survey.version += 1
    survey.updated_at = utcnow()
    session.flush()
    changed(session, actor, project, survey, is_new=False)


def changed(
    session: Session,
    actor: User | None,
    project: Project,
    survey: Survey,
    *,
    is_new: bool,
) -> None:
    action = "survey.create" if is_new else "survey.edit"
    audit.record(session, actor, action, project, survey)
    search_outbox.enqueue_plugin(session, project, "survey")
    events.queue(
        session,
        "survey_saved",
        project,
        survey=survey,
        project=project,
        user=actor,
        is_new=is_new,
    )


# -- the builder ---------------------------------------------------------------------------


def add_question(
    session: Session,
    actor: User,
    project: Project,
    survey: Survey,
    given: dict[str, Any],
) -> None:
    update_survey(session, actor, project, survey, questions=[*survey.questions, given])


def move_question(
    session: Session, actor: User, project: Project, survey: Survey, key: str, step: int
) -> None:
    """Move a question up (-1) or down (+1)."""
    items = list(survey.questions)
    index = next((n for n, q in enumerate(items) if q["key"] == key), None)
    if index is None or not 0 <= index + step < len(items):
        return
    items[index], items[index + step] = items[index + step], items[index]
    update_survey(session, actor, project, survey, questions=items)


def remove_question(
    session: Session, actor: User, project: Project, survey: Survey, key: str
) -> None:
    items = [q for q in survey.questions if q["key"] != key]
    update_survey(session, actor, project, survey, questions=items)


# -- answering -----------------------------------------------------------------------------


def response_count(session: Session, survey: Survey) -> int:
    count = (
        select(func.count())
        .select_from(Response)
        .where(Response.survey_id == survey.id)
    )
    return session.scalar(count) or 0


def has_answered(session: Session, user: User | None, survey: Survey) -> bool:
    if user is None:
        return False
    return session.get(Participant, (survey.id, user.id)) is not None


def own_response(
    session: Session, user: User | None, survey: Survey
) -> Response | None:
    """The member's response to a named survey (anonymous ones have none to find)."""
    if user is None or survey.anonymous:
        return None
    query = select(Response).where(
        Response.survey_id == survey.id, Response.respondent_id == user.id
    )
    return session.scalar(query)


def submit(
    session: Session, user: User | None, project: Project, survey: Survey, given: Any
) -> Response:
    """Store ``user``'s answers: a new response, or (named surveys, while open) the
    changed one. ``user`` is None for a visitor of a public-link survey."""
    policy.require_respond(user, project, survey)
    answers = questions.answers_of(survey.questions, given)
    existing = own_response(session, user, survey)
    if existing is not None:
        existing.answers, existing.updated_at = answers, utcnow()
    elif has_answered(session, user, survey):
        raise AlreadyAnswered(
            _("You have already answered this survey."), field="answers"
        )
    else:
        existing = new_response(session, user, project, survey, answers)
    session.flush()
    events.queue(
        session,
        "survey_answered",
        project,
        survey=survey,
        project=project,
        user=None if survey.anonymous else user,
    )
    return existing


def new_response(
    session: Session, user: User | None, project: Project, survey: Survey, answers: dict
) -> Response:
    named = not survey.anonymous and user is not None
    now = utcnow() if named else None
    response = Response(
        id=secrets.token_hex(16),
        survey_id=survey.id,
        respondent_id=user.id if named and user else None,
        school_id=school_of(user, project) if named or survey.compare_schools else None,
        answers=answers,
        submitted_at=now,
        updated_at=now,
    )
    session.add(response)
    if user is not None:
        session.add(Participant(survey_id=survey.id, user_id=user.id))
    return response


def school_of(user: User | None, project: Project) -> int | None:
    """The school the respondent represents in this space (else their own)."""
    membership = membership_of(user, project)
    if membership is not None and membership.school_id is not None:
        return membership.school_id
    return getattr(user, "school_id", None)
