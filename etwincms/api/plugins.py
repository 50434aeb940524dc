"""A space's plugins over the API: which are on, switching them, and their settings.

Only those who hold ``space.plugins`` (the space's admins) see and change this, as on
the space's Tools page. Switching a plugin off hides it without deleting its data;
switching on also switches on what it requires. Settings are checked against the
plugin's declared specs by :func:`etwincms.services.plugins.update_settings`.
"""

from __future__ import annotations

from typing import Any

from flask_smorest import Blueprint
from marshmallow import INCLUDE, Schema, fields

from ..db import commit, get_session
from ..hooktypes import SettingSpec
from ..models import Project
from ..permissions import require
from ..plugins import plugin_settings
from ..services import plugins, spaces
from ..state import get_state
from .common import caller, documents_errors
from .schemas import Strict

blp = Blueprint("api_plugins", __name__, description="Plugins of a space")
PLUGIN = "/projects/<slug>/plugins/<name>"


class PluginSettingSpecSchema(Schema):
    key = fields.String(required=True)
    label = fields.String(required=True)
    type = fields.String(required=True)
    default = fields.Raw(required=True, allow_none=True)
    help = fields.String(required=True)
    choices = fields.List(fields.String(), required=True)
    minimum = fields.Integer(required=True, allow_none=True)
    maximum = fields.Integer(required=True, allow_none=True)


class PluginSchema(Schema):
    name = fields.String(required=True)
    title = fields.String(required=True)
    description = fields.String(required=True)
    requires = fields.List(fields.String(), required=True)
    enabled = fields.Boolean(required=True)
    settings = fields.Dict(
        keys=fields.String(),
        required=True,
        metadata={"description": "Current values, defaults filled in."},
    )
    setting_specs = fields.List(fields.Nested(PluginSettingSpecSchema), required=True)


class PluginSwitchSchema(Strict):
    enabled = fields.Boolean(required=True)


class PluginSettingsSchema(Schema):
    """Any of the plugin's setting keys; the plugin's specs decide what is valid."""

    class Meta:
        unknown = INCLUDE


def admin_space(slug: str) -> Project:
    project = spaces.get_space(get_session(), caller(), slug)
    require(caller(), "space.plugins", project)
    return project


def plugin_json(project: Project, name: str, meta: Any) -> dict[str, Any]:
    return {
        "name": name,
        "title": meta.title if meta else name,
        "description": meta.description if meta else "",
        "requires": list(meta.requires) if meta else [],
        "enabled": name in plugins.enabled_names(project),
        "settings": plugin_settings(project, name),
        "setting_specs": [
            spec_json(spec) for spec in get_state().registries.settings.get(name, ())
        ],
    }


def spec_json(spec: SettingSpec) -> dict[str, Any]:
    return {
        "key": spec.key,
        "label": str(spec.label),  # labels may be lazy translations
        "type": spec.type,
        "default": spec.default,
        "help": str(spec.help),
        "choices": list(spec.choices),
        "minimum": spec.minimum,
        "maximum": spec.maximum,
    }


def one_plugin(project: Project, name: str) -> dict[str, Any]:
    return plugin_json(project, name, plugins.switchable_plugins()[name])


@blp.get("/projects/<slug>/plugins")
@blp.response(200, PluginSchema(many=True))
@documents_errors(blp)
def list_plugins(slug: str) -> list[dict[str, Any]]:
    """Every plugin the space may switch on, whether it is on, and its settings."""
    project = admin_space(slug)
    return [
        plugin_json(project, name, meta)
        for name, meta in plugins.switchable_plugins().items()
    ]


@blp.put(PLUGIN)
@blp.arguments(PluginSwitchSchema)
@blp.response(200, PluginSchema)
@documents_errors(blp)
def switch_plugin(fields: dict[str, Any], slug: str, name: str) -> dict[str, Any]:
    """Switch a plugin on (with what it requires) or off (its data is kept)."""
    project = admin_space(slug)
    switch = plugins.enable_plugin if fields["enabled"] else plugins.disable_plugin
    switch(get_session(), caller(), project, name)
    commit()
    return one_plugin(project, name)


@blp.patch(f"{PLUGIN}/settings")
@blp.arguments(PluginSettingsSchema)
@blp.response(200, PluginSchema)
@documents_errors(blp)
def change_settings(values: dict[str, Any], slug: str, name: str) -> dict[str, Any]:
    """Change some of a switched-on plugin's settings; the others keep their values."""
    project = admin_space(slug)
    plugins.check_switchable(name)  # unknown plugins are 404, not "unknown setting"
    plugins.update_settings(get_session(), caller(), project, name, values)
    commit()
    return one_plugin(project, name)
