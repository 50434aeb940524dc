"""Writing an archive's rows into this installation, renumbered, in one transaction.

Tables are written parents first (the metadata's order). A table's own integer id is
left to the database and the old-to-new numbers are kept per table; every foreign key is
translated through them (from the metadata, plugins' tables included). Accounts and
schools are matched or created (:mod:`.people`). A key pointing at itself (a page's
parent) is set once the whole table is in. Two things hold ids without a foreign key and
are translated after everything is written: links inside text (``/s/<space>/-/id/<page>``
and ``/-/materials/<id>``, and the space's address when it changes), whole values of the
form ``<type>:<id>`` (``page:12``, ``gallery_item:5``), both also inside JSON documents,
and the audit log's ``object_type``/``object_id`` pair.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import JSON, Table, insert, update
from sqlalchemy.engine import Connection
from sqlalchemy.sql.schema import Column

from ..db import Base
from .codec import from_json, python_type
from .package import ArchiveError
from .people import (
    email_taken,
    free_username,
    new_account_values,
    same_person,
    same_school,
)
from .scope import PROJECT_TABLE, SCHOOL_TABLE, USER_TABLE, single_key, surrogate_key

Row = dict[str, Any]
OBJECT_COLUMNS = ("object_type", "object_id")
#: An id named in text as ``<type>:<number>`` (moderation items, contributions).
TYPED_ID = re.compile(r"([a-z][a-z0-9_]*):([0-9]+)")


@dataclass
class Restorer:
    """Inserts one archive's tables; ``mapping[table][old key]`` is the new key."""

    connection: Connection
    old_slug: str
    new_slug: str
    #: One-row-per-person tables (see :func:`.scope.person_tables`) and their person column.
    person_columns: dict[str, str] = field(default_factory=dict)
    created_users: set[Any] = field(default_factory=set)
    mapping: dict[str, dict[Any, Any]] = field(default_factory=dict)
    matched_users: list[str] = field(default_factory=list)
    renamed_users: dict[str, str] = field(default_factory=dict)
    dropped_references: int = 0
    texts: list[tuple[Table, Row, dict[str, str]]] = field(default_factory=list)

    def restore(self, tables: dict[str, list[Row]]) -> None:
        for table in write_order(tables):
            rows = tables[table.name]
            if table.name == USER_TABLE:
                self.restore_users(table, rows)
            elif table.name == SCHOOL_TABLE:
                self.restore_schools(table, rows)
            elif table.name in self.person_columns:
                self.insert_rows(table, self.rows_of_new_people(table.name, rows))
            else:
                self.insert_rows(table, rows)
        self.rewrite_texts()

    # -- rows ----------------------------------------------------------------------

    def insert_rows(self, table: Table, rows: list[Row]) -> list[Row]:
        """Insert rows (renumbered, keys translated); answer each row's new key values."""
        if not rows:
            return []
        key = surrogate_key(table)
        later = [
            c
            for c in table.columns
            if c.foreign_keys and c.nullable and points_at(c, table)
        ]
        later = later if key is not None else []
        values = [self.translate(table, row, later) for row in rows]
        identities = self.execute_insert(table, key, rows, values)
        self.set_later(table, key, rows, identities, later)
        self.note_texts(table, rows, identities)
        return identities

    def execute_insert(
        self, table: Table, key: Column | None, rows: list[Row], values: list[Row]
    ) -> list[Row]:
        primary = list(table.primary_key.columns)
        if key is None:
            self.connection.execute(insert(table), values)
            return [{c.key: value[c.key] for c in primary} for value in values]
        statement = insert(table).returning(key, sort_by_parameter_order=True)
        new_ids = list(self.connection.scalars(statement, values))
        known = self.mapping.setdefault(table.name, {})
        known.update(
            (row[key.name], new) for row, new in zip(rows, new_ids, strict=True)
        )
        return [{key.key: new} for new in new_ids]

    def translate(self, table: Table, row: Row, later: list[Column]) -> Row:
        key = surrogate_key(table)
        values: Row = {}
        for column in table.columns:
            if column.name not in row or column is key:
                continue
            value = from_json(column, row[column.name])
            if column.foreign_keys and value is not None:
                value = None if column in later else self.remap(column, value)
            values[column.key] = value
        if table.name == PROJECT_TABLE:
            values["slug"] = self.new_slug
        if all(name in table.c for name in OBJECT_COLUMNS):
            values["object_id"] = self.object_id(row)
        return values

    def remap(self, column: Column, value: Any) -> Any:
        """The new value of a foreign key; None (when allowed) if its row is not here."""
        target = single_key(column).column
        if target.foreign_keys:  # a key that is itself a foreign key: follow it
            return self.remap(target, value)
        found = self.mapping.get(target.table.name, {}).get(value)
        if found is not None:
            return found
        if column.nullable:
            self.dropped_references += 1
            return None
        raise ArchiveError(
            f"{column.table.name}.{column.name} refers to {target.table.name} {value}, "
            "which the archive does not hold: it is incomplete."
        )

    def set_later(
        self,
        table: Table,
        key: Column | None,
        rows: list[Row],
        identities: list[Row],
        later: list[Column],
    ) -> None:
        """Keys pointing into the same table, once every row of it has its new id."""
        for column in later:
            for row, identity in zip(rows, identities, strict=True):
                if row.get(column.name) is None:
                    continue
                new = self.remap(column, row[column.name])
                self.connection.execute(
                    update(table)
                    .where(key == identity[key.key])
                    .values({column.key: new})  # type: ignore[union-attr]
                )

    # -- people --------------------------------------------------------------------

    def restore_users(self, table: Table, rows: list[Row]) -> None:
        known = self.mapping.setdefault(USER_TABLE, {})
        created = []
        for row in rows:
            existing = same_person(self.connection, row)
            if existing is not None:
                known[row["id"]] = existing
                self.matched_users.append(row["username"])
            else:
                created.append(self.new_account(row))
                self.created_users.add(row["id"])
        self.insert_rows(table, created)

    def rows_of_new_people(self, name: str, rows: list[Row]) -> list[Row]:
        """A matched person keeps the rows they have here; new accounts bring theirs."""
        column = self.person_columns[name]
        return [row for row in rows if row[column] in self.created_users]

    def new_account(self, row: Row) -> Row:
        username = free_username(self.connection, row["username"])
        if username != row["username"]:
            self.renamed_users[row["username"]] = username
        email = (
            None if email_taken(self.connection, row.get("email")) else row.get("email")
        )
        return {**row, **new_account_values(row), "username": username, "email": email}

    def restore_schools(self, table: Table, rows: list[Row]) -> None:
        known = self.mapping.setdefault(SCHOOL_TABLE, {})
        created = []
        for row in rows:
            existing = same_school(self.connection, row)
            if existing is None:
                created.append(row)
            else:
                known[row["id"]] = existing
        self.insert_rows(table, created)

    # -- ids without a foreign key -------------------------------------------------

    def object_id(self, row: Row) -> Any:
        """The audit log's object id, renumbered like the row it names (None if gone)."""
        name = model_tables().get(row.get("object_type") or "")
        if name is None or name not in self.mapping:
            return row.get("object_id") if name is None else None
        return self.mapping[name].get(row.get("object_id"))

    def note_texts(self, table: Table, rows: list[Row], identities: list[Row]) -> None:
        """Remember values that name ids: links into the space, ``"<type>:<id>"``
        strings, in text columns and inside JSON documents."""
        columns = [c for c in table.columns if holds_text(c) and not c.foreign_keys]
        for row, identity in zip(rows, identities, strict=True):
            found = {
                c.key: row[c.name] for c in columns if self.names_ids(row.get(c.name))
            }
            if found:
                self.texts.append((table, identity, found))

    def names_ids(self, value: Any) -> bool:
        if isinstance(value, dict):
            return any(self.names_ids(item) for item in value.values())
        if isinstance(value, list):
            return any(self.names_ids(item) for item in value)
        if not isinstance(value, str):
            return False
        return f"/s/{self.old_slug}/" in value or TYPED_ID.fullmatch(value) is not None

    def rewrite_texts(self) -> None:
        for table, identity, found in self.texts:
            where = [table.c[name] == value for name, value in identity.items()]
            new = {name: self.rewritten(value) for name, value in found.items()}
            self.connection.execute(update(table).where(*where).values(new))

    def rewritten(self, value: Any) -> Any:
        if isinstance(value, dict):
            return {key: self.rewritten(item) for key, item in value.items()}
        if isinstance(value, list):
            return [self.rewritten(item) for item in value]
        if not isinstance(value, str):
            return value
        pattern = rf"/s/{re.escape(self.old_slug)}/(?:-/(id|materials)/(\d+))?"
        return self.typed_id(value) or re.sub(pattern, self.new_link, value)

    def new_link(self, match: re.Match[str]) -> str:
        kind, number = match.group(1), match.group(2)
        if kind is None:
            return f"/s/{self.new_slug}/"
        table = "page" if kind == "id" else "material"
        new = self.mapping.get(table, {}).get(int(number), number)
        return f"/s/{self.new_slug}/-/{kind}/{new}"

    def typed_id(self, text: str) -> str | None:
        """``"gallery_item:5"`` (a table, or a model as the audit log names it) renumbered."""
        match = TYPED_ID.fullmatch(text)
        if match is None:
            return None
        kind, number = match.group(1), int(match.group(2))
        table = kind if kind in self.mapping else model_tables().get(kind)
        new = self.mapping.get(table or "", {}).get(number)
        return f"{kind}:{new}" if new is not None else None


def holds_text(column: Column) -> bool:
    return python_type(column) is str or isinstance(column.type, JSON)


def points_at(column: Column, table: Table) -> bool:
    return single_key(column).column.table is table


def write_order(tables: dict[str, list[Row]]) -> list[Table]:
    """The archive's tables, parents first; audit-like tables (which name objects by
    type and id) last, so every object they name has its new id by then."""
    ordered = [t for t in Base.metadata.sorted_tables if t.name in tables]
    referenced = {
        single_key(c).column.table for t in ordered for c in t.columns if c.foreign_keys
    }
    last = [
        t
        for t in ordered
        if all(n in t.c for n in OBJECT_COLUMNS) and t not in referenced
    ]
    return [t for t in ordered if t not in last] + last


def model_tables() -> dict[str, str]:
    """``object_type`` as the audit log writes it (the class name, lower case) -> table."""
    return {
        mapper.class_.__name__.lower(): mapper.local_table.name
        for mapper in Base.registry.mappers
        if isinstance(mapper.local_table, Table)
    }
