"""Fixtures of the phases suite: a space with two partner schools and a test plugin.

Core facilities own tables prefixed with the facility's name (``phase_``), not with
their hooks module's dotted name; until the registry accepts that (the phases report
describes the change), apps start here with that rule, as the moderation and reports
suites do.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest
from sqlalchemy.orm import Session

from etwincms import registry
from etwincms.db import commit
from etwincms.errors import StartupError
from etwincms.plugins import CORE_PLUGINS
from etwincms.services import spaces
from etwincms.testing import Factory, SpaceWithMembers

from .plugin import ItemsPlugin


def table_prefixes(plugin_name: str) -> tuple[str, ...]:
    """``etwincms.phases.hooks`` -> ``phases_`` or ``phase_``; a plugin's own name else."""
    if plugin_name in CORE_PLUGINS:
        area = plugin_name.split(".")[1]
        return (f"{area}_", f"{area.rstrip('s')}_")
    return (f"{plugin_name}_",)


def check_models(models: Mapping[str, tuple[type, ...]]) -> None:
    owners: dict[str, str] = {}
    for plugin_name, classes in models.items():
        for model in classes:
            table = getattr(model, "__tablename__", "")
            if not table.startswith(table_prefixes(plugin_name)):
                raise StartupError(
                    f"Plugin {plugin_name!r}: table {table!r} is misnamed"
                )
            if table in owners:
                raise StartupError(f"Table {table!r} is claimed twice")
            owners[table] = plugin_name


@pytest.fixture(autouse=True)
def core_facility_tables(monkeypatch: pytest.MonkeyPatch) -> None:
    if "table_prefix" not in vars(registry):  # the lead's fix is not in yet
        monkeypatch.setattr(registry, "check_models", check_models)


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
