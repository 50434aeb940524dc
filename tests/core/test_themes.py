"""Themes: a theme replaces one block of the default theme and inherits everything else."""

from __future__ import annotations

from pathlib import Path

import pytest

from etwincms.app import create_app
from etwincms.errors import StartupError
from etwincms.testing import make_config


def test_the_classroom_theme_overrides_one_block(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None, THEME="classroom"), plugins=[])
    html = app.test_client().get("/login").get_data(as_text=True)
    assert "a space for eTwinning projects" in html  # the classroom's footer block
    assert "/static/themes/classroom/css/classroom.css?v=" in html
    assert "/static/themes/default/css/etwincms.css?v=" in html  # the rest: default's
    assert 'name="username"' in html  # auth/login.html comes from the default theme


def test_an_unknown_theme_stops_the_start_up(tmp_path: Path) -> None:
    with pytest.raises(StartupError, match="Theme 'nope' not found"):
        create_app(make_config(tmp_path, None, THEME="nope"), plugins=[])


def test_the_default_theme_is_unchanged(tmp_path: Path) -> None:
    app = create_app(make_config(tmp_path, None), plugins=[])
    html = app.test_client().get("/login").get_data(as_text=True)
    assert "a space for eTwinning projects" not in html
