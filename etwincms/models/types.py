"""Column helpers shared by the models: string-backed enums and timestamps."""

from __future__ import annotations

import enum
from typing import Any

from sqlalchemy import Enum


def str_enum(enum_class: type[enum.StrEnum], name: str) -> Enum:
    """A VARCHAR column with a CHECK constraint holding the enum's *values*."""
    return Enum(
        enum_class,
        name=name,
        native_enum=False,
        create_constraint=True,
        length=max(len(member.value) for member in enum_class),
        values_callable=enum_values,
        validate_strings=True,
    )


def enum_values(enum_class: Any) -> list[str]:
    return [member.value for member in enum_class]
