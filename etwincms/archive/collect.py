"""Reading every row of one space, the shared rows they point at, and their files.

Space rows come from :func:`.scope.space_tables`; shared rows (accounts, schools, any
site-wide row a space row refers to) are followed through foreign keys until nothing new
is referenced. Pupils' accounts leave their password hash behind (their teacher gives them
a new one-time password in the new installation); adults' hashes (argon2, salted) travel,
so teachers sign in there as before. Stored files are found by value: any
string (also inside JSON) shaped like a storage key names a file the archive must carry.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import ColumnElement, MetaData, Table, select
from sqlalchemy.engine import Connection
from sqlalchemy.sql.schema import Column

from .codec import to_json
from .scope import (
    USER_TABLE,
    foreign_columns,
    person_tables,
    single_key,
    space_condition,
    space_tables,
)

Row = dict[str, Any]
STORAGE_KEY = re.compile(r"[0-9a-f]{2}/[0-9a-f]{2}/[0-9a-f]{64}")
PUPIL = "pupil"
IN_CHUNK = 500


@dataclass
class SpaceRows:
    """What an archive holds, table by table, before it is written."""

    space: dict[str, list[Row]] = field(default_factory=dict)
    shared: dict[str, list[Row]] = field(default_factory=dict)
    personal: dict[str, list[Row]] = field(default_factory=dict)

    def all_tables(self) -> Iterator[tuple[str, list[Row]]]:
        yield from self.space.items()
        yield from self.shared.items()
        yield from self.personal.items()


def collect_space(
    connection: Connection, metadata: MetaData, project_id: int
) -> SpaceRows:
    """Every row of the space and the shared rows it refers to."""
    scopes = space_tables(metadata)
    conditions = space_condition(scopes, project_id)
    data = SpaceRows()
    for scope in scopes:
        name = scope.table.name
        data.space[name] = fetch(connection, scope.table, conditions[name])
    data.shared = collect_shared(connection, metadata, data.space)
    people = sorted(row["id"] for row in data.shared.get(USER_TABLE, []))
    for name, column in person_tables(metadata, data.space).items():
        data.personal[name] = fetch_by(connection, column, people)
    return data


def fetch(
    connection: Connection, table: Table, condition: ColumnElement[bool]
) -> list[Row]:
    query = select(table).where(condition).order_by(*table.primary_key.columns)
    rows = [
        {column.name: to_json(row._mapping[column]) for column in table.columns}
        for row in connection.execute(query)
    ]
    if table.name == USER_TABLE:
        for row in rows:
            if row["kind"] == PUPIL:
                row["password_hash"] = None
    return rows


def collect_shared(
    connection: Connection, metadata: MetaData, space: dict[str, list[Row]]
) -> dict[str, list[Row]]:
    """Rows outside the space that space rows (or shared rows) point at, by table."""
    shared: dict[str, dict[Any, Row]] = {}
    queue = [(metadata.tables[name], rows) for name, rows in space.items()]
    while queue:
        table, rows = queue.pop()
        for column in foreign_columns(table):
            target = single_key(column).column
            if target.table.name in space or target.table is table:
                continue
            known = shared.setdefault(target.table.name, {})
            wanted = {row[column.name] for row in rows} - {None} - set(known)
            fetched = fetch_by(connection, target, sorted(wanted))
            known.update((row[target.name], row) for row in fetched)
            if fetched:
                queue.append((target.table, fetched))
    ordered = (t.name for t in metadata.sorted_tables if shared.get(t.name))
    return {
        name: [shared[name][key] for key in sorted(shared[name])] for name in ordered
    }


def fetch_by(connection: Connection, column: Column, values: list[Any]) -> list[Row]:
    rows: list[Row] = []
    for start in range(0, len(values), IN_CHUNK):
        chunk = values[start : start + IN_CHUNK]
        rows += fetch(connection, column.table, column.in_(chunk))
    return rows


def storage_keys(data: SpaceRows) -> list[str]:
    """Every storage key named by a value of any row (sorted, once each)."""
    found: set[str] = set()
    for _name, rows in data.all_tables():
        for row in rows:
            found.update(keys_in(row))
    return sorted(found)


def keys_in(value: Any) -> Iterator[str]:
    if isinstance(value, str):
        if STORAGE_KEY.fullmatch(value):
            yield value
    elif isinstance(value, dict):
        for item in value.values():
            yield from keys_in(item)
    elif isinstance(value, list):
        for item in value:
            yield from keys_in(item)
