"""A space with a mobility running today and items of every kind filed under its phases.

The pupil wrote a public note, a members-only note and a secret note (only site admins
may read it); the admin wrote a public page. Everything is filed under the "during"
phase, so phase views and the API can be checked for who sees what.
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import timedelta

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit, utcnow
from etwincms.hooktypes import Contribution
from etwincms.models import Visibility
from etwincms.phases import mobilities, tagging
from etwincms.phases.mobilities import MobilityInput
from etwincms.phases.models import Mobility, Phase, PhaseKind
from etwincms.services import pages
from etwincms.testing import SpaceWithMembers

from .plugin import ItemsPlugin


@dataclass
class World:
    space: SpaceWithMembers
    mobility: Mobility
    during: Phase
    public_note: Contribution
    members_note: Contribution
    secret_note: Contribution
    page_id: str

    @property
    def slug(self) -> str:
        return self.space.project.slug


def build_world(
    session: Session, space: SpaceWithMembers, plugin: ItemsPlugin
) -> World:
    project, users = space.project, space.users
    today = utcnow().date()
    mobility = mobilities.create_mobility(
        session,
        users["teacher"],
        project,
        MobilityInput(
            title="Visit to Berlin",
            host_school_id=users["teacher"].school_id,
            starts_on=today - timedelta(days=2),
            ends_on=today + timedelta(days=3),
            participant_ids=frozenset({users["pupil"].id}),
        ),
    )
    page = pages.create_page(session, users["admin"], project, title="Our results")
    pages.set_page_access(
        session, users["admin"], project, page, visibility=Visibility.PUBLIC
    )
    pupil = users["pupil"]
    world = World(
        space,
        mobility,
        session.scalar(
            select(Phase).where(
                Phase.mobility_id == mobility.id, Phase.kind == PhaseKind.DURING
            )
        ),
        plugin.add(project, pupil, "Public diary", public=True),
        plugin.add(project, pupil, "Class diary"),
        plugin.add(project, pupil, "Secret diary", type="notes_secret"),
        f"page:{page.id}",
    )
    ids = [world.public_note.id, world.members_note.id, world.secret_note.id]
    tagging.tag_items(
        session, users["teacher"], project, world.during, [*ids, world.page_id]
    )
    commit(session)
    return world
