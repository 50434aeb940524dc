"""Running Alembic from the application: upgrade, current, heads, and a drift check.

The Alembic environment is built here from the app's database and the migration folders
(the core's, and each plugin's once plugins register them), so operators never edit
``alembic.ini``. Migrations never run at boot: only these explicit commands apply them.
"""

from __future__ import annotations

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
    config = Config()
    config.set_main_option("script_location", str(MIGRATIONS_DIR))
    config.set_main_option("path_separator", "os")
    config.set_main_option("version_locations", str(MIGRATIONS_DIR / "versions"))
    return config


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


def pending(app: Flask) -> bool:
    return set(current(app)) != set(heads(app))


def drift(app: Flask) -> list[Any]:
    """Differences between the models and the migrated database (empty when in step)."""
    with engine_of(app).connect() as connection:
        context = MigrationContext.configure(connection, opts={"compare_type": True})
        return compare_metadata(context, Base.metadata)


def engine_of(app: Flask) -> Any:
    return app.extensions["etwincms"].db.engine
