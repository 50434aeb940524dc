"""Themes and plugin assets: where templates and static files come from.

The loader chain, first match wins: the instance folder's ``templates/`` (operator
overrides), the active theme, the default theme, then each plugin's ``templates/``
(which may hold only a ``<plugin>/`` folder, so plugins cannot override each other or
the core). Prefixes let an override extend what it replaces:
``{% extends "default:base.html" %}`` or ``{% extends "forum:forum/topic.html" %}``.
Static files are served at ``/static/themes/<theme>/...`` and
``/static/plugins/<plugin>/...``; :func:`static_url` adds a cache-busting version.
"""

from __future__ import annotations

import hashlib
import tomllib
from functools import cache
from pathlib import Path

import pluggy
from flask import Flask, abort, current_app, send_from_directory, url_for
from flask.typing import ResponseReturnValue
from jinja2 import BaseLoader, ChoiceLoader, FileSystemLoader, PrefixLoader

from .errors import StartupError
from .plugins import CORE_PLUGINS

THEMES_DIR = Path(__file__).resolve().parent.parent / "themes"
DEFAULT_THEME = "default"


def theme_dir(name: str) -> Path:
    path = THEMES_DIR / name
    if not (path / "templates").is_dir():
        raise StartupError(f"Theme {name!r} not found in {THEMES_DIR}")
    return path


def plugin_dirs(pm: pluggy.PluginManager) -> dict[str, Path]:
    """Package folders of the loaded (non-core) plugins that are packages."""
    dirs = {}
    for plugin in pm.get_plugins():
        name = pm.get_name(plugin)
        if name in CORE_PLUGINS or not hasattr(plugin, "__path__"):
            continue
        dirs[name] = Path(next(iter(plugin.__path__)))
    return dirs


def check_plugin_templates(name: str, folder: Path) -> None:
    """A plugin's ``templates/`` may contain only ``<plugin>/``: fail at boot otherwise."""
    strays = sorted(p.name for p in folder.iterdir() if p.name != name)
    if strays:
        raise StartupError(
            f"Plugin {name!r} has templates outside templates/{name}/: {strays}. "
            f"Move them into templates/{name}/ so they cannot replace other templates."
        )


def theme_chain(name: str) -> list[str]:
    """The theme, its parent (``parent`` in theme.toml), ..., ending with ``default``."""
    chain: list[str] = []
    while name not in chain:
        chain.append(name)
        if name == DEFAULT_THEME:
            return chain
        meta = tomllib.loads(
            (theme_dir(name) / "theme.toml").read_text(encoding="utf-8")
        )
        name = meta.get("parent", DEFAULT_THEME)
    raise StartupError(f"Themes inherit from each other in a circle: {chain}")


def template_loader(app: Flask, plugins: dict[str, Path]) -> BaseLoader:
    default_templates = str(theme_dir(DEFAULT_THEME) / "templates")
    searched = [str(Path(app.instance_path) / "templates")]
    searched += [
        str(theme_dir(name) / "templates") for name in theme_chain(app.config["THEME"])
    ]
    prefixes: dict[str, BaseLoader] = {"default": FileSystemLoader(default_templates)}
    for name, folder in plugins.items():
        templates = folder / "templates"
        if templates.is_dir():
            check_plugin_templates(name, templates)
            searched.append(str(templates))
            prefixes[name] = FileSystemLoader(str(templates))
    return ChoiceLoader(
        [FileSystemLoader(searched), PrefixLoader(prefixes, delimiter=":")]
    )


def init_app(app: Flask, pm: pluggy.PluginManager) -> None:
    plugins = plugin_dirs(pm)
    app.jinja_loader = template_loader(app, plugins)  # type: ignore[assignment]
    app.extensions["etwincms.static_dirs"] = {
        name: folder / "static" / name
        for name, folder in plugins.items()
        if (folder / "static" / name).is_dir()
    }
    app.add_url_rule(
        "/static/themes/<theme>/<path:filename>", "theme_static", serve_theme_static
    )
    app.add_url_rule(
        "/static/plugins/<plugin>/<path:filename>", "plugin_static", serve_plugin_static
    )
    app.jinja_env.globals["static_url"] = static_url


def serve_theme_static(theme: str, filename: str) -> ResponseReturnValue:
    static_dir = THEMES_DIR / theme / "static"
    if not theme.replace("-", "").replace("_", "").isalnum() or not static_dir.is_dir():
        abort(404)
    return send_from_directory(static_dir, filename, max_age=cache_age())


def serve_plugin_static(plugin: str, filename: str) -> ResponseReturnValue:
    static_dir = current_app.extensions["etwincms.static_dirs"].get(plugin)
    if static_dir is None:
        abort(404)
    return send_from_directory(static_dir, filename, max_age=cache_age())


def cache_age() -> int:
    # Versioned URLs (static_url) may be cached for long; unversioned ones briefly.
    from flask import request

    return 31_536_000 if request.args.get("v") else 3600


def static_url(
    filename: str, plugin: str | None = None, theme: str | None = None
) -> str:
    """URL of a static file with ``?v=<content hash>``, so browsers refetch on change."""
    if plugin is not None:
        folder = current_app.extensions["etwincms.static_dirs"].get(plugin)
        endpoint, args = "plugin_static", {"plugin": plugin}
    else:
        theme = theme or DEFAULT_THEME
        folder = THEMES_DIR / theme / "static"
        endpoint, args = "theme_static", {"theme": theme}
    version = file_version(str(folder / filename)) if folder else None
    return url_for(
        endpoint, filename=filename, **args, **({"v": version} if version else {})
    )


@cache
def file_version(path: str) -> str | None:
    file = Path(path)
    if not file.is_file():
        return None
    return hashlib.sha256(file.read_bytes()).hexdigest()[:10]
