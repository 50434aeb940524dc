"""The report pack as JSON-ready data, for the API (codes, not labels; no names)."""

from __future__ import annotations

from datetime import date
from typing import Any

from .criteria import group_by_criteria
from .model import Evidence, Report


def report_data(report: Report) -> dict[str, Any]:
    """Everything the report shows, with ``from``/``to`` as ISO dates or ``null``."""
    filters = report.filters
    return {
        "space": report.space_slug,
        "from": iso(filters.starts_on),
        "to": iso(filters.ends_on),
        "school_id": filters.school_id,
        "phase_id": filters.phase_id,
        "generated_at": report.generated_at.isoformat(),
        "contributions": {
            "total": report.total,
            "by_role": dict(report.by_role),
            "by_school": dict(report.by_school),
            "by_type": dict(report.by_type),
            "cells": [
                {"school": c.school, "role": c.role, "type": c.type, "count": c.count}
                for c in report.cells
            ],
        },
        "mobilities": [mobility_data(row) for row in report.mobilities],
        "phases": [phase_data(row) for row in report.phases],
        "outputs": [evidence_data(item) for item in report.outputs],
        "esafety": dict(report.safety),
        "quality_label": quality_label_data(report),
    }


def mobility_data(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "host_school": row.host_school,
        "starts_on": iso(row.starts_on),
        "ends_on": iso(row.ends_on),
        "participants": row.participants,
        "by_school": dict(row.by_school),
        "by_role": dict(row.by_role),
    }


def phase_data(row: Any) -> dict[str, Any]:
    return {
        "id": row.id,
        "title": row.title,
        "kind": row.kind,
        "starts_on": iso(row.starts_on),
        "ends_on": iso(row.ends_on),
        "total": row.total,
        "by_type": dict(row.by_type),
    }


def evidence_data(item: Evidence) -> dict[str, Any]:
    return {
        "id": item.id,
        "type": item.type,
        "title": item.title,
        "url": item.url,
        "created_at": item.created_at.isoformat(),
        "public": item.public,
        "role": item.role,
        "school": item.school,
    }


def quality_label_data(report: Report) -> list[dict[str, Any]]:
    return [
        {
            "criterion": group.criterion.code,
            "count": group.count,
            "items": [item.id for item in group.items],
            "records": dict(group.records),
        }
        for group in group_by_criteria(report)
    ]


def iso(value: date | None) -> str | None:
    return value.isoformat() if value is not None else None
