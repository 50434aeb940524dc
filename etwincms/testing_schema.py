"""The test database's schema, made and emptied quickly: a suite does it for every test.

``create_schema`` makes the models' tables. On SQLite it copies them, with SQLite's
backup API, from an in-memory database made once per process for the same set of
tables (``create_all`` on a new file costs ~15 ms, the copy well under one); on
PostgreSQL, where the suite keeps one schema per process and empties it after each
test, one catalogue query finds the tables already there. ``empty_tables`` deletes
every row and starts the ids again in two round trips: ``ALTER SEQUENCE ... RESTART``
per sequence cost ~16 ms a test, ``setval`` none of that.
"""

from __future__ import annotations

import sqlite3

from sqlalchemy import create_engine, text
from sqlalchemy.engine import Connection, Engine
from sqlalchemy.exc import IntegrityError

from etwincms.db import Base
from etwincms.search.postgres_backend import TABLES as SEARCH_TABLES

#: Empty schemas by the set of table names they hold (a plugin's models add tables).
TEMPLATES: dict[frozenset[str], sqlite3.Connection] = {}

TABLES_PRESENT = text(
    "SELECT count(*) FROM pg_tables"
    " WHERE schemaname = current_schema() AND tablename = ANY(CAST(:names AS text[]))"
)
RESTART_SEQUENCES = text(
    "SELECT setval(oid, 1, false) FROM pg_class"
    " WHERE relkind = 'S' AND relnamespace = current_schema()::regnamespace"
)
EXISTING = text(
    "SELECT name FROM unnest(CAST(:names AS text[])) AS name"
    " WHERE to_regclass(name) IS NOT NULL"
)


def create_schema(engine: Engine) -> None:
    """Every table of ``Base.metadata`` in the database behind ``engine``."""
    names = frozenset(Base.metadata.tables)
    if engine.dialect.name == "sqlite":
        copy_schema(engine, template_of(names))
    elif not all_present(engine, names):
        Base.metadata.create_all(engine)


def template_of(names: frozenset[str]) -> sqlite3.Connection:
    """An in-memory database holding the empty tables, made on first use."""
    if names not in TEMPLATES:
        engine = create_engine("sqlite://")
        Base.metadata.create_all(engine)
        with engine.connect() as connection:
            TEMPLATES[names] = sqlite3.connect(":memory:", check_same_thread=False)
            connection.connection.driver_connection.backup(TEMPLATES[names])
        engine.dispose()
    return TEMPLATES[names]


def copy_schema(engine: Engine, template: sqlite3.Connection) -> None:
    """The template's pages written over the (new, empty) database's."""
    with engine.connect() as connection:
        template.backup(connection.connection.driver_connection)


def all_present(engine: Engine, names: frozenset[str]) -> bool:
    with engine.connect() as connection:
        found = connection.scalar(TABLES_PRESENT, {"names": sorted(names)})
    return found == len(names)


def empty_tables(engine: Engine) -> None:
    """Delete every row of the models' tables and the search backend's, and start the
    ids again (PostgreSQL: the suite reuses one schema per process)."""
    with engine.connect() as connection:
        tables = existing_tables(connection)
    try:
        # DELETE is ~50x faster than TRUNCATE on a test's few rows (TRUNCATE makes new
        # files for every table and index): children first, in one round trip. The
        # names are the models' own, checked against the catalogue.
        deletes = ";".join(f'DELETE FROM "{name}"' for name in reversed(tables))  # noqa: S608
        with engine.begin() as connection:
            connection.exec_driver_sql(deletes)
            connection.execute(RESTART_SEQUENCES)
    except IntegrityError:  # a table outside the models refers to one of them
        names = ", ".join(f'"{name}"' for name in tables)
        with engine.begin() as connection:
            connection.execute(text(f"TRUNCATE {names} RESTART IDENTITY CASCADE"))


def existing_tables(connection: Connection) -> list[str]:
    """The models' tables and the search backend's that exist, in the models' order."""
    wanted = [table.name for table in Base.metadata.sorted_tables]
    wanted += sorted(SEARCH_TABLES)
    found = set(connection.scalars(EXISTING, {"names": wanted}))
    return [name for name in wanted if name in found]
