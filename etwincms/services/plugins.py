"""Switching plugins on and off per space, and their per-space settings.

Enablement is data (``ProjectPlugin`` rows): no restart, and switching off hides a
plugin's pages, navigation, API and search results in that space without deleting any
of its data; switching on again brings everything back. Settings are JSON validated
against the plugin's ``register_settings`` specs.
"""

from __future__ import annotations

from typing import Any

from flask_babel import gettext as _
from sqlalchemy.orm import Session

from .. import events
from ..errors import NotFound, ValidationError
from ..hooktypes import SettingSpec
from ..models import Project, ProjectPlugin, User
from ..permissions import require
from ..search import outbox as search_outbox
from ..state import get_state
from . import audit


def switchable_plugins() -> dict[str, Any]:
    """Loaded plugins a space may switch on or off, by name, with their metadata."""
    state = get_state()
    metas = state.registries.plugins
    return {
        name: metas.get(name)
        for name in sorted(state.plugins.optional_plugins)
        if metas.get(name) is None or metas[name].space_scoped
    }


def enable_plugin(
    session: Session, actor: User | None, project: Project, name: str
) -> None:
    """Switch ``name`` on in the space (and the plugins it requires)."""
    check_switchable(name)
    if actor is not None:
        require(actor, "space.plugins", project)
    meta = get_state().registries.plugins.get(name)
    for required in meta.requires if meta else ():
        enable_plugin(session, actor, project, required)
    row = row_for(project, name)
    if row is not None and row.enabled:
        return
    if row is None:
        row = ProjectPlugin(project=project, plugin=name, enabled=True, settings={})
        session.add(row)
    row.enabled = True
    session.flush()
    reindex_if_narrowing(session, project, name)
    audit.record(session, actor, "space.plugin_on", project, project, plugin=name)
    events.queue(
        session, "plugin_enabled", project, project=project, plugin=name, user=actor
    )


def disable_plugin(
    session: Session, actor: User | None, project: Project, name: str
) -> None:
    """Switch ``name`` off in the space; its data stays untouched."""
    check_switchable(name)
    if actor is not None:
        require(actor, "space.plugins", project)
    dependants = [
        other
        for other in enabled_names(project)
        if name in getattr(get_state().registries.plugins.get(other), "requires", ())
    ]
    if dependants:
        raise ValidationError(
            _(
                "Switch off %(dependants)s first: they need %(name)s.",
                dependants=", ".join(dependants),
                name=name,
            )
        )
    row = row_for(project, name)
    if row is None or not row.enabled:
        return
    row.enabled = False
    reindex_if_narrowing(session, project, name)
    audit.record(session, actor, "space.plugin_off", project, project, plugin=name)
    # The plugin is off once this commits; it must still hear that it was switched off.
    events.queue(
        session,
        "plugin_disabled",
        project,
        frozenset({name}),
        project=project,
        plugin=name,
        user=actor,
    )


def reindex_if_narrowing(session: Session, project: Project, name: str) -> None:
    """A plugin that gives pages and files a search audience changes who finds them
    when it is switched: index the space's core content again."""
    hook = get_state().plugins.pm.hook.search_audience
    if any(impl.plugin_name == name for impl in hook.get_hookimpls()):
        search_outbox.enqueue_core(session, project)


def check_switchable(name: str) -> None:
    if name not in switchable_plugins():
        raise NotFound(f"plugin {name}")


def row_for(project: Project, name: str) -> ProjectPlugin | None:
    return next((row for row in project.plugins if row.plugin == name), None)


def enabled_names(project: Project) -> list[str]:
    return [row.plugin for row in project.plugins if row.enabled]


def update_settings(
    session: Session, actor: User, project: Project, name: str, values: dict[str, Any]
) -> dict[str, Any]:
    """Validate and store a plugin's settings for the space; return what was stored."""
    require(actor, "space.plugins", project)
    specs = {spec.key: spec for spec in get_state().registries.settings.get(name, ())}
    unknown = set(values) - set(specs)
    if unknown:
        raise ValidationError(
            _("Unknown setting(s): %(names)s", names=", ".join(sorted(unknown)))
        )
    row = row_for(project, name)
    if row is None or not row.enabled:
        raise ValidationError(
            _("Switch %(name)s on before changing its settings.", name=name)
        )
    cleaned = {key: clean_setting(specs[key], value) for key, value in values.items()}
    row.settings = {**(row.settings or {}), **cleaned}
    audit.record(session, actor, "space.plugin_settings", project, project, plugin=name)
    return row.settings


def clean_setting(spec: SettingSpec, value: Any) -> Any:
    """Coerce a submitted value to the spec's type, or explain what is wrong."""
    try:
        cleaned = coerce(spec, value)
    except (TypeError, ValueError):
        raise ValidationError(
            _("%(label)s: not a valid %(type)s.", label=spec.label, type=spec.type),
            field=spec.key,
        ) from None
    check_bounds(spec, cleaned)
    return cleaned


def coerce(spec: SettingSpec, value: Any) -> Any:
    if spec.type == "bool":
        if isinstance(value, str):
            return value.strip().lower() in {"1", "true", "on", "yes"}
        return bool(value)
    if spec.type == "int":
        if isinstance(value, bool):
            raise TypeError
        return int(value)
    return str(value).strip()


def check_bounds(spec: SettingSpec, value: Any) -> None:
    if spec.type == "choice" and value not in spec.choices:
        raise ValidationError(
            _(
                "%(label)s: choose one of %(choices)s.",
                label=spec.label,
                choices=", ".join(spec.choices),
            ),
            spec.key,
        )
    if spec.type == "int":
        if spec.minimum is not None and value < spec.minimum:
            raise ValidationError(
                _(
                    "%(label)s: at least %(minimum)s.",
                    label=spec.label,
                    minimum=spec.minimum,
                ),
                field=spec.key,
            )
        if spec.maximum is not None and value > spec.maximum:
            raise ValidationError(
                _(
                    "%(label)s: at most %(maximum)s.",
                    label=spec.label,
                    maximum=spec.maximum,
                ),
                field=spec.key,
            )
    if spec.type == "str" and spec.maximum is not None and len(value) > spec.maximum:
        raise ValidationError(
            _(
                "%(label)s: at most %(maximum)s characters.",
                label=spec.label,
                maximum=spec.maximum,
            ),
            spec.key,
        )
