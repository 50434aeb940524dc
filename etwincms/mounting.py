"""Mounting plugins' blueprints, and the guard that keeps them out of spaces that are off.

Blueprints are registered once per application (Flask cannot unregister them); switching a
plugin on or off in a space is data, checked on every request by :func:`guard`:

- ``project``: ``/s/<slug>/-/<plugin>/...`` and ``api``: ``/api/v1/projects/<slug>/<plugin>/...``
  answer 404 unless the space exists, the visitor may see it, and it has the plugin on;
  the view then finds the space in ``g.project`` and never sees the ``slug`` argument.
- ``site``: ``/-/<plugin>/...`` and ``site_api``: ``/api/v1/<plugin>/...``, not tied to a
  space (a ``site_api`` plugin may not take the name of one of the core's API paths).
"""

from __future__ import annotations

from typing import Any

from flask import Flask, abort, g, request

from .errors import StartupError
from .hooktypes import BlueprintSpec

PREFIXES = {
    "project": "/s/<slug>/-/{plugin}",
    "api": "/api/v1/projects/<slug>/{plugin}",
    "site": "/-/{plugin}",
    "site_api": "/api/v1/{plugin}",
}
UNGUARDED = frozenset({"site", "site_api"})


def mount_blueprints(
    app: Flask, blueprints: tuple[tuple[str, BlueprintSpec], ...]
) -> None:
    """Register every plugin blueprint under its prefix and install the guard."""
    guarded: dict[str, str] = {}
    for plugin, spec in blueprints:
        name = spec.blueprint.name
        if name != plugin and not name.startswith(f"{plugin}_"):
            raise StartupError(
                f"Plugin {plugin!r}: blueprint {name!r} must be named {plugin!r} "
                f"or start with '{plugin}_'"
            )
        prefix = PREFIXES[spec.mount].format(plugin=plugin)
        if spec.mount == "site_api":
            refuse_taken(app, plugin, prefix)
        register(app, spec, url_prefix=prefix)
        if spec.mount not in UNGUARDED:
            guarded[name] = plugin
    app.config["ETWINCMS_GUARDED_BLUEPRINTS"] = guarded
    app.url_value_preprocessor(pop_space_slug)
    app.url_defaults(add_space_slug)
    app.before_request(guard)


def register(app: Flask, spec: BlueprintSpec, url_prefix: str) -> None:
    """flask-smorest blueprints mounted on the API join its OpenAPI document."""
    api = app.extensions.get("etwincms_api")
    on_api = spec.mount in ("api", "site_api")
    if on_api and api is not None and hasattr(spec.blueprint, "arguments"):
        api.register_blueprint(spec.blueprint, url_prefix=url_prefix)
    else:
        app.register_blueprint(spec.blueprint, url_prefix=url_prefix)


def refuse_taken(app: Flask, plugin: str, prefix: str) -> None:
    """A site-level API may not answer under a path the core's API already uses."""
    taken = [
        rule.rule for rule in app.url_map.iter_rules() if rule.rule.startswith(prefix)
    ]
    if taken:
        raise StartupError(
            f"Plugin {plugin!r}: its site API {prefix} would take {taken[0]} of the core"
        )


def pop_space_slug(endpoint: str | None, values: dict[str, Any] | None) -> None:
    if values is not None and is_guarded(endpoint):
        g.space_slug = values.pop("slug", None)


def add_space_slug(endpoint: str, values: dict[str, Any]) -> None:
    """``url_for("forum.topic", topic_id=3)`` inside a space fills in its slug."""
    if is_guarded(endpoint) and "slug" not in values:
        project = g.get("project")
        if project is not None:
            values["slug"] = project.slug


def is_guarded(endpoint: str | None) -> bool:
    from flask import current_app

    if not endpoint or "." not in endpoint:
        return False
    return (
        endpoint.split(".", 1)[0] in current_app.config["ETWINCMS_GUARDED_BLUEPRINTS"]
    )


def guard() -> None:
    """404 unless the space exists, is visible to the user, and has the plugin on."""
    from flask import current_app

    from .db import get_session
    from .errors import NotFound
    from .plugins import enabled_plugin_names
    from .services.spaces import get_space
    from .web.helpers import signed_in_user

    plugin = current_app.config["ETWINCMS_GUARDED_BLUEPRINTS"].get(
        request.blueprint or ""
    )
    if plugin is None:
        return
    try:
        project = get_space(get_session(), signed_in_user(), g.get("space_slug") or "")
    except NotFound:
        abort(404)
    if plugin not in enabled_plugin_names(project):
        abort(404)
    g.project = project
