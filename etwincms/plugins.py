"""Building the plugin manager, and calling hooks for one space.

One ``pluggy.PluginManager`` per application, built in ``create_app``. The core's own
contributions live in the :data:`CORE_PLUGINS` modules and go through the same hooks as a
third party's. Installed plugins are discovered through the :data:`ENTRY_POINT_GROUP`
entry points; plugins not allowed by ``PLUGINS`` are blocked *before* import, and
``SAFE_MODE`` boots the core alone.
"""

from __future__ import annotations

import importlib
import sys
from collections.abc import Callable, Iterable, Mapping
from importlib.metadata import entry_points
from types import ModuleType
from typing import Any, NamedTuple

import pluggy
from flask import g

from . import hookspecs
from .errors import StartupError

ENTRY_POINT_GROUP = "etwincms.plugins"

#: Core modules implementing the core's own contributions; they cannot be disabled.
CORE_PLUGINS: tuple[str, ...] = (
    "etwincms.core_plugins.permissions",
    "etwincms.core_plugins.navigation",
    "etwincms.core_plugins.privacy",
    "etwincms.core_plugins.templates",
    "etwincms.core_plugins.search",
    "etwincms.core_plugins.contributions",
    "etwincms.phases.hooks",
    "etwincms.moderation.hooks",
    "etwincms.reports.hooks",
    "etwincms.export.hooks",
    "etwincms.archive.hooks",
    "etwincms.groups.hooks",
)


def build_plugin_manager(
    config: Mapping[str, Any], plugins: Iterable[ModuleType | object] | None = None
) -> pluggy.PluginManager:
    """Create the manager, register core plugins, then the allowed installed plugins.

    :param plugins: When given (tests do this), exactly these plugin objects are
        registered after the core ones and entry points are not consulted.
    """
    pm = pluggy.PluginManager("etwincms")
    pm.add_hookspecs(hookspecs)
    pm.hook.register_hookspecs.call_historic(kwargs={"pm": pm})
    for name in CORE_PLUGINS:
        pm.register(importlib.import_module(name), name=name)
    if plugins is not None:
        for plugin in plugins:
            pm.register(plugin, name=plugin_name(plugin))
    elif not config.get("SAFE_MODE"):
        load_installed_plugins(pm, config.get("PLUGINS"))
    check_plugins(pm)
    if config.get("TRACE_HOOKS"):
        pm.add_hookcall_monitoring(trace_before, trace_after)
    return pm


def plugin_name(plugin: object) -> str:
    """The name a plugin registers under: its ``PLUGIN.name`` (as its entry point),
    else ``PLUGIN_NAME``, else the last part of its module name."""
    meta = getattr(plugin, "PLUGIN", None)
    explicit = getattr(meta, "name", None) or getattr(plugin, "PLUGIN_NAME", None)
    return explicit or getattr(plugin, "__name__", repr(plugin)).rpartition(".")[2]


def load_installed_plugins(pm: pluggy.PluginManager, allowed: Any) -> None:
    """Load entry-point plugins; names outside ``allowed`` are never imported."""
    if allowed is not None:
        allowed_names = {allowed} if isinstance(allowed, str) else set(allowed)
        for ep in entry_points(group=ENTRY_POINT_GROUP):
            if ep.name not in allowed_names:
                pm.set_blocked(ep.name)
    pm.load_setuptools_entrypoints(ENTRY_POINT_GROUP)


def check_plugins(pm: pluggy.PluginManager) -> None:
    """Unknown hooks, names that disagree with their entry point, missing requirements."""
    try:
        pm.check_pending()
    except pluggy.PluginValidationError as exc:
        raise StartupError(
            f"Plugin {exc.plugin!r} implements an unknown hook: {exc}"
        ) from exc
    loaded = {pm.get_name(plugin) for plugin in pm.get_plugins()}
    for plugin in pm.get_plugins():
        meta = getattr(plugin, "PLUGIN", None)
        name = pm.get_name(plugin)
        if meta is None:
            continue
        if meta.name != name:
            raise StartupError(
                f"Plugin {name!r} calls itself {meta.name!r}: make them equal"
            )
        missing = [required for required in meta.requires if required not in loaded]
        if missing:
            raise StartupError(
                f"Plugin {name!r} requires {missing}, which are not loaded"
            )


def trace_before(hook_name: str, hook_impls: list[Any], kwargs: dict[str, Any]) -> None:
    names = ", ".join(impl.plugin_name for impl in hook_impls)
    print(
        f"[etwincms hook] {hook_name}({', '.join(kwargs)}) -> {names}", file=sys.stderr
    )


def trace_after(outcome: Any, hook_name: str, hook_impls: Any, kwargs: Any) -> None:
    print(f"[etwincms hook] {hook_name} done", file=sys.stderr)


class Implementation(NamedTuple):
    """One plugin's function for a hook and the names of the arguments it takes."""

    function: Callable[..., Any]
    argnames: tuple[str, ...]

    def __call__(self, **kwargs: Any) -> Any:
        return self.function(*[kwargs[name] for name in self.argnames])


class ProjectHooks:
    """Hook callers limited to the core and the plugins one space has switched on.

    ``project_hooks(project).nav_items(project=..., user=...)`` calls only those.
    """

    def __init__(self, pm: pluggy.PluginManager, disabled: frozenset[str]) -> None:
        self._pm = pm
        self._remove = [pm.get_plugin(name) for name in disabled]
        self._callers: dict[str, Any] = {}

    def implementations(self, hook_name: str) -> tuple[Implementation, ...]:
        """The hook's functions, with the arguments each takes, for a hook asked so
        often (once per page of a tree) that the core calls them itself."""
        key = f"impls:{hook_name}"
        if key not in self._callers:
            impls = getattr(self, hook_name).get_hookimpls()
            self._callers[key] = tuple(
                Implementation(impl.function, tuple(impl.argnames)) for impl in impls
            )
        return self._callers[key]

    def __getattr__(self, hook_name: str) -> Any:
        if not self._remove:
            return getattr(self._pm.hook, hook_name)
        if hook_name not in self._callers:
            self._callers[hook_name] = self._pm.subset_hook_caller(
                hook_name, remove_plugins=self._remove
            )
        return self._callers[hook_name]


class PluginHost:
    """The application's plugin manager plus per-space hook callers (cached)."""

    def __init__(self, pm: pluggy.PluginManager) -> None:
        self.pm = pm
        self._cache: dict[frozenset[str], ProjectHooks] = {}
        names = {pm.get_name(plugin) for plugin in pm.get_plugins()}
        #: Loaded plugins a space may switch on or off (everything but the core).
        self.optional_plugins = frozenset(
            n for n in names if n and n not in CORE_PLUGINS
        )

    def project_hooks(self, enabled: Iterable[str]) -> ProjectHooks:
        """Hooks for a space that has switched on the plugins named in ``enabled``."""
        disabled = self.optional_plugins - frozenset(enabled)
        if disabled not in self._cache:
            self._cache[disabled] = ProjectHooks(self.pm, disabled)
        return self._cache[disabled]

    def implements(self, hook_name: str) -> bool:
        """Whether any plugin (core included) implements the hook."""
        return bool(getattr(self.pm.hook, hook_name).get_hookimpls())


def project_hooks(project: Any) -> ProjectHooks:
    """The hook callers for ``project``: only the plugins it has switched on answer."""
    from .state import get_state

    return get_state().plugins.project_hooks(enabled_plugin_names(project))


def enabled_plugin_names(project: Any) -> frozenset[str]:
    return frozenset(row.plugin for row in project.plugins if row.enabled)


def current_project() -> Any:
    """Inside a plugin's project-mounted view: the space (checked and switched on)."""
    project = g.get("project")
    if project is None:
        raise RuntimeError("current_project() is only available inside a project mount")
    return project


def plugin_settings(project: Any, plugin: str) -> dict[str, Any]:
    """A plugin's settings in a space, with the declared defaults filled in."""
    from .state import get_state

    specs = get_state().registries.settings.get(plugin, ())
    stored = next((row.settings for row in project.plugins if row.plugin == plugin), {})
    return {spec.key: (stored or {}).get(spec.key, spec.default) for spec in specs}
