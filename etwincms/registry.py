"""Registries built once at start-up from the ``register_*`` hooks.

They are frozen: nothing registers anything after ``create_app`` returns. Duplicate
names fail at start-up with a :class:`~etwincms.errors.StartupError` that names both
plugins, so a clash is found on the operator's first boot, not by a user.
"""

from __future__ import annotations

from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType

import pluggy

from .errors import StartupError
from .hooktypes import Permission


@dataclass(frozen=True)
class PermissionRegistry:
    """Every declared capability by name, and which plugin declared it."""

    by_name: Mapping[str, Permission]
    owner: Mapping[str, str]

    def __getitem__(self, name: str) -> Permission:
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(
                f"unknown capability {name!r}: declare it with register_permissions"
            ) from None

    def __contains__(self, name: object) -> bool:
        return name in self.by_name

    def __iter__(self) -> Iterator[Permission]:
        return iter(self.by_name.values())


def build_permission_registry(pm: pluggy.PluginManager) -> PermissionRegistry:
    by_name: dict[str, Permission] = {}
    owner: dict[str, str] = {}
    for impl in pm.hook.register_permissions.get_hookimpls():
        plugin_name = impl.plugin_name
        for permission in impl.function() or []:
            if permission.name in by_name:
                raise StartupError(
                    f"Duplicate capability {permission.name!r}: declared by "
                    f"{owner[permission.name]!r} and {plugin_name!r}"
                )
            by_name[permission.name] = permission
            owner[permission.name] = plugin_name
    return PermissionRegistry(MappingProxyType(by_name), MappingProxyType(owner))
