"""What the phases tables store about a person, for the export and erase privacy hooks.

Columns naming a person: ``phase_mobility.created_by_id``,
``phase_mobility_participant.user_id`` and ``phase_tag.tagged_by_id``. Erasing takes the
person off every mobility's participants and detaches them from the mobilities they
created and the items they filed (the mobilities and tags stay: they are the space's
shared record of its project, and name no one once the person is gone).
"""

from __future__ import annotations

from typing import Any

from sqlalchemy import delete, select, update

from ..db import get_session
from ..models import User
from .models import Mobility, MobilityParticipant, PhaseTag


def export(user: User) -> dict[str, Any]:
    """Mobilities created and taken part in, and items filed under phases."""
    session = get_session()
    created = session.scalars(select(Mobility).where(Mobility.created_by_id == user.id))
    joined = session.scalars(
        select(Mobility)
        .join(MobilityParticipant, MobilityParticipant.mobility_id == Mobility.id)
        .where(MobilityParticipant.user_id == user.id)
    )
    tags = session.scalars(select(PhaseTag).where(PhaseTag.tagged_by_id == user.id))
    return {
        "mobilities_created": [mobility_data(m) for m in created],
        "mobilities_joined": [mobility_data(m) for m in joined],
        "phase_tags": [
            {
                "phase_id": tag.phase_id,
                "item_id": tag.item_id,
                "tagged_at": tag.tagged_at.isoformat(),
            }
            for tag in tags
        ],
    }


def mobility_data(mobility: Mobility) -> dict[str, Any]:
    return {
        "id": mobility.id,
        "project_id": mobility.project_id,
        "title": mobility.title,
        "starts_on": mobility.starts_on.isoformat(),
        "ends_on": mobility.ends_on.isoformat(),
    }


def erase(user: User) -> None:
    """Take the person off mobilities; detach them from what they created or filed."""
    session = get_session()
    session.execute(
        delete(MobilityParticipant).where(MobilityParticipant.user_id == user.id)
    )
    session.execute(
        update(Mobility)
        .where(Mobility.created_by_id == user.id)
        .values(created_by_id=None)
    )
    session.execute(
        update(PhaseTag)
        .where(PhaseTag.tagged_by_id == user.id)
        .values(tagged_by_id=None)
    )
