"""Fixtures of the phases suite: a space with two partner schools and a test plugin."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.services import spaces
from etwincms.testing import Factory, SpaceWithMembers

from .plugin import ItemsPlugin


@pytest.fixture
def items_plugin() -> ItemsPlugin:
    return ItemsPlugin()


@pytest.fixture
def plugins(items_plugin: ItemsPlugin) -> list[Any]:
    return [items_plugin]


@pytest.fixture
def partnered(
    session: Session, make: Factory, space: SpaceWithMembers
) -> SpaceWithMembers:
    """The ``space`` fixture with the partner teacher's school ("de") as a partner."""
    admin = space.users["admin"]
    spaces.add_partner_school(session, admin, space.project, make.school("de"))
    space.project.is_public = True
    commit(session)
    return space
