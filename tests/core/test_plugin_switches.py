"""Switching plugins on and off per space: requirements, kept data, validated settings."""

from __future__ import annotations

import types
from typing import Any

import pytest
from flask import Flask

from etwincms import hookimpl
from etwincms.db import commit
from etwincms.errors import NotFound, PermissionDenied, ValidationError
from etwincms.hooktypes import PluginMeta, SettingSpec
from etwincms.models import AuditEntry
from etwincms.services import plugins as switches
from etwincms.testing import Factory, SpaceWithMembers


def plugin(
    name: str, requires: tuple[str, ...] = (), settings: tuple[Any, ...] = ()
) -> Any:
    """A real plugin object built in the test (a module with hook implementations)."""
    module = types.ModuleType(f"etwincms_{name}")
    module.PLUGIN = PluginMeta(name=name, title=name.title(), requires=requires)
    module.register_plugin = hookimpl(lambda: module.PLUGIN)
    module.register_settings = hookimpl(lambda: list(settings))
    return module


BASE = plugin(
    "base",
    settings=(
        SettingSpec("per_page", "Per page", "int", 25, minimum=5, maximum=100),
        SettingSpec("open", "Open to pupils", "bool", False),
        SettingSpec("style", "Style", "choice", "list", choices=("list", "grid")),
    ),
)
ADDON = plugin("addon", requires=("base",))


@pytest.fixture
def plugins() -> list[Any]:
    return [BASE, ADDON]


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "DEFAULT_PLUGINS": []}


def test_switching_on_also_switches_on_what_it_requires(
    session: Any, space: SpaceWithMembers
):
    admin, project = space.users["admin"], space.project
    switches.enable_plugin(session, admin, project, "addon")
    commit(session)
    assert sorted(switches.enabled_names(project)) == ["addon", "base"]
    with pytest.raises(ValidationError, match="addon"):
        switches.disable_plugin(session, admin, project, "base")
    switches.disable_plugin(session, admin, project, "addon")
    switches.disable_plugin(session, admin, project, "base")
    assert switches.enabled_names(project) == []


def test_only_admins_switch_and_unknown_plugins_are_not_found(session, space) -> None:
    with pytest.raises(PermissionDenied):
        switches.enable_plugin(session, space.users["teacher"], space.project, "base")
    with pytest.raises(NotFound):
        switches.enable_plugin(session, space.users["admin"], space.project, "nope")


def test_switching_off_keeps_settings_and_on_again_restores_them(
    session, space
) -> None:
    admin, project = space.users["admin"], space.project
    switches.enable_plugin(session, admin, project, "base")
    switches.update_settings(session, admin, project, "base", {"per_page": "50"})
    switches.disable_plugin(session, admin, project, "base")
    switches.enable_plugin(session, admin, project, "base")
    commit(session)
    assert switches.row_for(project, "base").settings == {"per_page": 50}
    actions = session.query(AuditEntry.action).filter(
        AuditEntry.project_id == project.id
    )
    assert {"space.plugin_on", "space.plugin_off", "space.plugin_settings"} <= {
        a for (a,) in actions
    }


@pytest.mark.parametrize(
    ("values", "message"),
    [
        ({"per_page": "many"}, "not a valid int"),
        ({"per_page": "2"}, "at least 5"),
        ({"per_page": "500"}, "at most 100"),
        ({"style": "table"}, "choose one of"),
        ({"colour": "red"}, "Unknown setting"),
    ],
)
def test_bad_settings_are_refused_and_nothing_is_stored(
    session, space, values, message
):
    admin, project = space.users["admin"], space.project
    switches.enable_plugin(session, admin, project, "base")
    with pytest.raises(ValidationError, match=message):
        switches.update_settings(session, admin, project, "base", values)
    assert switches.row_for(project, "base").settings == {}


def test_settings_are_typed(session: Any, space: SpaceWithMembers) -> None:
    admin, project = space.users["admin"], space.project
    switches.enable_plugin(session, admin, project, "base")
    stored = switches.update_settings(
        session,
        admin,
        project,
        "base",
        {"per_page": "30", "open": "on", "style": "grid"},
    )
    assert stored == {"per_page": 30, "open": True, "style": "grid"}


def test_the_tools_page_switches_plugins_over_http(
    app: Flask, client: Any, auth: Any, space: SpaceWithMembers, make: Factory
) -> None:
    space.login(auth, "admin")
    slug = space.project.slug
    page = client.get(f"/s/{slug}/-/plugins").get_data(as_text=True)
    assert "Base" in page and "Switch on" in page
    from etwincms.testing import csrf_token

    token = csrf_token(page)
    response = client.post(
        f"/s/{slug}/-/plugins/base", data={"enabled": "1", "csrf_token": token}
    )
    assert response.status_code == 302
    assert "Switch off" in client.get(f"/s/{slug}/-/plugins").get_data(as_text=True)
    auth.logout()
    space.login(auth, "teacher")
    assert client.get(f"/s/{slug}/-/plugins").status_code == 403
