"""Turning database values into JSON and back, guided by each column's type.

Timestamps and dates become ISO 8601 strings, binary values base64, decimals strings;
JSON columns and plain values stay as they are. Reading back asks the target column's
Python type, so an archive made on SQLite restores into PostgreSQL and the reverse.
"""

from __future__ import annotations

import base64
import enum
from datetime import date, datetime, time
from decimal import Decimal
from typing import Any
from uuid import UUID

from sqlalchemy.sql.schema import Column
from sqlalchemy.types import TypeDecorator


def to_json(value: Any) -> Any:
    """A JSON-ready form of one database value."""
    if isinstance(value, enum.Enum):
        return value.value
    if isinstance(value, (datetime, date, time)):
        return value.isoformat()
    if isinstance(value, (bytes, bytearray, memoryview)):
        return base64.b64encode(bytes(value)).decode("ascii")
    if isinstance(value, (Decimal, UUID)):
        return str(value)
    return value


def from_json(column: Column, value: Any) -> Any:
    """The database value for ``column`` of a value read from an archive."""
    if value is None:
        return None
    kind = python_type(column)
    readers = {
        datetime: datetime.fromisoformat,
        date: date.fromisoformat,
        time: time.fromisoformat,
        bytes: base64.b64decode,
        Decimal: Decimal,
        UUID: UUID,
    }
    reader = readers.get(kind)  # type: ignore[call-overload]
    return reader(value) if reader is not None and isinstance(value, str) else value


def python_type(column: Column) -> type | None:
    """The column's Python type, looking through type decorators (UTC timestamps)."""
    kind = column.type
    while isinstance(kind, TypeDecorator):
        kind = kind.impl_instance
    try:
        return kind.python_type
    except NotImplementedError:
        return None
