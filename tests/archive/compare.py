"""Comparing two installations' rows through an import's renumbering.

Rows are read straight from each database (every row of a table, not through the archive
code). A source row is translated as an import must translate it: its own integer id is
left out, every foreign key is replaced by the new number of the row it points at, and so
are the audit log's object id (its ``object_type`` is the model's class name), values
naming an item as ``<type>:<id>`` and links to pages and files in text. Account columns
an import sets on purpose (no site admin, no pupil password) are left out. The two sides
are then compared as multisets."""

from __future__ import annotations

import json
import re
from typing import Any

from flask import Flask
from sqlalchemy import Table, select

from etwincms.archive.codec import to_json
from etwincms.archive.people import new_account_values
from etwincms.archive.restore import model_tables
from etwincms.archive.scope import single_key, surrogate_key

Row = dict[str, Any]
LINK = re.compile(r"(/s/[a-z0-9-]+/-/(id|materials)/)(\d+)")


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
    object_table = model_tables().get(row.get("object_type") or "")
    if object_table and row.get("object_id") is not None:
        out["object_id"] = mapping.get(object_table, {}).get(row["object_id"])
    return {name: typed_id(value, mapping) for name, value in out.items()}


def typed_id(value: Any, mapping: dict[str, dict[Any, Any]]) -> Any:
    """``"page:12"`` (an item named by table and id) with the id renumbered; in text,
    links to a page (``/s/<space>/-/id/12``) or a file (``/-/materials/3``) likewise;
    inside JSON documents too."""
    if isinstance(value, dict):
        return {key: typed_id(item, mapping) for key, item in value.items()}
    if isinstance(value, list):
        return [typed_id(item, mapping) for item in value]
    if not isinstance(value, str):
        return value
    match = re.fullmatch(r"([a-z_]+):(\d+)", value)
    if match is None or match.group(1) not in mapping:
        return LINK.sub(lambda link: new_link(link, mapping), value)
    return f"{match.group(1)}:{mapping[match.group(1)][int(match.group(2))]}"


def new_link(link: re.Match[str], mapping: dict[str, dict[Any, Any]]) -> str:
    table = "page" if link.group(2) == "id" else "material"
    return f"{link.group(1)}{mapping[table][int(link.group(3))]}"


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
