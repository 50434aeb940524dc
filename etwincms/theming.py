"""Themes: where templates and static files come from.

The loader chain, first match wins: the instance folder's ``templates/`` (operator
overrides), the active theme, then the default theme. A ``default:`` prefix lets an
override extend the template it replaces: ``{% extends "default:base.html" %}``.
Static files are served at ``/static/themes/<theme>/<file>``.
"""

from __future__ import annotations

from pathlib import Path

from flask import Flask, abort, send_from_directory
from flask.typing import ResponseReturnValue
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PrefixLoader

from .errors import StartupError

THEMES_DIR = Path(__file__).resolve().parent.parent / "themes"
DEFAULT_THEME = "default"


def theme_dir(name: str) -> Path:
    path = THEMES_DIR / name
    if not (path / "templates").is_dir():
        raise StartupError(f"Theme {name!r} not found in {THEMES_DIR}")
    return path


def template_loader(app: Flask) -> BaseLoader:
    theme = app.config["THEME"]
    default_templates = str(theme_dir(DEFAULT_THEME) / "templates")
    searched = [str(Path(app.instance_path) / "templates")]
    if theme != DEFAULT_THEME:
        searched.append(str(theme_dir(theme) / "templates"))
    searched.append(default_templates)
    return ChoiceLoader(
        [
            FileSystemLoader(searched),
            PrefixLoader(
                {"default": FileSystemLoader(default_templates)}, delimiter=":"
            ),
        ]
    )


def init_app(app: Flask) -> None:
    app.jinja_loader = template_loader(app)  # type: ignore[assignment]
    app.add_url_rule(
        "/static/themes/<theme>/<path:filename>", "theme_static", serve_theme_static
    )


def serve_theme_static(theme: str, filename: str) -> ResponseReturnValue:
    static_dir = THEMES_DIR / theme / "static"
    if not theme.replace("-", "").replace("_", "").isalnum() or not static_dir.is_dir():
        abort(404)
    return send_from_directory(static_dir, filename, max_age=3600)
