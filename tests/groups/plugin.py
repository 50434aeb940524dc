"""A test plugin that hears ``groups_group_saved``, as the forum plugin would."""

from __future__ import annotations

from typing import Any

from etwincms import hookimpl
from etwincms.hooktypes import PluginMeta
from etwincms.models import Project, User


class Listener:
    """Records every ``groups_group_saved`` call: (group name, member ids, is_new)."""

    PLUGIN = PluginMeta(name="listener", title="Listener", description="Test plugin.")

    def __init__(self) -> None:
        self.heard: list[tuple[str, list[int], bool]] = []

    @hookimpl
    def register_plugin(self) -> PluginMeta:
        return self.PLUGIN

    @hookimpl(optionalhook=True)
    def groups_group_saved(
        self, project: Project, group: Any, user: User, is_new: bool
    ) -> None:
        self.heard.append((group.name, sorted(group.member_ids), is_new))
