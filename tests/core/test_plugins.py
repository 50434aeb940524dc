"""The plugin manager as built by create_app: core plugins, discovery, allowlist, safe mode."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from etwincms.app import create_app
from etwincms.errors import StartupError
from etwincms.models import ProjectPlugin, Role
from etwincms.permissions import can
from etwincms.plugins import CORE_PLUGINS, ENTRY_POINT_GROUP
from etwincms.state import get_state
from etwincms.testing import Factory, create_schema, empty_tables, make_config
from etwincms.web.helpers import nav_for
from tests.fixtures.plugins import clashing, toy_forum, typo


def test_core_contributions_go_through_hooks(app: Flask) -> None:
    pm = app.extensions["etwincms"].plugins.pm
    assert {pm.get_name(plugin) for plugin in pm.get_plugins()} == set(CORE_PLUGINS)
    owners = set(app.extensions["etwincms"].permissions.owner.values())
    assert "etwincms.core_plugins.permissions" in owners
    assert owners <= set(CORE_PLUGINS)  # the core's facilities declare theirs too


def test_a_plugin_adds_capabilities(tmp_path: Path, session: Any) -> None:
    app = create_app(make_config(tmp_path / "p", None), plugins=[toy_forum])
    registry = app.extensions["etwincms"].permissions
    assert registry["toyforum.post"].writes
    assert registry.owner["toyforum.post"] == "toyforum"


def test_duplicate_capabilities_fail_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(
        StartupError, match=r"Duplicate capability 'page\.edit'.*clashing"
    ):
        create_app(make_config(tmp_path, None), plugins=[clashing])


def test_unknown_hooks_fail_at_start_up(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match="unknown hook"):
        create_app(make_config(tmp_path, None), plugins=[typo])


@pytest.fixture
def toy_app(tmp_path: Path, database_url: str | None) -> Any:
    config = make_config(tmp_path, database_url, DEFAULT_PLUGINS=[])
    app = create_app(config, plugins=[toy_forum])
    create_schema(app.extensions["etwincms"].db.engine)
    yield app
    if database_url:
        empty_tables(app.extensions["etwincms"].db.engine)
    app.extensions["etwincms"].db.dispose()


def test_nav_items_come_only_from_plugins_the_space_switched_on(toy_app: Flask) -> None:
    with toy_app.test_request_context("/"):
        from etwincms.db import get_session

        session = get_session()
        make = Factory(session)
        project = make.space(make.user("teacher"))
        session.commit()
        assert "toyforum" not in [item["key"] for item in nav_for(project)]
        session.add(
            ProjectPlugin(project_id=project.id, plugin="toyforum", enabled=True)
        )
        session.commit()
        session.refresh(project)
        assert "toyforum" in [item["key"] for item in nav_for(project)]


def test_plugin_capabilities_answer_through_can(toy_app: Flask) -> None:
    with toy_app.test_request_context("/"):
        from etwincms.db import get_session

        make = Factory(get_session())
        teacher = make.user("teacher")
        project = make.space(teacher)
        observer = make.user("observer", kind="staff")
        make.member(project, observer, Role.OBSERVER)
        assert can(teacher, "toyforum.post", project)
        assert not can(observer, "toyforum.post", project)


@pytest.fixture
def installed_plugin(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    """A real installed distribution (a dist-info on sys.path) with an entry point."""
    site = tmp_path / "site"
    dist = site / "etwincms_marker-1.0.dist-info"
    dist.mkdir(parents=True)
    (dist / "METADATA").write_text(
        "Metadata-Version: 2.1\nName: etwincms-marker\nVersion: 1.0\n"
    )
    (dist / "entry_points.txt").write_text(
        f"[{ENTRY_POINT_GROUP}]\nmarker = etwincms_marker\n"
    )
    (site / "etwincms_marker.py").write_text(
        "from etwincms import hookimpl\nIMPORTED = True\n\n"
        "@hookimpl\ndef startup(app):\n    app.config['MARKER_STARTED'] = True\n"
    )
    monkeypatch.syspath_prepend(str(site))
    monkeypatch.delitem(sys.modules, "etwincms_marker", raising=False)
    return site


def test_installed_plugins_are_discovered_by_entry_point(
    tmp_path: Path, installed_plugin
):
    app = create_app(make_config(tmp_path, None))
    assert app.config.get("MARKER_STARTED") is True
    assert "marker" in app.extensions["etwincms"].plugins.optional_plugins


def test_plugins_outside_the_allowlist_are_never_imported(
    tmp_path: Path, installed_plugin
):
    app = create_app(make_config(tmp_path, None, PLUGINS=["forum"]))
    assert "etwincms_marker" not in sys.modules
    assert "MARKER_STARTED" not in app.config


def test_safe_mode_boots_the_core_alone(tmp_path: Path, installed_plugin: Path) -> None:
    app = create_app(make_config(tmp_path, None, SAFE_MODE=True))
    assert "etwincms_marker" not in sys.modules
    assert app.extensions["etwincms"].plugins.optional_plugins == frozenset()


def test_trace_hooks_prints_hook_calls(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
):
    create_app(make_config(tmp_path, None, TRACE_HOOKS=True))
    assert "[etwincms hook] startup(app)" in capsys.readouterr().err


def test_the_entry_point_group_is_the_documented_one() -> None:
    readme = (Path(__file__).parents[2] / "docs" / "plugins.md").read_text()
    assert f'[project.entry-points."{ENTRY_POINT_GROUP}"]' in readme


def test_unknown_capabilities_are_programming_errors(app: Flask) -> None:
    with app.app_context(), pytest.raises(KeyError, match="unknown capability"):
        get_state().permissions["page.edti"]


def package_plugin(root: Path, name: str, body: str, files: dict[str, str]) -> Any:
    """Write a real plugin package under ``root`` and import it."""
    import importlib

    package = root / f"etwincms_{name}"
    package.mkdir(parents=True)
    (package / "__init__.py").write_text(body)
    for relative, text in files.items():
        target = package / relative
        target.parent.mkdir(parents=True, exist_ok=True)
        target.write_text(text)
    sys.path.insert(0, str(root))
    try:
        return importlib.import_module(f"etwincms_{name}")
    finally:
        sys.path.remove(str(root))
        sys.modules.pop(f"etwincms_{name}", None)


META = (
    "from etwincms import hookimpl\nfrom etwincms.hooktypes import PluginMeta\n"
    "PLUGIN = PluginMeta(name={name!r}, title='X', requires={requires!r})\n"
    "@hookimpl\ndef register_plugin():\n    return PLUGIN\n"
)


def test_templates_outside_the_plugin_folder_fail_at_start_up(tmp_path: Path) -> None:
    stray = package_plugin(
        tmp_path / "site",
        "stray",
        META.format(name="stray", requires=()),
        {"templates/base.html": "hijacked", "templates/stray/ok.html": "fine"},
    )
    with pytest.raises(
        StartupError, match=r"templates outside templates/stray/.*base\.html"
    ):
        create_app(make_config(tmp_path, None), plugins=[stray])


def test_plugin_templates_and_static_files_are_served(tmp_path: Path) -> None:
    tidy = package_plugin(
        tmp_path / "site",
        "tidy",
        META.format(name="tidy", requires=()),
        {
            "templates/tidy/hello.html": "{% extends 'default:errors/404.html' %}",
            "static/tidy/tidy.css": "body { color: green }",
        },
    )
    app = create_app(make_config(tmp_path, None), plugins=[tidy])
    with app.test_request_context("/"):
        from etwincms.theming import static_url

        url = static_url("tidy.css", plugin="tidy")
        assert url.startswith("/static/plugins/tidy/tidy.css?v=")
        assert app.jinja_env.get_template("tidy:tidy/hello.html") is not None
    response = app.test_client().get(url)
    assert response.status_code == 200 and b"green" in response.data
    assert "max-age=31536000" in response.headers["Cache-Control"]
    response.close()
    assert (
        app.test_client().get("/static/plugins/tidy/../__init__.py").status_code == 404
    )
    assert app.test_client().get("/static/plugins/nope/tidy.css").status_code == 404


def test_a_plugin_whose_name_differs_from_its_meta_fails() -> None:
    """An entry point called ``liar`` whose package says it is ``truth``."""
    import types

    from etwincms.hooktypes import PluginMeta
    from etwincms.plugins import build_plugin_manager, check_plugins

    liar = types.ModuleType("etwincms_liar")
    liar.PLUGIN = PluginMeta(name="truth", title="X")
    pm = build_plugin_manager({}, plugins=[])
    pm.register(liar, name="liar")
    with pytest.raises(StartupError, match="calls itself 'truth'"):
        check_plugins(pm)


def test_missing_requirements_fail_at_start_up(tmp_path: Path) -> None:
    needy = package_plugin(
        tmp_path / "site", "needy", META.format(name="needy", requires=("missing",)), {}
    )
    with pytest.raises(StartupError, match=r"requires \['missing'\]"):
        create_app(make_config(tmp_path, None), plugins=[needy])


def test_blueprints_must_carry_the_plugin_name(tmp_path: Path) -> None:
    body = META.format(name="badbp", requires=()) + (
        "from flask import Blueprint\nfrom etwincms.hooktypes import BlueprintSpec\n"
        "bp = Blueprint('other', __name__)\n"
        "@hookimpl\ndef register_blueprints():\n    return [BlueprintSpec(bp)]\n"
    )
    badbp = package_plugin(tmp_path / "site", "badbp", body, {})
    with pytest.raises(StartupError, match="must be named 'badbp'"):
        create_app(make_config(tmp_path, None), plugins=[badbp])


def test_a_site_api_may_not_take_a_core_api_path() -> None:
    from flask_smorest import Blueprint

    from etwincms.hooktypes import BlueprintSpec
    from etwincms.mounting import mount_blueprints

    app = Flask(__name__)
    app.add_url_rule("/api/v1/projects/", "core_projects", lambda: "")
    taken = BlueprintSpec(Blueprint("projects", __name__), mount="site_api")
    with pytest.raises(StartupError, match="would take /api/v1/projects/"):
        mount_blueprints(app, (("projects", taken),))
    free = BlueprintSpec(Blueprint("notes", __name__), mount="site_api")
    free.blueprint.add_url_rule("/", "index", lambda: "notes")
    mount_blueprints(app, (("notes", free),))
    assert app.test_client().get("/api/v1/notes/").text == "notes"
