"""A test plugin that reports the contributions a test hands it (``space_contributions``).

It stands for every plugin at once: each item names the plugin it pretends to come from
(``forum``, ``gallery``...), which is what the Quality Label rules look at.
"""

from __future__ import annotations

from collections.abc import Iterable

from etwincms import hookimpl
from etwincms.hooktypes import Contribution, PluginMeta
from etwincms.models import Project


class Probe:
    """An instance per test: ``probe.items[project_id]`` is what the space reports."""

    PLUGIN = PluginMeta(name="probe", title="Probe", description="Test contributions.")

    def __init__(self) -> None:
        self.items: dict[int, list[Contribution]] = {}

    @hookimpl
    def register_plugin(self) -> PluginMeta:
        return self.PLUGIN

    @hookimpl
    def space_contributions(self, project: Project) -> Iterable[Contribution]:
        return list(self.items.get(project.id, []))
