"""Phases of a space: listing them, the current one, the dissemination phase, editing.

The mobilities' phases come from :mod:`etwincms.phases.mobilities`; every space also has
one dissemination phase, made with the space (``project_created``; migration
``phases_0002`` made it for the spaces that existed before), spanning the project's
dates when the space has them, open-ended otherwise: reading the phases never writes. The current
phase is the mobility phase that contains the day and started last (a "during" wins
over the "before" it overlaps); dissemination is current when no mobility phase is.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session

from ..errors import NotFound, ValidationError
from ..models import Project, User
from ..permissions import require
from ..services import audit
from ..services.validation import required_text
from .mobilities import CAPABILITY, list_mobilities
from .models import Mobility, Phase, PhaseKind

DISSEMINATION_POSITION = 1000


@dataclass(frozen=True)
class MobilityPhases:
    """A mobility with its phases, in order, for the overview."""

    mobility: Mobility
    phases: list[Phase]


@dataclass(frozen=True)
class Overview:
    """Everything the phases page shows: mobilities, dissemination, the current phase."""

    mobilities: list[MobilityPhases]
    dissemination: Phase | None
    current: Phase | None


def list_phases(session: Session, project: Project) -> list[Phase]:
    """Every phase of the space, in time order (dissemination last)."""
    found = session.scalars(select(Phase).where(Phase.project_id == project.id))
    return sorted(found, key=time_order)


def time_order(phase: Phase) -> tuple[bool, date, int, int]:
    is_dissemination = phase.kind is PhaseKind.DISSEMINATION
    return (is_dissemination, phase.starts_on or date.min, phase.position, phase.id)


def get_phase(session: Session, project: Project, phase_id: int) -> Phase:
    phase = session.get(Phase, phase_id)
    if phase is None or phase.project_id != project.id:
        raise NotFound(str(phase_id))
    return phase


def dissemination_phase(session: Session, project: Project) -> Phase:
    """The space's dissemination phase, made now if it does not exist yet (when the
    space is created)."""
    found = find_dissemination(session, project)
    if found is not None:
        return found
    phase = Phase(
        project_id=project.id,
        kind=PhaseKind.DISSEMINATION,
        title=_("Dissemination"),
        starts_on=project.start_date,
        ends_on=project.end_date,
        position=DISSEMINATION_POSITION,
    )
    try:
        with session.begin_nested():
            session.add(phase)
    except IntegrityError:  # another request made it in the meantime: use theirs
        return find_dissemination(session, project)  # type: ignore[return-value]
    return phase


def find_dissemination(session: Session, project: Project) -> Phase | None:
    return session.scalar(
        select(Phase).where(
            Phase.project_id == project.id, Phase.kind == PhaseKind.DISSEMINATION
        )
    )


def current_phase(session: Session, project: Project, today: date) -> Phase | None:
    """The phase the space is in on ``today`` (``None`` when it is in none).

    An undated dissemination phase (every space has one from the start) is current
    only once a mobility has been and gone: a new space is in no phase yet.
    """
    phases = list_phases(session, project)
    mobility_phases = [p for p in phases if p.kind is not PhaseKind.DISSEMINATION]
    now = [p for p in mobility_phases if p.contains(today)]
    if now:
        return max(now, key=lambda p: (p.starts_on or date.min, p.position))
    ended = bool(mobility_phases)
    dissemination = [p for p in phases if p.kind is PhaseKind.DISSEMINATION]
    return next((p for p in dissemination if disseminating(p, today, ended)), None)


def disseminating(phase: Phase, today: date, mobilities_ended: bool) -> bool:
    """Whether the dissemination phase is on: inside its dates, or after the
    mobilities when it has no start date."""
    if not phase.contains(today):
        return False
    return phase.starts_on is not None or mobilities_ended


def overview(session: Session, project: Project, today: date) -> Overview:
    """The mobilities with their phases, the dissemination phase and the current one."""
    dissemination = find_dissemination(session, project)
    by_mobility: dict[int | None, list[Phase]] = {}
    for phase in list_phases(session, project):
        by_mobility.setdefault(phase.mobility_id, []).append(phase)
    rows = [
        MobilityPhases(mobility, by_mobility.get(mobility.id, []))
        for mobility in list_mobilities(session, project)
    ]
    return Overview(rows, dissemination, current_phase(session, project, today))


def update_phase(
    session: Session,
    actor: User,
    project: Project,
    phase: Phase,
    *,
    title: str,
    starts_on: date | None,
    ends_on: date | None,
) -> Phase:
    """Rename a phase or change its dates (mobility phases need both dates)."""
    require(actor, CAPABILITY, project)
    check_dates(phase, starts_on, ends_on)
    phase.title = required_text(title, "title", 200)
    phase.starts_on, phase.ends_on = starts_on, ends_on
    audit.record(session, actor, "phase.update", project, phase, title=phase.title)
    session.flush()
    return phase


def check_dates(phase: Phase, starts_on: date | None, ends_on: date | None) -> None:
    if phase.kind is not PhaseKind.DISSEMINATION and (
        starts_on is None or ends_on is None
    ):
        raise ValidationError(
            _("A phase of a mobility needs a first and a last day."), field="starts_on"
        )
    if starts_on and ends_on and ends_on < starts_on:
        raise ValidationError(
            _("The phase cannot end before it starts."), field="ends_on"
        )
