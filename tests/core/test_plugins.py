"""The plugin manager as built by create_app: core plugins, discovery, allowlist, safe mode."""

from __future__ import annotations

import sys
from pathlib import Path
from typing import Any

import pytest
from flask import Flask

from etwincms.app import create_app
from etwincms.db import Base
from etwincms.errors import StartupError
from etwincms.models import ProjectPlugin, Role
from etwincms.permissions import can
from etwincms.plugins import CORE_PLUGINS, ENTRY_POINT_GROUP
from etwincms.state import get_state
from etwincms.testing import Factory, make_config, truncate_all
from etwincms.web.helpers import nav_for
from tests.fixtures.plugins import clashing, toy_forum, typo


def test_core_contributions_go_through_hooks(app: Flask) -> None:
    pm = app.extensions["etwincms"].plugins.pm
    assert {pm.get_name(plugin) for plugin in pm.get_plugins()} == set(CORE_PLUGINS)
    owners = set(app.extensions["etwincms"].permissions.owner.values())
    assert owners == {"etwincms.core_plugins.permissions"}


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
    Base.metadata.create_all(app.extensions["etwincms"].db.engine)
    yield app
    if database_url:
        truncate_all(app.extensions["etwincms"].db.engine)
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
    assert app.extensions["etwincms"].plugins.optional_plugins == {"marker"}


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
