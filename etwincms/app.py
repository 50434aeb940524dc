"""The application factory: the one place where configuration, database, plugins and views meet."""

from __future__ import annotations

import secrets
from collections.abc import Iterable, Mapping
from pathlib import Path
from types import ModuleType
from typing import Any

from flask import Flask
from werkzeug.routing import IntegerConverter, Map

from . import db, mounting, stamps, theming
from .config import instance_path_from, load_config
from .content.markdown import make_parser
from .content.sanitize import Sanitizer
from .errors import StartupError
from .passwords import make_hasher
from .plugins import PluginHost, build_plugin_manager
from .registry import build_registries
from .routing import LazyBuildRule
from .search import engine as search_engine
from .search import outbox as search_outbox
from .state import AppState
from .storage import LocalStorage

PACKAGE_DIR = Path(__file__).resolve().parent


def create_app(
    config: Mapping[str, Any] | None = None,
    *,
    plugins: Iterable[ModuleType | object] | None = None,
) -> Flask:
    """Create and configure an etwincms application.

    :param config: Settings that override every other source (tests pass these).
    :param plugins: Register exactly these plugins instead of the installed ones.
    """
    instance_path = instance_path_from(config)
    app = Flask(
        "etwincms",
        instance_path=str(instance_path),
        root_path=str(PACKAGE_DIR),
        static_folder=None,
        template_folder=None,
    )
    # Bounded before any route exists: a URL id past 32 bits cannot name a row, and
    # databases refuse such numbers with an error instead of "not found".
    app.url_map.converters["int"] = DatabaseIdConverter
    app.url_rule_class = LazyBuildRule
    app.config.update(load_config(instance_path, config))
    check_secret_key(app)
    pm = build_plugin_manager(app.config, plugins)
    registries = build_registries(pm)
    state = AppState(
        db=db.Database(app.config["DATABASE_URL"], echo=app.config["SQL_ECHO"]),
        plugins=PluginHost(pm),
        registries=registries,
        markdown=make_parser(),
        sanitizer=Sanitizer(registries.sanitizer_rules),
        storage=LocalStorage(app.config["STORAGE_DIR"]),
        hasher=make_hasher(app.config.get("PASSWORD_HASH", "default")),
        explicit_plugins=plugins is not None,
    )
    app.extensions["etwincms"] = state
    search_outbox.install(state.db.sessionmaker)
    stamps.install(state.db.sessionmaker)
    search_engine.init_app(app)
    db.init_app(app, state.db)
    theming.init_app(app, pm)
    from . import api, web

    web.init_app(app)
    api.init_api(app)
    mounting.mount_blueprints(app, registries.blueprints)
    pm.hook.prepare_jinja_env(env=app.jinja_env)
    pm.hook.startup(app=app)
    return app


class DatabaseIdConverter(IntegerConverter):
    """``<int:...>`` in every route: 0 to 2**31 - 1, as database ids are."""

    def __init__(self, url_map: Map, *args: Any, **kwargs: Any) -> None:
        kwargs.setdefault("max", 2**31 - 1)
        super().__init__(url_map, *args, **kwargs)


def check_secret_key(app: Flask) -> None:
    """Refuse to run without a secret key, except in tests and debug (a throwaway one)."""
    if app.config.get("SECRET_KEY"):
        return
    if app.config.get("TESTING") or app.debug:
        app.config["SECRET_KEY"] = secrets.token_hex(32)
        return
    raise StartupError(
        "SECRET_KEY is not set. Run `etwincms init` (it writes one to "
        f"{Path(app.instance_path) / 'etwincms.toml'}) or set ETWINCMS_SECRET_KEY."
    )
