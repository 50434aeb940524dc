"""The documented example plugin (``fieldtrip``) in the export: its public visits are
pages of the export, its members-only visits are not, and its pupils are not named."""

from __future__ import annotations

from typing import Any

import pytest

from etwincms.db import commit
from tests.fixtures.plugins import fieldtrip

from . import showcase
from .conftest import World
from .helpers import search_index


@pytest.fixture
def plugins() -> list[Any]:
    return [showcase, fieldtrip]


def test_public_visits_are_exported_and_private_ones_are_not(world: World) -> None:
    teacher, pupil = world.users["teacher"], world.users["maria"]
    public = fieldtrip.add_visit(
        world.session,
        world.project,
        teacher,
        "Farm visit",
        f"See [our welcome](/s/{world.project.slug}/welcome).",
        public=True,
    )
    fieldtrip.add_visit(
        world.session, world.project, teacher, "Bus plan", "PRIVATEPLAN"
    )
    by_pupil = fieldtrip.add_visit(
        world.session, world.project, pupil, "Market", "Fruit stalls.", public=True
    )
    fieldtrip.publish(world.session, world.project, by_pupil)  # a teacher approved it
    commit(world.session)
    files = world.build()
    visit = files[f"fieldtrip/visit-{public.id}.html"].decode()
    assert (
        '<a href="../pages/welcome.html" rel="noopener noreferrer">our welcome</a>'
        in visit
    )
    market = files[f"fieldtrip/visit-{by_pupil.id}.html"].decode()
    assert "By pupil, School ES, ES" in market
    assert not [path for path, data in files.items() if b"PRIVATEPLAN" in data]
    titles = {entry["title"] for entry in search_index(files)}
    assert {"Farm visit", "Market"} <= titles and "Bus plan" not in titles
    assert '">Field trips</h2>' in files["index.html"].decode()
