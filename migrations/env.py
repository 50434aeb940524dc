"""Alembic environment: one environment for the core and every plugin's branch.

Run through ``etwincms db upgrade`` (which hands over a connection) or plain
``alembic upgrade heads`` (which builds the app from its configuration). SQLite gets
batch mode so that ALTERs work there too.
"""

from __future__ import annotations

from logging.config import fileConfig

from alembic import context

from etwincms.db import Base
from etwincms.search.postgres_backend import TABLES as SEARCH_TABLES

config = context.config
if config.config_file_name is not None and not config.attributes.get("connection"):
    fileConfig(config.config_file_name, disable_existing_loggers=False)

target_metadata = Base.metadata


def include_object(obj, name, type_, reflected, compare_to) -> bool:
    """Leave out the PostgreSQL search backend's tables: derived data it manages itself."""
    table = obj if type_ == "table" else getattr(obj, "table", None)
    return table is None or table.name not in SEARCH_TABLES


def run_with(connection) -> None:
    context.configure(
        connection=connection,
        target_metadata=target_metadata,
        include_object=include_object,
        render_as_batch=connection.dialect.name == "sqlite",
        compare_type=True,
    )
    with context.begin_transaction():
        context.run_migrations()


def run_migrations_online() -> None:
    connection = config.attributes.get("connection")
    if connection is not None:
        run_with(connection)
        return
    from etwincms.app import create_app

    app = create_app({"TESTING": True})  # TESTING: no secret key needed to migrate
    engine = app.extensions["etwincms"].db.engine
    with engine.begin() as conn:
        run_with(conn)


if context.is_offline_mode():
    raise SystemExit(
        "Offline (SQL script) migrations are not supported; run them online."
    )
run_migrations_online()
