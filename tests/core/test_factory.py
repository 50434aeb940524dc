"""The application factory: configuration layers, secrets, isolation between apps."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path

import pytest

from etwincms.app import create_app
from etwincms.config import load_config, parse_env_value
from etwincms.errors import StartupError
from etwincms.testing import make_config


def test_testing_flag_comes_from_the_test_config(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None))
    assert app.testing
    assert app.config["PASSWORD_HASH"] == "fast"


def test_without_a_secret_key_outside_tests_start_up_fails(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match="etwincms init"):
        create_app({"INSTANCE_PATH": str(tmp_path), "SECRET_KEY": None})


def test_configuration_layers_override_in_order(tmp_path: Path) -> None:
    (tmp_path / "etwincms.toml").write_text(
        'secret_key = "from-file"\ntheme = "from-file"\nmax_material_bytes = 10\n'
    )
    environ = {"ETWINCMS_THEME": "from-env", "ETWINCMS_MAX_MATERIAL_BYTES": "20"}
    config = load_config(tmp_path, {"MAX_MATERIAL_BYTES": 30}, environ)
    assert config["SECRET_KEY"] == "from-file"
    assert config["THEME"] == "from-env"
    assert config["MAX_MATERIAL_BYTES"] == 30
    assert config["DATABASE_URL"] == f"sqlite:///{tmp_path / 'etwincms.db'}"


def test_a_broken_instance_file_is_a_clear_start_up_error(tmp_path: Path) -> None:
    (tmp_path / "etwincms.toml").write_text("secret_key = ")
    with pytest.raises(StartupError, match="not valid TOML"):
        load_config(tmp_path, None, {})


@pytest.mark.parametrize(
    ("raw", "parsed"),
    [("true", True), ("42", 42), ('["a", "b"]', ["a", "b"]), ("forum, blog", ["forum", "blog"]),
     ("postgresql+psycopg://u@h/db", "postgresql+psycopg://u@h/db"), ("plain", "plain")],
)  # fmt: skip
def test_environment_values_are_parsed(raw: str, parsed: object) -> None:
    assert parse_env_value(raw) == parsed


def test_two_apps_in_one_process_share_nothing(tmp_path: Path) -> None:
    first = create_app(make_config(tmp_path / "a", None, THEME="default"))
    second = create_app(make_config(tmp_path / "b", None, MAX_MATERIAL_BYTES=1))
    one, two = first.extensions["etwincms"], second.extensions["etwincms"]
    assert one is not two
    for name in (
        "db",
        "plugins",
        "permissions",
        "markdown",
        "sanitizer",
        "storage",
        "hasher",
    ):
        assert getattr(one, name) is not getattr(two, name), name
    assert one.plugins.pm is not two.plugins.pm
    assert one.db.engine.url != two.db.engine.url
    assert first.config["MAX_MATERIAL_BYTES"] != second.config["MAX_MATERIAL_BYTES"]
    assert first.jinja_loader is not second.jinja_loader


def test_importing_every_module_has_no_side_effects(tmp_path: Path) -> None:
    """No app, no plugin loading, no database, no files: only create_app() does that."""
    script = textwrap.dedent(
        """
        import importlib, pkgutil, sys
        import etwincms
        for info in pkgutil.walk_packages(etwincms.__path__, "etwincms."):
            if info.name != "etwincms.wsgi":  # the WSGI entry point exists to create the app
                importlib.import_module(info.name)
        import flask
        assert not flask.has_app_context()
        assert not any(name.startswith("etwincms_") for name in sys.modules), sys.modules
        """
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
        env={"PATH": "/usr/bin:/bin", "ETWINCMS_INSTANCE_PATH": str(tmp_path / "instance")},
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert list(tmp_path.iterdir()) == []


def test_the_wsgi_entry_point_freezes_what_the_start_made(tmp_path: Path) -> None:
    """A worker's start-up objects are kept out of the collector's full passes."""
    script = textwrap.dedent(
        """
        import gc
        assert gc.get_freeze_count() == 0
        from etwincms.wsgi import app
        print(gc.get_freeze_count())
        """
    )
    result = subprocess.run(  # noqa: S603
        [sys.executable, "-c", script], cwd=tmp_path, capture_output=True, text=True,
        env={
            "PATH": "/usr/bin:/bin",
            "ETWINCMS_INSTANCE_PATH": str(tmp_path / "instance"),
            "ETWINCMS_SECRET_KEY": "test",
        },
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    assert int(result.stdout) > 50_000  # modules, plugins, registries, API schemas
