"""The report pack's figures as plain, immutable records.

The service builds a :class:`Report`; the HTML page, the CSV, the PDF, the JSON API and
the Quality Label view only present it. Records carry codes (roles, content types,
phase kinds) and school labels, never a person's name.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from datetime import date, datetime

from .filters import ReportFilters

#: Roles in the order reports list them; ``unknown`` is a former or erased member.
ROLE_ORDER = ("admin", "teacher", "pupil_lead", "pupil", "observer", "unknown")


@dataclass(frozen=True, slots=True)
class Evidence:
    """One contribution counted by the report, with a link to see it."""

    id: str
    type: str
    plugin: str
    title: str
    url: str
    created_at: datetime
    public: bool
    output: bool
    role: str
    school: str
    phase_ids: frozenset[int] = frozenset()


@dataclass(frozen=True, slots=True)
class Cell:
    """Contributions of one content type by members of one school with one role."""

    school: str
    role: str
    type: str
    count: int


@dataclass(frozen=True, slots=True)
class MobilityRow:
    """A mobility and how many took part, by school and by role."""

    id: int
    title: str
    host_school: str
    starts_on: date | None
    ends_on: date | None
    participants: int
    by_school: tuple[tuple[str, int], ...]
    by_role: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class PhaseRow:
    """A phase and the contributions tagged with it, by content type."""

    id: int
    title: str
    kind: str
    starts_on: date | None
    ends_on: date | None
    total: int
    by_type: tuple[tuple[str, int], ...]


@dataclass(frozen=True, slots=True)
class Report:
    """Everything the report pack shows for one space and one set of filters."""

    space_title: str
    space_slug: str
    filters: ReportFilters
    generated_at: datetime
    school: str = ""
    phase: str = ""
    total: int = 0
    by_role: tuple[tuple[str, int], ...] = ()
    by_school: tuple[tuple[str, int], ...] = ()
    by_type: tuple[tuple[str, int], ...] = ()
    cells: tuple[Cell, ...] = ()
    mobilities: tuple[MobilityRow, ...] = ()
    phases: tuple[PhaseRow, ...] = ()
    outputs: tuple[Evidence, ...] = ()
    evidence: tuple[Evidence, ...] = field(default=(), repr=False)
    safety: tuple[tuple[str, int], ...] = ()
    #: ``(phase id, kind)`` of every phase of the space, whatever the filters.
    phase_kinds: tuple[tuple[int, str], ...] = ()

    @property
    def participants(self) -> int:
        return sum(row.participants for row in self.mobilities)
