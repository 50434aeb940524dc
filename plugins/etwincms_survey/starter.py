"""Starter content for space templates: the Erasmus+ template's evaluation surveys.

A space made from "erasmus_blended" gets two drafts built from the ready-made
questionnaires: pre-mobility expectations and the post-mobility evaluation, linked so
that the results compare them. Teachers open them when the time comes. Nothing is added
to a space that already has surveys.
"""

from __future__ import annotations

from sqlalchemy import exists, select
from sqlalchemy.orm import Session

from etwincms.models import Project, User

from . import services
from .models import Survey

TEMPLATE = "erasmus_blended"


def has_surveys(session: Session, project: Project) -> bool:
    return bool(session.scalar(select(exists().where(Survey.project_id == project.id))))


def apply(
    session: Session, project: Project, template: str, user: User
) -> list[Survey]:
    """Add the template's draft surveys (by the space's founder); answers them."""
    if template != TEMPLATE or has_surveys(session, project):
        return []
    before = services.create_survey(
        session, user, project, preset="pre_mobility", audience="pupils"
    )
    after = services.create_survey(
        session,
        user,
        project,
        preset="post_mobility",
        audience="pupils",
        linked_id=before.id,
    )
    return [before, after]
