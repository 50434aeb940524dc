"""Registries built once at start-up from the ``register_*`` hooks.

They are frozen: nothing registers anything after ``create_app`` returns. Duplicate
names fail at start-up with a :class:`~etwincms.errors.StartupError` that names both
plugins, so a clash is found on the operator's first boot, not by a user.
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from types import MappingProxyType
from typing import Any, TypeVar

import pluggy

from .errors import StartupError
from .hooktypes import (
    BlockType,
    BlueprintSpec,
    ContentType,
    MigrationSource,
    Permission,
    PluginMeta,
    ProjectTemplate,
    SanitizerRules,
    SearchBackendSpec,
    SettingSpec,
)

T = TypeVar("T")


@dataclass(frozen=True)
class Named(Mapping[str, T]):
    """Items by name, and the plugin that declared each one."""

    by_name: Mapping[str, T]
    owner: Mapping[str, str]

    def __getitem__(self, name: str) -> T:
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(f"unknown name {name!r}") from None

    def __iter__(self) -> Iterator[str]:
        return iter(self.by_name)

    def __len__(self) -> int:
        return len(self.by_name)


class PermissionRegistry(Named[Permission]):
    """Capabilities by name; an unknown capability is a programming error."""

    def __getitem__(self, name: str) -> Permission:
        try:
            return self.by_name[name]
        except KeyError:
            raise KeyError(
                f"unknown capability {name!r}: declare it with register_permissions"
            ) from None

    def __iter__(self) -> Iterator[Any]:  # iterate the permissions themselves
        return iter(self.by_name.values())


@dataclass(frozen=True)
class Registries:
    """Everything plugins declared at start-up, validated."""

    plugins: Named[PluginMeta]
    permissions: PermissionRegistry
    settings: Mapping[str, tuple[SettingSpec, ...]]
    blueprints: tuple[tuple[str, BlueprintSpec], ...]
    migrations: Named[MigrationSource]
    content_types: Named[ContentType]
    block_types: Named[BlockType]
    sanitizer_rules: tuple[SanitizerRules, ...]
    search_backends: Named[SearchBackendSpec]
    project_templates: Named[ProjectTemplate]
    models: Mapping[str, tuple[type, ...]]


def contributions(
    manager: pluggy.PluginManager, hook_name: str, **arguments: Any
) -> Iterator[tuple[str, Any]]:
    """Each ``(plugin name, item)`` a startup hook returned, in registration order."""
    for impl in getattr(manager.hook, hook_name).get_hookimpls():
        result = impl.function(**{name: arguments.get(name) for name in impl.argnames})
        for item in result if isinstance(result, list | tuple) else [result]:
            if item is not None:
                yield impl.plugin_name, item


def by_name(
    pm: pluggy.PluginManager, hook_name: str, key: Callable[[Any], str], what: str
) -> Named[Any]:
    """Collect a startup hook into a name -> item mapping; duplicates stop the start-up."""
    items: dict[str, Any] = {}
    owner: dict[str, str] = {}
    for plugin_name, item in contributions(pm, hook_name):
        name = key(item)
        if name in items:
            raise StartupError(
                f"Duplicate {what} {name!r}: declared by {owner[name]!r} and {plugin_name!r}"
            )
        items[name], owner[name] = item, plugin_name
    return Named(MappingProxyType(items), MappingProxyType(owner))


def grouped(pm: pluggy.PluginManager, hook_name: str) -> dict[str, tuple[Any, ...]]:
    result: dict[str, list[Any]] = {}
    for plugin_name, item in contributions(pm, hook_name):
        result.setdefault(plugin_name, []).append(item)
    return {name: tuple(items) for name, items in result.items()}


def build_registries(pm: pluggy.PluginManager) -> Registries:
    """Call every startup hook once and validate what came back."""
    permissions = by_name(pm, "register_permissions", lambda p: p.name, "capability")
    settings = grouped(pm, "register_settings")
    check_setting_keys(settings)
    plugins = by_name(pm, "register_plugin", lambda m: m.name, "plugin")
    check_plugin_names(plugins)
    models = grouped(pm, "register_models")
    check_models(models)
    return Registries(
        plugins=plugins,
        permissions=PermissionRegistry(permissions.by_name, permissions.owner),
        settings=MappingProxyType(settings),
        blueprints=tuple(contributions(pm, "register_blueprints")),
        migrations=by_name(
            pm, "register_migrations", lambda m: m.branch, "migration branch"
        ),
        content_types=by_name(
            pm, "register_content_types", lambda c: c.name, "content type"
        ),
        block_types=by_name(pm, "register_block_types", lambda b: b.name, "block type"),
        sanitizer_rules=tuple(
            rule for _, rule in contributions(pm, "register_sanitizer_rules", pm=pm)
        ),
        search_backends=by_name(
            pm, "register_search_backends", lambda b: b.name, "search backend"
        ),
        project_templates=by_name(
            pm, "register_project_templates", lambda t: t.name, "space template"
        ),
        models=MappingProxyType(models),
    )


def check_setting_keys(settings: Mapping[str, tuple[SettingSpec, ...]]) -> None:
    for plugin_name, specs in settings.items():
        keys = [spec.key for spec in specs]
        duplicates = {key for key in keys if keys.count(key) > 1}
        if duplicates:
            raise StartupError(
                f"Plugin {plugin_name!r} declares setting(s) twice: {duplicates}"
            )


def check_plugin_names(plugins: Named[PluginMeta]) -> None:
    """A plugin describes itself, never another: its meta's name is its own."""
    for name, owner in plugins.owner.items():
        if name != owner:
            raise StartupError(
                f"Plugin {owner!r} registers itself as {name!r}: use its own name"
            )


def table_prefix(plugin_name: str) -> tuple[str, ...]:
    """A plugin's tables start with its name; a core facility's (``etwincms.phases.hooks``)
    with the facility's name or its singular (``phases_``, ``phase_``)."""
    from .plugins import CORE_PLUGINS

    if plugin_name in CORE_PLUGINS:
        area = plugin_name.split(".")[1]
        return (f"{area}_", f"{area.removesuffix('s')}_")
    return (f"{plugin_name}_",)


def check_models(models: Mapping[str, tuple[type, ...]]) -> None:
    """Plugin tables are prefixed with the plugin's name; no model has two owners."""
    owners: dict[str, str] = {}
    for plugin_name, classes in models.items():
        prefixes = table_prefix(plugin_name)
        for model in classes:
            table = getattr(model, "__tablename__", "")
            if not table.startswith(prefixes):
                raise StartupError(
                    f"Plugin {plugin_name!r}: table {table!r} must start with '{prefixes[0]}'"
                )
            if table in owners:
                raise StartupError(
                    f"Table {table!r} is claimed by {owners[table]!r} and {plugin_name!r}"
                )
            owners[table] = plugin_name
