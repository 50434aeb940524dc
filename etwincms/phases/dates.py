"""The dates a mobility's phases start with, before a teacher edits them.

Before: from the day after the previous phase ends (so the project's phases follow one
another), or 8 weeks before the mobility when nothing comes before it; it ends the day
before the mobility. During: the mobility's own dates. After: the 8 weeks that follow.
"""

from __future__ import annotations

from datetime import date, timedelta

from .models import PhaseKind

LEAD_TIME = timedelta(weeks=8)
FOLLOW_UP = timedelta(weeks=8)
ONE_DAY = timedelta(days=1)

DateRange = tuple[date, date]


def default_ranges(
    starts_on: date, ends_on: date, previous_end: date | None
) -> dict[PhaseKind, DateRange]:
    """The before / during / after ranges of a mobility from ``starts_on`` to ``ends_on``.

    :param previous_end: The end of the latest phase that ends before the mobility
        starts (``None`` when there is none).
    """
    before_end = starts_on - ONE_DAY
    before_start = starts_on - LEAD_TIME
    if previous_end is not None and previous_end < before_end:
        before_start = previous_end + ONE_DAY
    return {
        PhaseKind.BEFORE: (before_start, before_end),
        PhaseKind.DURING: (starts_on, ends_on),
        PhaseKind.AFTER: (ends_on + ONE_DAY, ends_on + FOLLOW_UP),
    }
