"""Pupil-safe publishing of glossary entries: a pupil's entry waits for a teacher.

A concept a pupil adds or changes (a term, a definition, its image) gets the
publication state "waiting": members read it as before, visitors of a public glossary do
not, and it appears in the space's moderation queue (``pending_publications``). A
teacher's ``decide_publication`` approves it (state "", after asking
:func:`etwincms.moderation.consent.publication_blockers`) or keeps it members-only
(state "members"). Teachers' own entries never wait.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import get_session, utcnow
from etwincms.hooktypes import PendingPublication
from etwincms.models import Project, User
from etwincms.permissions import PUPIL_ROLES, membership_of

from .models import Concept

PUBLIC, WAITING, MEMBERS = "", "waiting", "members"
TYPE = "glossary_concept"
EXCERPT = 300


def item_id(concept: Concept) -> str:
    return f"{TYPE}:{concept.id}"


def acts_as_pupil(actor: User | None, project: Project) -> bool:
    """Pupils, and pupil leads, of the space (or pupil accounts anywhere)."""
    if actor is None:
        return False
    membership = membership_of(actor, project)
    return actor.is_pupil or (membership is not None and membership.role in PUPIL_ROLES)


def note_change(actor: User | None, project: Project, concept: Concept) -> None:
    """A pupil's entry (new or changed) waits again for a teacher."""
    if acts_as_pupil(actor, project):
        concept.publication = WAITING
        concept.publication_requested_at = utcnow()


def visitors_may_read(concept: Concept) -> bool:
    return concept.publication == PUBLIC


def waiting(session: Session, project: Project) -> list[Concept]:
    query = select(Concept).where(
        Concept.project_id == project.id, Concept.publication == WAITING
    )
    return list(session.scalars(query.order_by(Concept.id)))


def pending(project: Project) -> list[PendingPublication]:
    """The space's waiting entries, as the moderation queue shows them."""
    from .contributions import contribution

    return [
        PendingPublication(
            contribution(project, concept),
            concept.publication_requested_at or concept.updated_at,
            excerpt(concept, project),
        )
        for concept in waiting(get_session(), project)
    ]


def excerpt(concept: Concept, project: Project) -> str:
    parts = [
        f"{t.language}: {t.text} — {t.definition}".rstrip(" —")
        for t in concept.ordered_terms(project.languages or [])
    ]
    return " · ".join(parts)[:EXCERPT]


def decide(project: Project, item: str, approve: bool, actor: User) -> bool | None:
    """Approve or reject a waiting entry; ``None`` for ids that are not the glossary's."""
    concept = waiting_concept(project, item)
    if concept is None:
        return None
    session = get_session()
    if approve:
        check_blockers(session, project, concept)
    concept.publication = PUBLIC if approve else MEMBERS
    concept.publication_requested_at = None
    from .services import refresh

    refresh(session, project)  # search visibility and pages' tooltips follow
    return True


def waiting_concept(project: Project, item: str) -> Concept | None:
    kind, _sep, pk = item.partition(":")
    if kind != TYPE or not pk.isdigit():
        return None
    concept = get_session().get(Concept, int(pk))
    if concept is None or concept.project_id != project.id:
        return None
    return concept if concept.publication == WAITING else None


def check_blockers(session: Session, project: Project, concept: Concept) -> None:
    """Refuse, with the reasons, when the entry shows a pupil without public consent."""
    from etwincms.moderation.consent import refuse_if_blocked

    refuse_if_blocked(session, project, [item_id(concept)])
