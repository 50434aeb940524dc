"""Comparing two installations' rows through an import's renumbering.

Rows are read straight from each database (every row of a table, not through the archive
code). A source row is translated as an import must translate it: its own integer id is
left out, every foreign key is replaced by the new number of the row it points at, the
audit log's object id likewise; account columns an import sets on purpose (no password,
no site admin, no pupil password) are left out. The two sides are then compared as multisets.
"""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask
from sqlalchemy import Table, select

from etwincms.archive.codec import to_json
from etwincms.archive.people import new_account_values
from etwincms.archive.scope import single_key, surrogate_key

Row = dict[str, Any]
#: The audit log's object types, as the core writes them, and their tables.
OBJECT_TABLES = {"page": "page", "project": "project", "user": "user_account",
                 "material": "material", "membership": "membership"}  # fmt: skip


def rows_of(app: Flask, table: Table) -> list[Row]:
    engine = app.extensions["etwincms"].db.engine
    with engine.connect() as connection:
        return [
            {c.name: to_json(row._mapping[c]) for c in table.columns}
            for row in connection.execute(select(table))
        ]


def translated(table: Table, row: Row, mapping: dict[str, dict[Any, Any]]) -> Row:
    """The row as the target must hold it (see the module's docstring)."""
    out = stripped(table, row)
    for column in table.columns:
        if column.foreign_keys and row[column.name] is not None:
            out[column.name] = new_key(column, row[column.name], mapping)
    if row.get("object_type") in OBJECT_TABLES and row.get("object_id") is not None:
        out["object_id"] = mapping[OBJECT_TABLES[row["object_type"]]].get(
            row["object_id"]
        )
    return {name: typed_id(value, mapping) for name, value in out.items()}


def typed_id(value: Any, mapping: dict[str, dict[Any, Any]]) -> Any:
    """``"page:12"`` (an item named by table and id) with the id renumbered."""
    match = re.fullmatch(r"([a-z_]+):(\d+)", value) if isinstance(value, str) else None
    if match is None or match.group(1) not in mapping:
        return value
    return f"{match.group(1)}:{mapping[match.group(1)][int(match.group(2))]}"


def new_key(column: Any, value: Any, mapping: dict[str, dict[Any, Any]]) -> Any:
    target = single_key(column).column
    if target.foreign_keys:
        return new_key(target, value, mapping)
    return mapping[target.table.name][value]


def stripped(table: Table, row: Row) -> Row:
    """The row without its surrogate id and the columns an import sets itself."""
    key = surrogate_key(table)
    left_out = set(new_account_values(row)) if table.name == "user_account" else set()
    return {
        name: value
        for name, value in row.items()
        if name not in left_out and (key is None or name != key.name)
    }


def canonical(rows: list[Row]) -> list[str]:
    return sorted(json.dumps(row, sort_keys=True, default=str) for row in rows)
