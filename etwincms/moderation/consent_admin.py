"""Recording consent and who is shown: the checks that decide who may do it.

Parents give consent to the school, so a pupil's level is recorded by a teacher of that
pupil's school (the school the teacher takes part for in this space), whatever the role;
site admins may correct any. Every change writes an audit entry (the consent's history),
and the caller commits.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from ..db import utcnow
from ..errors import PermissionDenied, ValidationError
from ..models import AuditEntry, Membership, Project, User, UserKind
from ..permissions import require
from ..services import audit
from .consent import consent_record, record_shown, shown_pupil_ids
from .models import Consent, ConsentLevel
from .scope import own_school_id

MAX_NOTE = 1000


@dataclass(frozen=True)
class PupilConsent:
    """A pupil of the space with their recorded consent (``None``: never recorded) and
    its history, newest first (audit entries: level, previous level, note, who, when)."""

    pupil: User
    consent: Consent | None
    history: tuple[AuditEntry, ...] = ()

    @property
    def level(self) -> ConsentLevel:
        return self.consent.level if self.consent else ConsentLevel.NONE


def level_labels() -> dict[str, str]:
    """What each level means, in the reader's language."""
    return {
        ConsentLevel.NONE.value: _("No consent: never shown"),
        ConsentLevel.MEMBERS.value: _("Members of the space only"),
        ConsentLevel.PUBLIC.value: _("Public: may appear in public content"),
    }


def space_pupils(session: Session, project: Project) -> list[User]:
    """Every pupil member of the space, by name."""
    return list(
        session.scalars(
            select(User)
            .join(Membership, Membership.user_id == User.id)
            .where(Membership.project_id == project.id, User.kind == UserKind.PUPIL)
            .order_by(User.display_name, User.id)
        )
    )


def records_for(actor: User, project: Project, pupil: User) -> bool:
    """A teacher records consent for the pupils of their own school only."""
    if actor.is_site_admin:
        return True
    school_id = own_school_id(actor, project)
    return school_id is not None and pupil.school_id == school_id


def consent_list(session: Session, actor: User, project: Project) -> list[PupilConsent]:
    """The space's pupils whose consent ``actor`` records, with their levels."""
    require(actor, "moderation.consent", project)
    pupils = [
        p for p in space_pupils(session, project) if records_for(actor, project, p)
    ]
    history = consent_history(session, [pupil.id for pupil in pupils])
    return [
        PupilConsent(
            pupil, consent_record(session, pupil), tuple(history.get(pupil.id, ()))
        )
        for pupil in pupils
    ]


def consent_history(
    session: Session, pupil_ids: list[int]
) -> dict[int, list[AuditEntry]]:
    """Every recorded change of these pupils' consent, in any space, newest first."""
    history: dict[int, list[AuditEntry]] = {}
    if not pupil_ids:
        return history
    entries = session.scalars(
        select(AuditEntry)
        .where(
            AuditEntry.action == "moderation.consent",
            AuditEntry.object_type == "user",
            AuditEntry.object_id.in_(pupil_ids),
        )
        .order_by(AuditEntry.at.desc(), AuditEntry.id.desc())
    )
    for entry in entries:
        history.setdefault(entry.object_id or 0, []).append(entry)
    return history


def set_consent(
    session: Session,
    actor: User,
    project: Project,
    pupil: User,
    level: ConsentLevel,
    note: str = "",
) -> Consent:
    """Record ``pupil``'s consent level (site-wide); the caller commits."""
    require(actor, "moderation.consent", project)
    if pupil.id not in {p.id for p in space_pupils(session, project)}:
        raise ValidationError(
            _("This person is not a pupil of this space."), field="pupil"
        )
    if not records_for(actor, project, pupil):
        raise PermissionDenied(
            "moderation.consent",
            _("Only a teacher of the pupil's school records consent."),
        )
    consent = consent_record(session, pupil) or Consent(pupil_id=pupil.id)
    previous = consent.level.value if consent.id else None
    consent.level, consent.note = level, note.strip()[:MAX_NOTE]
    consent.recorded_by_id, consent.recorded_at = actor.id, utcnow()
    session.add(consent)
    session.flush()
    audit.record(
        session,
        actor,
        "moderation.consent",
        project,
        pupil,
        level=level.value,
        previous=previous,
        note=consent.note,
    )
    return consent


def set_shown(
    session: Session,
    actor: User,
    project: Project,
    item_id: str,
    pupil_ids: Iterable[int],
) -> None:
    """A teacher records which pupils ``item_id`` shows; the caller commits."""
    require(actor, "moderation.shown", project)
    check_item_id(item_id)
    wanted = set(pupil_ids)
    before = shown_pupil_ids(session, project, item_id)
    record_shown(session, project, item_id, wanted)
    audit.record(
        session,
        actor,
        "moderation.shown",
        project,
        None,
        item_id=item_id,
        added=sorted(wanted - before),
        removed=sorted(before - wanted),
    )


def check_item_id(item_id: str) -> None:
    kind, sep, pk = item_id.partition(":")
    if not (kind and sep and pk) or len(item_id) > 120:
        raise ValidationError(
            _("Name the item as type:number, for example page:3."), "item"
        )
