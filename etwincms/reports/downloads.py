"""The report's downloads: CSV and PDF responses with a telling file name.

Both the web page and the API answer with these, so a download looks the same however
it was asked for. Reports hold members-only titles: nothing caches them on the way.
"""

from __future__ import annotations

from flask import Response

from ..web.file_responses import content_disposition
from .csv_export import report_csv
from .model import Report


def download_name(report: Report, extension: str) -> str:
    """``<space>-report-<from>-<to>.<ext>``, or ``...-report-<made on>.<ext>``."""
    filters = report.filters
    if filters.starts_on or filters.ends_on:
        start = filters.starts_on.isoformat() if filters.starts_on else "start"
        end = filters.ends_on.isoformat() if filters.ends_on else "now"
        period = f"{start}-{end}"
    else:
        period = report.generated_at.date().isoformat()
    return f"{report.space_slug}-report-{period}.{extension}"


def csv_response(report: Report) -> Response:
    # A byte order mark, so that spreadsheet programs read the text as UTF-8.
    body = "\ufeff" + report_csv(report)
    return attachment(Response(body, mimetype="text/csv"), download_name(report, "csv"))


def pdf_response(report: Report) -> Response:
    # fpdf2 and its fontTools are 18 MB of every worker's memory: loaded by the first
    # PDF asked for, not at start-up.
    from .pdf_export import report_pdf

    body = report_pdf(report)
    return attachment(
        Response(body, mimetype="application/pdf"), download_name(report, "pdf")
    )


def attachment(response: Response, name: str) -> Response:
    response.headers["Content-Disposition"] = content_disposition(name, inline=False)
    response.headers["Cache-Control"] = "private, no-store"
    response.headers["X-Content-Type-Options"] = "nosniff"
    return response
