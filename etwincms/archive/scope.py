"""Which tables and rows belong to one space, computed from the SQLAlchemy metadata.

A table belongs to spaces when it has a ``project_id`` column (or a foreign key to the
``project`` table), or a foreign key to a table that belongs to spaces: child rows reach
their space through their parent's key, at any depth. Nothing here names a plugin's
table, so a plugin's models are archived as soon as they are registered. Tables that
rows of the space point at but that are not scoped by a space (accounts, schools, a
plugin's site-wide rows) are "shared": the archive carries the rows referenced, and an
import matches or creates them.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from sqlalchemy import (
    ColumnElement,
    MetaData,
    Table,
    UniqueConstraint,
    false,
    or_,
    select,
)
from sqlalchemy.sql.schema import Column, ForeignKey

from .codec import python_type

PROJECT_TABLE = "project"
USER_TABLE = "user_account"
SCHOOL_TABLE = "school"
#: Work queues rebuilt from the content (the import queues a fresh reindex instead).
DERIVED_TABLES = frozenset({"search_outbox"})
#: Credentials of one installation: an archive never carries them elsewhere.
SITE_TABLES = frozenset({"api_token"})


@dataclass(frozen=True)
class TableScope:
    """A table of the space, and the columns that tie its rows to the space."""

    table: Table
    owners: tuple[Column, ...]


def space_tables(metadata: MetaData) -> list[TableScope]:
    """Every table whose rows belong to a space, parents before children."""
    owners: dict[Table, tuple[Column, ...]] = {metadata.tables[PROJECT_TABLE]: ()}
    grew = True
    while grew:
        grew = False
        for table in metadata.sorted_tables:
            if table in owners or table.name in DERIVED_TABLES:
                continue
            found = owner_columns(table, owners)
            if found:
                owners[table], grew = found, True
    return [TableScope(t, owners[t]) for t in metadata.sorted_tables if t in owners]


def owner_columns(table: Table, scoped: Iterable[Table]) -> tuple[Column, ...]:
    """The direct link to the space if the table has one, else its keys to space tables."""
    if "project_id" in table.c:
        return (table.c.project_id,)
    scoped = set(scoped)
    return tuple(
        fk.parent
        for fk in sorted(table.foreign_keys, key=lambda fk: fk.parent.name)
        if fk.column.table in scoped and fk.column.table is not table
    )


def space_condition(
    scopes: list[TableScope], project_id: int
) -> dict[str, ColumnElement[bool]]:
    """Per table name, the WHERE clause selecting the space's rows (nested subqueries)."""
    conditions: dict[str, ColumnElement[bool]] = {}
    for scope in scopes:
        if scope.table.name == PROJECT_TABLE:
            conditions[PROJECT_TABLE] = scope.table.c.id == project_id
        elif "project_id" in scope.table.c:
            conditions[scope.table.name] = scope.table.c.project_id == project_id
        else:
            conditions[scope.table.name] = or_(
                false(),
                *(through_parent(column, conditions) for column in scope.owners),
            )
    return conditions


def through_parent(
    column: Column, conditions: dict[str, ColumnElement[bool]]
) -> ColumnElement[bool]:
    target = single_key(column).column
    return column.in_(select(target).where(conditions[target.table.name]))


def single_key(column: Column) -> ForeignKey:
    """The one foreign key of a column (a column pointing at two tables is not supported)."""
    (key,) = column.foreign_keys
    return key


def person_tables(metadata: MetaData, scoped: Iterable[str]) -> dict[str, Column]:
    """Tables holding one row per person (a pupil's consent, someone's preferences), by
    the column naming the person: they travel with the accounts an import creates."""
    users = metadata.tables[USER_TABLE]
    left_out = {*scoped, *DERIVED_TABLES, *SITE_TABLES, USER_TABLE}
    found = {}
    for table in metadata.sorted_tables:
        column = None if table.name in left_out else one_per_person(table, users)
        if column is not None:
            found[table.name] = column
    return found


def one_per_person(table: Table, users: Table) -> Column | None:
    """The column that points at an account and is unique (or the whole key), if any."""
    for column in table.columns:
        if not any(fk.column.table is users for fk in column.foreign_keys):
            continue
        if column.unique or list(table.primary_key.columns) == [column]:
            return column
        if any(list(c.columns) == [column] for c in table.constraints if is_unique(c)):
            return column
    return None


def is_unique(constraint: object) -> bool:
    return isinstance(constraint, UniqueConstraint)


def surrogate_key(table: Table) -> Column | None:
    """The table's own integer id, renumbered on import; None for natural/composite keys."""
    columns = list(table.primary_key.columns)
    if len(columns) != 1 or columns[0].foreign_keys:
        return None
    return columns[0] if python_type(columns[0]) is int else None


def foreign_columns(table: Table) -> list[Column]:
    """The table's columns that hold a foreign key, in column order."""
    return [column for column in table.columns if column.foreign_keys]
