"""A space's plugins over the API: listing, switching on and off, and settings.

Two real plugins are built in the test (``base`` with settings, ``addon`` requiring it),
loaded by the app and switched per space through the same service as the Tools page.
"""

from __future__ import annotations

import types
from typing import Any

import pytest

from etwincms import hookimpl
from etwincms.hooktypes import PluginMeta, SettingSpec
from etwincms.testing import SpaceWithMembers


def plugin(
    name: str, requires: tuple[str, ...] = (), settings: tuple[Any, ...] = ()
) -> Any:
    """A real plugin object (a module with hook implementations)."""
    module = types.ModuleType(f"etwincms_api_{name}")
    module.PLUGIN = PluginMeta(
        name=name, title=name.title(), description=f"The {name}.", requires=requires
    )
    module.register_plugin = hookimpl(lambda: module.PLUGIN)
    module.register_settings = hookimpl(lambda: list(settings))
    return module


BASE = plugin(
    "base",
    settings=(
        SettingSpec("per_page", "Per page", "int", 25, minimum=5, maximum=100),
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


def url(space: SpaceWithMembers, rest: str = "") -> str:
    return f"/projects/{space.project.slug}/plugins{rest}"


def by_name(listing: list[dict[str, Any]]) -> dict[str, dict[str, Any]]:
    return {item["name"]: item for item in listing}


def test_admins_see_every_switchable_plugin(api: Any, space: SpaceWithMembers) -> None:
    answer = api("admin").get(url(space))
    assert answer.status_code == 200
    found = by_name(answer.json)
    assert set(found) == {"addon", "base"}
    base = found["base"]
    assert (base["title"], base["description"], base["enabled"]) == (
        "Base",
        "The base.",
        False,
    )
    assert base["settings"] == {"per_page": 25, "style": "list"}
    assert [s["key"] for s in base["setting_specs"]] == ["per_page", "style"]
    assert found["addon"]["requires"] == ["base"]


def test_switching_on_brings_what_it_requires(
    api: Any, space: SpaceWithMembers
) -> None:
    admin = api("admin")
    on = admin.put(url(space, "/addon"), json={"enabled": True})
    assert on.status_code == 200 and on.json["enabled"] is True
    assert by_name(admin.get(url(space)).json)["base"]["enabled"] is True
    needed = admin.put(url(space, "/base"), json={"enabled": False})
    assert needed.status_code == 422 and "addon" in needed.json["detail"]
    off = admin.put(url(space, "/addon"), json={"enabled": False})
    assert off.status_code == 200 and off.json["enabled"] is False
    assert admin.put(url(space, "/nope"), json={"enabled": True}).status_code == 404


@pytest.mark.parametrize(
    "body", [{}, {"enabled": "maybe"}, {"enabled": True, "extra": 1}]
)
def test_invalid_switches(
    api: Any, space: SpaceWithMembers, body: dict[str, Any]
) -> None:
    answer = api("admin").put(url(space, "/base"), json=body)
    assert answer.status_code == 422 and answer.json["errors"]


def test_settings_are_checked_against_the_plugins_specs(
    api: Any, space: SpaceWithMembers
) -> None:
    admin = api("admin")
    settings = url(space, "/base/settings")
    assert admin.patch(settings, json={"per_page": 50}).status_code == 422  # off
    admin.put(url(space, "/base"), json={"enabled": True})
    saved = admin.patch(settings, json={"per_page": 50})
    assert saved.status_code == 200
    assert saved.json["settings"] == {"per_page": 50, "style": "list"}
    too_few = admin.patch(settings, json={"per_page": 1})
    assert too_few.status_code == 422 and "per_page" in too_few.json["errors"]
    bad_choice = admin.patch(settings, json={"style": "cloud"})
    assert bad_choice.status_code == 422 and "style" in bad_choice.json["errors"]
    assert admin.patch(settings, json={"colour": "red"}).status_code == 422
    assert admin.patch(url(space, "/nope/settings"), json={}).status_code == 404
    kept = by_name(admin.get(url(space)).json)["base"]["settings"]
    assert kept == {"per_page": 50, "style": "list"}


@pytest.mark.parametrize(
    ("role", "scopes", "status"),
    [
        ("teacher", ("read", "write"), 403),
        ("pupil", ("read", "write"), 403),
        ("outsider", ("read", "write"), 404),
        (None, (), 401),
        ("admin", ("read",), 403),
    ],
)
def test_refused_callers_change_nothing(
    api: Any,
    space: SpaceWithMembers,
    role: str | None,
    scopes: tuple[str, ...],
    status: int,
) -> None:
    caller = api(role, scopes=scopes)
    assert caller.put(url(space, "/base"), json={"enabled": True}).status_code == status
    patched = caller.patch(url(space, "/base/settings"), json={"per_page": 50})
    assert patched.status_code == status
    assert by_name(api("admin").get(url(space)).json)["base"]["enabled"] is False


@pytest.mark.parametrize(("role", "status"), [("teacher", 403), ("outsider", 404)])
def test_only_admins_list_plugins(
    api: Any, space: SpaceWithMembers, role: str, status: int
) -> None:
    assert api(role).get(url(space)).status_code == status
