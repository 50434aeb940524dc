"""Which providers exist on this site and which a space allows.

The site's providers are the built-in ones followed by those other plugins return from
``register_embed_providers`` (a plugin may replace a built-in by using its name). A
space narrows them with its ``providers`` setting (names separated by commas; empty
means every provider). The embed hosts of the site's providers are exactly the
``iframe_hosts`` this plugin declares to the sanitizer, so the Content-Security-Policy
``frame-src`` the core builds from them follows the providers.
"""

from __future__ import annotations

from typing import Any

import pluggy
from flask import current_app

from etwincms.models import Project
from etwincms.plugins import plugin_settings

from .providers import BUILT_IN, Provider, provider_from


def collect(pm: pluggy.PluginManager | None) -> tuple[Provider, ...]:
    """Built-in providers, then other plugins' (later names replace earlier ones)."""
    found = {provider.name: provider for provider in BUILT_IN}
    hook = getattr(pm.hook, "register_embed_providers", None) if pm else None
    for batch in hook() if hook else []:
        for value in batch or []:
            provider = provider_from(value)
            found[provider.name] = provider
    return tuple(found.values())


def site_providers() -> tuple[Provider, ...]:
    """Every provider of the running application (computed once per application)."""
    cache: dict[str, Any] = current_app.extensions.setdefault("etwincms_embed", {})
    if "providers" not in cache:
        cache["providers"] = collect(current_app.extensions["etwincms"].plugins.pm)
    return cache["providers"]


def embed_hosts(providers: tuple[Provider, ...]) -> frozenset[str]:
    return frozenset(provider.embed_host for provider in providers)


def allowed_names(project: Project) -> set[str] | None:
    """The names the space's setting lists, or ``None`` for every provider."""
    listed = str(plugin_settings(project, "embed").get("providers") or "")
    names = {name.strip().lower() for name in listed.split(",") if name.strip()}
    return names or None


def space_providers(project: Project | None) -> tuple[Provider, ...]:
    """The providers a space allows (all of them outside a space)."""
    providers = site_providers()
    names = allowed_names(project) if project is not None else None
    if names is None:
        return providers
    return tuple(provider for provider in providers if provider.name in names)


def click_to_load(project: Project | None) -> bool:
    """Frames wait for a click unless the space turned that off."""
    if project is None:
        return True
    return bool(plugin_settings(project, "embed").get("click_to_load", True))
