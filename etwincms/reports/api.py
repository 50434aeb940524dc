"""``/api/v1/projects/<slug>/reports``: the report pack as JSON, CSV or PDF.

The same service and permission as the web page: ``reports.view`` (admins and teachers).
"""

from __future__ import annotations

from typing import Any

from flask import jsonify, request
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint
from marshmallow import fields, validate

from ..api.common import caller, documents_errors
from ..api.schemas import Strict
from ..db import get_session
from ..permissions import require
from ..services import spaces
from . import downloads
from .filters import parse_filters
from .serialize import report_data
from .service import build_report

blp = Blueprint(
    "api_reports", __name__, description="Report pack and Quality Label evidence"
)
FORMATS = ("json", "csv", "pdf")


class ReportArgs(Strict):
    start = fields.String(
        data_key="from",
        load_default="",
        metadata={"description": "First day, YYYY-MM-DD."},
    )
    end = fields.String(
        data_key="to",
        load_default="",
        metadata={"description": "Last day, YYYY-MM-DD."},
    )
    school = fields.String(
        load_default="",
        metadata={"description": "Only members of this school (its id)."},
    )
    phase = fields.String(
        load_default="",
        metadata={"description": "Only items tagged with this phase (id)."},
    )
    format = fields.String(load_default="json", validate=validate.OneOf(FORMATS))


REPORT_FORMATS = {
    "application/json": {"schema": {"type": "object"}},
    "text/csv": {"schema": {"type": "string"}},
    "application/pdf": {"schema": {"type": "string", "format": "binary"}},
}


@blp.route("/projects/<slug>/reports")
@blp.arguments(ReportArgs, location="query", as_kwargs=True)
@blp.doc(
    responses={
        "200": {
            "description": "The report as JSON, CSV or PDF (``format``); docs/reports.md "
            "describes every field and column.",
            "content": REPORT_FORMATS,
        }
    }
)
@documents_errors(blp)
def report(slug: str, format: str, **args: Any) -> ResponseReturnValue:
    """The report of a space: counts by role and school, mobilities, outputs, evidence."""
    session, user = get_session(), caller()
    project = spaces.get_space(session, user, slug)
    require(user, "reports.view", project)
    filters = parse_filters(
        {
            "from": args["start"],
            "to": args["end"],
            "school": args["school"],
            "phase": args["phase"],
        }
    )
    found = build_report(session, project, filters, base_url=request.host_url)
    if format == "csv":
        return downloads.csv_response(found)
    if format == "pdf":
        return downloads.pdf_response(found)
    response = jsonify(report_data(found))
    response.headers["Cache-Control"] = "private, no-store"
    return response
