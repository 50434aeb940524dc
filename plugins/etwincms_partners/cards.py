"""What every result of partner finding looks like, whatever its kind, and its facets.

A :class:`Card` is one post, person, school or listed space as listings, facet counts
and the API show it; :func:`facets` counts the values of the filterable fields over a
result list, so the finder can offer each value with how many results it would keep.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime
from typing import Any

#: The most results one search answers (the newest first).
LIMIT = 200


@dataclass(frozen=True, slots=True)
class Card:
    """One result, whatever its kind; what listings, facets and the API show."""

    kind: str
    id: int
    title: str
    url: str
    summary: str = ""
    countries: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    subjects: tuple[str, ...] = ()
    vocational: tuple[str, ...] = ()
    age_min: int | None = None
    age_max: int | None = None
    partnership_type: str = ""
    looking_for: str = ""
    school: str = ""
    city: str = ""
    #: The teacher to write to: the post's author, the person, the space's founder.
    contact_id: int | None = None
    since: datetime | None = None
    extra: dict[str, Any] = field(default_factory=dict)


def like(column: Any, text: str) -> Any:
    escaped = text.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_")
    return column.ilike(f"%{escaped}%", escape="\\")


# -- facets --------------------------------------------------------------------------

FACETS = ("countries", "languages", "subjects", "vocational", "partnership_type")


def facets(cards: list[Card]) -> dict[str, Counter[str]]:
    """How many of ``cards`` have each value, per filterable field."""
    counted: dict[str, Counter[str]] = {name: Counter() for name in FACETS}
    for card in cards:
        for name in FACETS:
            value = getattr(card, name)
            counted[name].update(
                value if isinstance(value, tuple) else [value] if value else []
            )
    return {name: counts for name, counts in counted.items() if counts}
