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
from sqlalchemy.orm import Session

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
    """The space's phases in time order, dissemination last (as the phases pages)."""
    from ..phases.models import Phase

    rows = session.execute(
        select(
            Phase.id,
            Phase.title,
            Phase.kind,
            Phase.mobility_id,
            Phase.starts_on,
            Phase.ends_on,
        )
        .where(Phase.project_id == project.id)
        .order_by(Phase.position, Phase.id)
    )
    found = [
        PhaseInfo(
            pid, title, str(getattr(kind, "value", kind)), mobility_id, start, end
        )
        for pid, title, kind, mobility_id, start, end in rows
    ]
    # Python's sort keeps the position order among equals, whichever way the
    # database sorts empty dates.
    return sorted(
        found, key=lambda p: (p.kind == "dissemination", p.starts_on or date.min)
    )


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
    """The space's mobilities by start date, with their participants' user ids.

    Two column queries: no user row (and so no name) is loaded.
    """
    from ..phases.models import Mobility, MobilityParticipant

    participants: dict[int, list[int]] = defaultdict(list)
    pairs = session.execute(
        select(MobilityParticipant.mobility_id, MobilityParticipant.user_id)
        .join(Mobility, Mobility.id == MobilityParticipant.mobility_id)
        .where(Mobility.project_id == project.id)
    )
    for mobility_id, user_id in pairs:
        participants[mobility_id].append(user_id)
    rows = session.execute(
        select(
            Mobility.id,
            Mobility.title,
            Mobility.host_school_id,
            Mobility.starts_on,
            Mobility.ends_on,
        )
        .where(Mobility.project_id == project.id)
        .order_by(Mobility.starts_on, Mobility.id)
    )
    return [
        MobilityInfo(*row, participant_ids=tuple(sorted(participants[row[0]])))
        for row in rows
    ]


def available() -> bool:
    """Whether the phases facility is installed (it is part of the core)."""
    try:
        from ..phases import models  # noqa: F401
    except ImportError:
        return False
    return True
