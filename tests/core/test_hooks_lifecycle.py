"""The project lifecycle hooks, exercised for real with the ``fieldtrip`` example plugin.

One ``test_hook_<name>`` per hook of the "Project lifecycle" family (``test_hooks.py``
checks that every hookspec has one, here or there). Contributions are gathered as the
report pack gathers them, waiting items go through the moderation queue, and events are
queued and dispatched as the core does; where a caller (the exporter) is not there yet,
the hook is called through ``project_hooks(project)`` as such callers do, and its
effects are checked in the database. Spaces start with no plugin on; each test switches
``fieldtrip`` on.
"""

from __future__ import annotations

import re
from dataclasses import replace
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms import events
from etwincms.db import commit
from etwincms.errors import ValidationError
from etwincms.hooktypes import Contribution, ExportPage, PendingPublication
from etwincms.models import Project
from etwincms.moderation import queue
from etwincms.moderation.consent import record_shown
from etwincms.phases import mobilities
from etwincms.phases.mobilities import MobilityInput
from etwincms.plugins import project_hooks
from etwincms.reports import service as reports
from etwincms.services import plugins as switches
from etwincms.testing import Factory, SpaceWithMembers
from tests.fixtures.plugins import fieldtrip
from tests.fixtures.plugins.fieldtrip import Visit, add_visit


@pytest.fixture
def plugins() -> list[Any]:
    return [fieldtrip]


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "DEFAULT_PLUGINS": []}


@pytest.fixture
def trips(session: Session, space: SpaceWithMembers) -> SpaceWithMembers:
    """The test space with ``fieldtrip`` on: a teacher's public visit, a pupil's request."""
    switches.enable_plugin(session, space.users["admin"], space.project, "fieldtrip")
    space.project.is_public = True
    add_visit(session, space.project, space.users["teacher"], "Museum", public=True)
    add_visit(
        session,
        space.project,
        space.users["pupil"],
        "Beach",
        "We saw *crabs*.",
        public=True,
    )
    add_visit(session, space.project, space.users["pupil"], "Notes for us")
    commit(session)
    return space


@pytest.fixture
def quiet(session: Session, make: Factory, space: SpaceWithMembers) -> Project:
    """A second space of the same admin, where ``fieldtrip`` is off."""
    project = make.space(space.users["admin"], title="Quiet space")
    commit(session)
    return project


def visit(session: Session, title: str) -> Visit:
    return session.scalars(select(Visit).where(Visit.title == title)).one()


def flat(batches: list[Any]) -> list[Any]:
    return [item for batch in batches for item in batch or ()]


def waiting_ids(
    session: Session, space: SpaceWithMembers, project: Project
) -> list[str]:
    """What the space's moderation queue shows its admin."""
    entries = queue.waiting(session, space.users["admin"], project)
    return [entry.item_id for entry in entries]


def decide(project: Project, item_id: str, approve: bool, actor: Any) -> Any:
    return project_hooks(project).decide_publication(
        project=project, item_id=item_id, approve=approve, actor=actor
    )


def test_hook_space_contributions(
    session: Session, trips: SpaceWithMembers, quiet: Project
) -> None:
    project = trips.project
    batches = project_hooks(project).space_contributions(project=project)
    mine = [c for c in flat(batches) if c.plugin == "fieldtrip"]
    assert all(isinstance(c, Contribution) for c in mine)
    assert {(c.title, c.public, c.output) for c in mine} == {
        ("Museum", True, True),
        ("Beach", False, False),  # requested by a pupil: members-only until approved
        ("Notes for us", False, False),
    }
    museum = visit(session, "Museum")
    assert f"fieldtrip_visit:{museum.id}" in {c.id for c in mine}
    assert all(c.created_at.tzinfo is not None for c in mine)
    reported = [c for c in reports.contributions(project) if c.plugin == "fieldtrip"]
    assert sorted(reported, key=lambda c: c.id) == sorted(mine, key=lambda c: c.id)
    assert [c for c in reports.contributions(quiet) if c.plugin == "fieldtrip"] == []


def test_hook_pending_publications(
    session: Session, trips: SpaceWithMembers, quiet: Project
) -> None:
    project = trips.project
    beach = visit(session, "Beach")
    batches = project_hooks(project).pending_publications(project=project)
    pending = [p for p in flat(batches) if p.item.plugin == "fieldtrip"]
    assert all(isinstance(p, PendingPublication) for p in pending)
    assert [(p.item.id, p.item.author_id, p.excerpt) for p in pending] == [
        (beach.item_id, trips.users["pupil"].id, "We saw *crabs*.")
    ]  # the teacher's public visit did not wait, nor the pupil's members-only one
    assert pending[0].requested_at.tzinfo is not None
    assert not pending[0].item.public
    assert waiting_ids(session, trips, project) == [beach.item_id]
    # The partner school's teacher does not look after the admin school's pupils.
    assert queue.waiting(session, trips.users["teacher"], project) == []
    assert waiting_ids(session, trips, quiet) == []


def test_hook_decide_publication(session: Session, trips: SpaceWithMembers) -> None:
    project, admin = trips.project, trips.users["admin"]
    beach = visit(session, "Beach")
    assert decide(project, "fieldtrip_visit:999999", True, admin) is None
    assert decide(project, "gallery_photo:1", True, admin) is None
    record_shown(session, project, beach.item_id, [trips.users["pupil"].id])
    commit(session)
    with pytest.raises(ValidationError, match="without consent for public use"):
        queue.decide(session, admin, project, beach.item_id, approve=True)
    assert not visit(session, "Beach").public
    assert waiting_ids(session, trips, project) == [beach.item_id]  # still waiting
    record_shown(session, project, beach.item_id, [])
    commit(session)
    queue.decide(session, admin, project, beach.item_id, approve=True)
    assert visit(session, "Beach").public
    notes = visit(session, "Notes for us")
    fieldtrip.make_public_or_request(session, project, notes, trips.users["pupil"])
    commit(session)
    assert waiting_ids(session, trips, project) == [notes.item_id]
    queue.decide(session, admin, project, notes.item_id, approve=False, reason="Later")
    assert not visit(session, "Notes for us").public
    assert waiting_ids(session, trips, project) == []  # rejected: members-only, done


def test_hook_public_export(
    session: Session, trips: SpaceWithMembers, quiet: Project
) -> None:
    project, pupil = trips.project, trips.users["pupil"]
    add_visit(
        session, project, trips.users["admin"], "Farm", "<script>x()</script>**Cows**"
    ).public = True
    beach = visit(session, "Beach")
    decide(project, beach.item_id, True, trips.users["teacher"])
    commit(session)
    pages = flat(project_hooks(project).public_export(project=project))
    assert all(isinstance(page, ExportPage) for page in pages)
    assert sorted(page.title for page in pages) == ["Beach", "Farm", "Museum"]
    assert all(re.fullmatch(r"fieldtrip/visit-\d+\.html", page.path) for page in pages)
    html = " ".join(page.html for page in pages)
    everything = html + " ".join(page.text for page in pages)
    assert pupil.display_name not in everything and pupil.username not in everything
    assert "pupil, " in html  # the pupil is named by school and country
    assert "<script" not in html and "<strong>Cows</strong>" in html
    assert "http" not in everything
    assert flat(project_hooks(quiet).public_export(project=quiet)) == []


def test_hook_space_template_applied(
    session: Session, trips: SpaceWithMembers, make: Factory, quiet: Project
) -> None:
    admin = trips.users["admin"]
    fresh = make.space(admin, title="Erasmus space")
    switches.enable_plugin(session, admin, fresh, "fieldtrip")
    commit(session)
    for project in (fresh, fresh, trips.project, quiet):  # twice: no second starter
        events.queue(
            session,
            "space_template_applied",
            project,
            project=project,
            template="erasmus_blended",
            user=admin,
        )
        commit(session)
    starters = session.scalars(
        select(Visit.project_id).where(Visit.title == "Plan our field trip")
    ).all()
    assert starters == [fresh.id]  # not where visits exist, nor where it is off
    events.queue(
        session,
        "space_template_applied",
        fresh,
        project=fresh,
        template="blank",
        user=admin,
    )
    commit(session)
    assert (
        len(session.scalars(select(Visit).where(Visit.project_id == fresh.id)).all())
        == 1
    )


def test_hook_mobility_saved(session: Session, trips: SpaceWithMembers) -> None:
    project, admin = trips.project, trips.users["admin"]
    data = MobilityInput(
        "Lyon, March", admin.school_id, date(2027, 3, 1), date(2027, 3, 12)
    )
    mobility = mobilities.create_mobility(session, admin, project, data)
    commit(session)
    mobilities.update_mobility(
        session, admin, project, mobility, replace(data, title="Lyon, spring")
    )
    commit(session)
    made = session.scalars(select(Visit).where(Visit.mobility_id == mobility.id)).all()
    assert [(v.title, v.author_id) for v in made] == [
        ("Field trip during Lyon, March", admin.id)
    ]  # one visit for the new mobility, none for the change
