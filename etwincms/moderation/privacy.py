"""Moderation's answers to the privacy hooks: consent, who is shown, requests, decisions.

Export lists a pupil's consent (and consents a teacher recorded), the items that show the
person, their page requests and the decisions about or by them. Erase deletes the
person's consent and every "shown" mark (they concern only them), and detaches their
name from requests and decisions, which stay as the space's history.
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update
from sqlalchemy.orm import Session

from ..db import get_session
from ..models import User
from .models import Consent, Decision, PageRequest, ShownPupil


def export(user: User) -> dict[str, Any]:
    session = get_session()
    return {
        "consent": [
            consent_json(c) for c in rows(session, Consent, Consent.pupil_id, user)
        ],
        "consents_recorded": [
            {"pupil_id": c.pupil_id, **consent_json(c)}
            for c in rows(session, Consent, Consent.recorded_by_id, user)
        ],
        "shown_in": [
            {"project_id": s.project_id, "item_id": s.item_id}
            for s in rows(session, ShownPupil, ShownPupil.pupil_id, user)
        ],
        "page_requests": [
            {
                "project_id": r.project_id,
                "page_id": r.page_id,
                "at": r.requested_at.isoformat(),
            }
            for r in rows(session, PageRequest, PageRequest.requested_by_id, user)
        ],
        "decisions_about_me": decisions(session, Decision.author_id, user),
        "decisions_made": decisions(session, Decision.decided_by_id, user),
    }


def rows(session: Session, model: type, column: Any, user: User) -> list[Any]:
    return list(
        session.scalars(select(model).where(column == user.id).order_by(model.id))
    )


def consent_json(consent: Consent) -> dict[str, Any]:
    return {
        "level": consent.level.value,
        "note": consent.note,
        "recorded_at": consent.recorded_at.isoformat(),
    }


def decisions(session: Session, column: Any, user: User) -> list[dict[str, Any]]:
    return [
        {
            "project_id": d.project_id,
            "item_id": d.item_id,
            "title": d.title,
            "approved": d.approved,
            "reason": d.reason,
            "at": d.decided_at.isoformat(),
        }
        for d in rows(session, Decision, column, user)
    ]


def erase(user: User) -> None:
    session = get_session()
    session.execute(delete(Consent).where(Consent.pupil_id == user.id))
    session.execute(delete(ShownPupil).where(ShownPupil.pupil_id == user.id))
    for model, column in (
        (Consent, Consent.recorded_by_id),
        (PageRequest, PageRequest.requested_by_id),
        (Decision, Decision.author_id),
        (Decision, Decision.decided_by_id),
    ):
        session.execute(
            update(model).where(column == user.id).values({column.key: None})
        )
