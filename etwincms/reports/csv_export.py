"""The report pack as CSV: one row per count, in the columns docs/reports.md describes.

Codes stay codes (``pupil``, ``blog_post``) so spreadsheets can filter on them; cells
that a spreadsheet would run as a formula are made plain text.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterator

from .model import Report

COLUMNS = (
    "section",
    "school",
    "role",
    "content_type",
    "mobility",
    "phase",
    "action",
    "title",
    "url",
    "count",
)
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")


def report_csv(report: Report) -> str:
    """The whole report as CSV text (UTF-8 when encoded, header row first)."""
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, fieldnames=COLUMNS, lineterminator="\r\n")
    writer.writeheader()
    for row in rows(report):
        writer.writerow({key: plain(value) for key, value in row.items()})
    return buffer.getvalue()


def rows(report: Report) -> Iterator[dict[str, object]]:
    """Every count of the report as a CSV row (missing columns stay empty)."""
    yield {"section": "total", "count": report.total}
    yield from counts_rows(report)
    yield from mobility_rows(report)
    yield from phase_rows(report)
    yield from output_rows(report)
    for action, count in report.safety:
        yield {"section": "esafety", "action": action, "count": count}


def counts_rows(report: Report) -> Iterator[dict[str, object]]:
    for role, count in report.by_role:
        yield {"section": "by_role", "role": role, "count": count}
    for school, count in report.by_school:
        yield {"section": "by_school", "school": school, "count": count}
    for type_, count in report.by_type:
        yield {"section": "by_type", "content_type": type_, "count": count}
    for cell in report.cells:
        yield {
            "section": "contributions",
            "school": cell.school,
            "role": cell.role,
            "content_type": cell.type,
            "count": cell.count,
        }


def mobility_rows(report: Report) -> Iterator[dict[str, object]]:
    for row in report.mobilities:
        yield {
            "section": "participants",
            "mobility": row.title,
            "count": row.participants,
        }
        for school, count in row.by_school:
            yield {
                "section": "participants_by_school",
                "mobility": row.title,
                "school": school,
                "count": count,
            }
        for role, count in row.by_role:
            yield {
                "section": "participants_by_role",
                "mobility": row.title,
                "role": role,
                "count": count,
            }


def phase_rows(report: Report) -> Iterator[dict[str, object]]:
    for row in report.phases:
        yield {"section": "phase", "phase": row.title, "count": row.total}
        for type_, count in row.by_type:
            yield {
                "section": "phase_by_type",
                "phase": row.title,
                "content_type": type_,
                "count": count,
            }


def output_rows(report: Report) -> Iterator[dict[str, object]]:
    for item in report.outputs:
        yield {
            "section": "output",
            "school": item.school,
            "role": item.role,
            "content_type": item.type,
            "title": item.title,
            "url": item.url,
            "count": 1,
        }


def plain(value: object) -> object:
    """Text a spreadsheet would evaluate gets a leading apostrophe."""
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        return "'" + value
    return value
