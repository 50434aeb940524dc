"""The space's mobilities, phases and phase tags, read from :mod:`etwincms.phases`.

Phases are a core facility of their own; the report only reads them, in three queries
(mobilities with their participants, phases, tags), and turns them into plain records so
the rest of the report never touches their models.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass
from datetime import date

from sqlalchemy import select
from sqlalchemy.orm import Session, selectinload

from ..models import Project


@dataclass(frozen=True, slots=True)
class PhaseInfo:
    id: int
    title: str
    kind: str
    mobility_id: int | None
    starts_on: date | None
    ends_on: date | None


@dataclass(frozen=True, slots=True)
class MobilityInfo:
    id: int
    title: str
    host_school_id: int | None
    starts_on: date | None
    ends_on: date | None
    participant_ids: tuple[int, ...]


def phases(session: Session, project: Project) -> list[PhaseInfo]:
    """The space's phases in their order."""
    from ..phases.models import Phase

    found = session.scalars(
        select(Phase)
        .where(Phase.project_id == project.id)
        .order_by(Phase.starts_on, Phase.position, Phase.id)
    )
    return [
        PhaseInfo(
            phase.id,
            phase.title,
            str(getattr(phase.kind, "value", phase.kind)),
            phase.mobility_id,
            phase.starts_on,
            phase.ends_on,
        )
        for phase in found
    ]


def tags(session: Session, project: Project) -> dict[str, set[int]]:
    """Item id (``"<type>:<pk>"``) -> the ids of the phases it is tagged with."""
    from ..phases.models import PhaseTag

    rows = session.execute(
        select(PhaseTag.item_id, PhaseTag.phase_id).where(
            PhaseTag.project_id == project.id
        )
    )
    tagged: dict[str, set[int]] = defaultdict(set)
    for item_id, phase_id in rows:
        tagged[item_id].add(phase_id)
    return dict(tagged)


def mobilities(session: Session, project: Project) -> list[MobilityInfo]:
    """The space's mobilities by start date, with their participants' user ids."""
    from ..phases.models import Mobility

    found = session.scalars(
        select(Mobility)
        .where(Mobility.project_id == project.id)
        .options(selectinload(Mobility.participants))
        .order_by(Mobility.starts_on, Mobility.id)
    )
    return [
        MobilityInfo(
            mobility.id,
            mobility.title,
            mobility.host_school_id,
            mobility.starts_on,
            mobility.ends_on,
            tuple(sorted(participant_user_id(p) for p in mobility.participants)),
        )
        for mobility in found
    ]


def participant_user_id(participant: object) -> int:
    """Participants are users or memberships; both name the user."""
    user_id = getattr(participant, "user_id", None)
    return int(user_id if user_id is not None else participant.id)  # type: ignore[attr-defined]


def available() -> bool:
    """Whether the phases facility is installed (it is part of the core)."""
    try:
        from ..phases import models  # noqa: F401
    except ImportError:
        return False
    return True
