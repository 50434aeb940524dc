"""Running Alembic from the application: upgrade, current, heads, and a drift check.

The Alembic environment is built here from the app's database and the migration folders
(the core's, and each plugin's once plugins register them), so operators never edit
``alembic.ini``. Migrations never run at boot: only these explicit commands apply them.
"""

from __future__ import annotations

import os
from pathlib import Path
from typing import Any

from alembic import command
from alembic.autogenerate import compare_metadata
from alembic.config import Config
from alembic.migration import MigrationContext
from alembic.script import ScriptDirectory
from flask import Flask

from . import models  # noqa: F401  (every core model is part of the metadata)
from .db import Base

MIGRATIONS_DIR = Path(__file__).resolve().parent.parent / "migrations"
CORE_BRANCH = "core"


def alembic_config(app: Flask) -> Config:
    """One Alembic environment: the core's versions plus every loaded plugin's branch."""
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    locations = [MIGRATIONS_DIR / "versions"] + [
        source.path for source in registries(app).migrations.values()
    ]
    config.set_main_option("version_locations", os.pathsep.join(map(str, locations)))
    return config


def registries(app: Flask) -> Any:
    return app.extensions["etwincms"].registries


def app_tables(app: Flask) -> set[str]:
    """Tables of the core models and of the models the loaded plugins registered."""
    core = {
        mapper.local_table.name
        for mapper in Base.registry.mappers
        if mapper.class_.__module__.startswith("etwincms.models")
    }
    plugin_models = (
        model for owned in registries(app).models.values() for model in owned
    )
    return core | {model.__table__.name for model in plugin_models}


def upgrade(app: Flask, target: str = "heads") -> None:
    """Apply every pending migration of every branch (``upgrade heads``)."""
    config = alembic_config(app)
    with engine_of(app).begin() as connection:
        config.attributes["connection"] = connection
        command.upgrade(config, target)


def current(app: Flask) -> tuple[str, ...]:
    with engine_of(app).connect() as connection:
        return MigrationContext.configure(connection).get_current_heads()


def heads(app: Flask) -> tuple[str, ...]:
    return tuple(ScriptDirectory.from_config(alembic_config(app)).get_heads())


def applied(app: Flask) -> set[str]:
    """Every revision the database has: its current ones and all they stand on.

    A plugin branch ``depends_on`` the core, so once it is applied Alembic records only
    the plugin's revision as current; the core's head is applied all the same.
    """
    scripts = ScriptDirectory.from_config(alembic_config(app))
    return {
        revision.revision
        for revision in scripts.iterate_revisions(current(app), "base")
    }


def pending(app: Flask) -> bool:
    """Whether some branch (the core's or a plugin's) has migrations not yet applied."""
    return not set(heads(app)) <= applied(app)


def drift(app: Flask) -> list[Any]:
    """Differences between the models and the migrated database (empty when in step).

    Only this app's tables count: models of plugins that are installed elsewhere in the
    process, and tables of plugins not loaded here, are left out of the comparison.
    """
    tables = app_tables(app)

    def include(
        obj: Any, name: str | None, type_: str, reflected: bool, other: Any
    ) -> bool:
        table = obj if type_ == "table" else getattr(obj, "table", None)
        return table is None or table.name in tables

    with engine_of(app).connect() as connection:
        opts = {"compare_type": True, "include_object": include}
        context = MigrationContext.configure(connection, opts=opts)
        return compare_metadata(context, Base.metadata)


def engine_of(app: Flask) -> Any:
    return app.extensions["etwincms"].db.engine
