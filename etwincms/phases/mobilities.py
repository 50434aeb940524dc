"""Mobilities of a space: create, change and delete them, with their phases.

Adding a mobility creates its before / during / after phases (dates from
:mod:`etwincms.phases.dates`); changing its dates moves the phases a teacher has not
edited and leaves the edited ones alone. Every change checks ``phases.manage``, and the
input is checked with errors a teacher can act on: the dates' order, a host school that
is a partner of the space, participants who are its members.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import date

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from .. import events
from ..db import utcnow
from ..errors import NotFound, ValidationError
from ..models import Membership, MembershipStatus, Project, ProjectSchool, User
from ..permissions import require
from ..services import audit
from ..services.validation import is_database_id, required_text
from .dates import DateRange, default_ranges
from .models import Mobility, MobilityParticipant, Phase, PhaseKind

CAPABILITY = "phases.manage"
MOBILITY_KINDS = (PhaseKind.BEFORE, PhaseKind.DURING, PhaseKind.AFTER)


@dataclass(frozen=True)
class MobilityInput:
    """What a teacher gives for a mobility (from the form or the API)."""

    title: str
    host_school_id: int | None
    starts_on: date | None
    ends_on: date | None
    participant_ids: frozenset[int] = field(default_factory=frozenset)


def parse_day(value: str | date | None, field_name: str) -> date | None:
    """A date from ``YYYY-MM-DD`` (empty: ``None``), with a clear error otherwise."""
    if value is None or isinstance(value, date):
        return value
    try:
        return date.fromisoformat(value.strip()) if value.strip() else None
    except ValueError:
        raise ValidationError(
            _("Use a date like 2026-03-01."), field=field_name
        ) from None


def list_mobilities(session: Session, project: Project) -> list[Mobility]:
    """The space's mobilities, earliest first."""
    return list(
        session.scalars(
            select(Mobility)
            .where(Mobility.project_id == project.id)
            .order_by(Mobility.starts_on, Mobility.id)
        )
    )


def get_mobility(session: Session, project: Project, mobility_id: int) -> Mobility:
    mobility = session.get(Mobility, mobility_id)
    if mobility is None or mobility.project_id != project.id:
        raise NotFound(str(mobility_id))
    return mobility


def create_mobility(
    session: Session, actor: User, project: Project, data: MobilityInput
) -> Mobility:
    """Add a mobility and its before / during / after phases."""
    require(actor, CAPABILITY, project)
    starts_on, ends_on = check_input(session, project, data)
    mobility = Mobility(
        project_id=project.id,
        title=required_text(data.title, "title", 200),
        host_school_id=data.host_school_id,
        starts_on=starts_on,
        ends_on=ends_on,
        created_by_id=actor.id,
    )
    mobility.participants = participants(data.participant_ids)
    session.add(mobility)
    session.flush()
    ranges = default_ranges(
        starts_on, ends_on, previous_end(session, project, starts_on)
    )
    add_phases(session, project, mobility, ranges)
    saved(session, actor, project, mobility, is_new=True)
    return mobility


def update_mobility(
    session: Session,
    actor: User,
    project: Project,
    mobility: Mobility,
    data: MobilityInput,
) -> Mobility:
    """Change a mobility; its phases that still have their default dates follow."""
    require(actor, CAPABILITY, project)
    starts_on, ends_on = check_input(session, project, data, current=mobility)
    earlier = previous_end(session, project, mobility.starts_on, exclude=mobility.id)
    old = default_ranges(mobility.starts_on, mobility.ends_on, earlier)
    mobility.title = required_text(data.title, "title", 200)
    mobility.host_school_id = data.host_school_id
    mobility.starts_on, mobility.ends_on = starts_on, ends_on
    set_participants(mobility, data.participant_ids)
    mobility.updated_at = utcnow()
    earlier = previous_end(session, project, starts_on, exclude=mobility.id)
    move_untouched_phases(
        session, mobility, old, default_ranges(starts_on, ends_on, earlier)
    )
    saved(session, actor, project, mobility, is_new=False)
    return mobility


def delete_mobility(
    session: Session, actor: User, project: Project, mobility: Mobility
) -> None:
    """Delete a mobility with its phases; the tagged items themselves stay."""
    require(actor, CAPABILITY, project)
    for phase in mobility_phases(session, mobility):
        session.delete(phase)
    audit.record(
        session, actor, "mobility.delete", project, mobility, title=mobility.title
    )
    session.delete(mobility)
    session.flush()


def check_input(
    session: Session,
    project: Project,
    data: MobilityInput,
    current: Mobility | None = None,
) -> DateRange:
    """The mobility's dates, once everything in ``data`` is known to be valid.

    A change may keep what the mobility already had (a host school that has left the
    partners, participants who have left the space): history is not rewritten.
    """
    if data.starts_on is None:
        raise ValidationError(_("Give the day the mobility starts."), field="starts_on")
    if data.ends_on is None:
        raise ValidationError(_("Give the day the mobility ends."), field="ends_on")
    if data.ends_on < data.starts_on:
        raise ValidationError(
            _("The mobility cannot end before it starts."), field="ends_on"
        )
    if current is None or data.host_school_id != current.host_school_id:
        check_host_school(session, project, data.host_school_id)
    kept = current.participant_ids if current is not None else set()
    check_participants(session, project, set(data.participant_ids) - kept)
    return data.starts_on, data.ends_on


def check_host_school(
    session: Session, project: Project, school_id: int | None
) -> None:
    if school_id is None:
        raise ValidationError(_("Choose the host school."), field="host_school_id")
    if (
        not is_database_id(school_id)
        or session.get(ProjectSchool, (project.id, school_id)) is None
    ):
        raise ValidationError(
            _("The host school must be one of the space's partner schools."),
            field="host_school_id",
        )


def check_participants(
    session: Session, project: Project, user_ids: Iterable[int]
) -> None:
    wanted = set(user_ids)
    if not all(is_database_id(user_id) for user_id in wanted):
        raise ValidationError(
            _("Participants must be members of the space."), field="participant_ids"
        )
    members = set(
        session.scalars(
            select(Membership.user_id).where(
                Membership.project_id == project.id,
                Membership.user_id.in_(wanted),
                Membership.status == MembershipStatus.ACTIVE,
            )
        )
    )
    if wanted - members:
        raise ValidationError(
            _("Participants must be members of the space."), field="participant_ids"
        )


def participants(user_ids: Iterable[int]) -> list[MobilityParticipant]:
    return [MobilityParticipant(user_id=user_id) for user_id in sorted(set(user_ids))]


def set_participants(mobility: Mobility, user_ids: Iterable[int]) -> None:
    """Keep the rows of those who stay, add the newcomers, drop the others."""
    wanted = set(user_ids)
    staying = [row for row in mobility.participants if row.user_id in wanted]
    newcomers = participants(wanted - {row.user_id for row in staying})
    mobility.participants = staying + newcomers


def previous_end(
    session: Session, project: Project, starts_on: date, exclude: int | None = None
) -> date | None:
    """The end of the latest mobility phase that ends before ``starts_on``."""
    query = select(func.max(Phase.ends_on)).where(
        Phase.project_id == project.id,
        Phase.mobility_id.is_not(None),
        Phase.ends_on < starts_on,
    )
    if exclude is not None:
        query = query.where(Phase.mobility_id != exclude)
    return session.scalar(query)


def add_phases(
    session: Session,
    project: Project,
    mobility: Mobility,
    ranges: dict[PhaseKind, DateRange],
) -> None:
    titles = default_titles(mobility.title)
    for position, kind in enumerate(MOBILITY_KINDS):
        starts_on, ends_on = ranges[kind]
        session.add(
            Phase(
                project_id=project.id,
                kind=kind,
                mobility_id=mobility.id,
                title=titles[kind],
                starts_on=starts_on,
                ends_on=ends_on,
                position=position,
            )
        )
    session.flush()


def default_titles(mobility_title: str) -> dict[PhaseKind, str]:
    return {
        PhaseKind.BEFORE: _("Before: %(title)s", title=mobility_title),
        PhaseKind.DURING: _("During: %(title)s", title=mobility_title),
        PhaseKind.AFTER: _("After: %(title)s", title=mobility_title),
    }


def mobility_phases(session: Session, mobility: Mobility) -> list[Phase]:
    return list(
        session.scalars(
            select(Phase)
            .where(Phase.mobility_id == mobility.id)
            .order_by(Phase.position)
        )
    )


def move_untouched_phases(
    session: Session,
    mobility: Mobility,
    old: dict[PhaseKind, DateRange],
    new: dict[PhaseKind, DateRange],
) -> None:
    """Phases whose dates are still the old defaults take the new ones."""
    for phase in mobility_phases(session, mobility):
        if phase.kind in old and (phase.starts_on, phase.ends_on) == old[phase.kind]:
            phase.starts_on, phase.ends_on = new[phase.kind]


def saved(
    session: Session, actor: User, project: Project, mobility: Mobility, *, is_new: bool
) -> None:
    action = "mobility.create" if is_new else "mobility.update"
    audit.record(session, actor, action, project, mobility, title=mobility.title)
    session.flush()
    events.queue(
        session,
        "mobility_saved",
        project,
        project=project,
        mobility=mobility,
        user=actor,
        is_new=is_new,
    )
