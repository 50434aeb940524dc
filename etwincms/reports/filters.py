"""What a report covers: a date range, and optionally one partner school and one phase.

Filters arrive as text from a form or a query string (``from``, ``to``, ``school``,
``phase``) and are checked here once, so the web page, the downloads and the API refuse
the same mistakes with the same words.
"""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass
from datetime import UTC, date, datetime, time, timedelta

from flask_babel import gettext as _

from ..errors import ValidationError


@dataclass(frozen=True, slots=True)
class ReportFilters:
    """The report's scope. ``None`` means "no limit" (the whole project, every school)."""

    starts_on: date | None = None
    ends_on: date | None = None
    school_id: int | None = None
    phase_id: int | None = None

    @property
    def start(self) -> datetime | None:
        """The first instant counted (UTC midnight of ``starts_on``)."""
        if self.starts_on is None:
            return None
        return datetime.combine(self.starts_on, time.min, tzinfo=UTC)

    @property
    def end(self) -> datetime | None:
        """The first instant no longer counted: ``ends_on`` is included whole."""
        if self.ends_on is None:
            return None
        return datetime.combine(self.ends_on + timedelta(days=1), time.min, tzinfo=UTC)

    def covers(self, moment: datetime) -> bool:
        """Whether ``moment`` (aware) falls inside the date range."""
        if moment.tzinfo is None:  # SQLite hands back naive UTC values
            moment = moment.replace(tzinfo=UTC)
        start, end = self.start, self.end
        return (start is None or moment >= start) and (end is None or moment < end)

    def as_query(self) -> dict[str, str]:
        """The filters as query-string arguments (for download links)."""
        values = {
            "from": self.starts_on.isoformat() if self.starts_on else "",
            "to": self.ends_on.isoformat() if self.ends_on else "",
            "school": str(self.school_id or ""),
            "phase": str(self.phase_id or ""),
        }
        return {key: value for key, value in values.items() if value}


def parse_filters(args: Mapping[str, str]) -> ReportFilters:
    """Read ``from``, ``to``, ``school`` and ``phase``; blank values mean no limit.

    :raises ValidationError: naming the field, for a bad date, a range that ends before
        it starts, or an id that is not a number.
    """
    filters = ReportFilters(
        starts_on=parse_date(args.get("from", ""), "from"),
        ends_on=parse_date(args.get("to", ""), "to"),
        school_id=parse_id(args.get("school", ""), "school"),
        phase_id=parse_id(args.get("phase", ""), "phase"),
    )
    if filters.starts_on and filters.ends_on and filters.ends_on < filters.starts_on:
        raise ValidationError(_("The end date is before the start date."), field="to")
    return filters


def parse_date(text: str, field: str) -> date | None:
    text = (text or "").strip()
    if not text:
        return None
    try:
        return date.fromisoformat(text)
    except ValueError:
        raise ValidationError(
            _("%(value)s is not a date (use YYYY-MM-DD).", value=text[:40]), field=field
        ) from None


def parse_id(text: str, field: str) -> int | None:
    text = (text or "").strip()
    if not text:
        return None
    if not text.isdigit() or len(text) > 9:
        raise ValidationError(_("Choose one from the list."), field=field)
    return int(text)
