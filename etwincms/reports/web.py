"""The report pack's pages: the report with its filters, its downloads, and the Quality
Label evidence view, under ``/s/<space>/-/reports/``."""

from __future__ import annotations

from collections.abc import Callable

from flask import Blueprint, Response, g, render_template, request
from flask.typing import ResponseReturnValue
from sqlalchemy.orm import Session

from ..db import get_session
from ..errors import ValidationError
from ..models import Project
from ..permissions import require
from ..services import spaces
from ..web.helpers import signed_in_user
from . import downloads, labels
from .criteria import group_by_criteria
from .filters import ReportFilters, parse_filters
from .model import Report
from .service import build_report
from .space_choices import phase_choices, school_choices

bp = Blueprint("reports", __name__)
PREFIX = "/s/<slug>/-/reports"


def report_space(slug: str) -> Project:
    project = spaces.get_space(get_session(), signed_in_user(), slug)
    require(signed_in_user(), "reports.view", project)
    g.active_nav = "reports"
    return project


def make_report(session: Session, project: Project) -> Report:
    filters = parse_filters(request.args)
    return build_report(session, project, filters, base_url=request.host_url)


@bp.get(f"{PREFIX}/")
def index(slug: str) -> ResponseReturnValue:
    return show(slug, "reports/index.html")


@bp.get(f"{PREFIX}/quality-label")
def quality_label(slug: str) -> ResponseReturnValue:
    return show(slug, "reports/quality_label.html")


@bp.get(f"{PREFIX}/report.csv")
def csv_download(slug: str) -> ResponseReturnValue:
    return download(slug, downloads.csv_response)


@bp.get(f"{PREFIX}/report.pdf")
def pdf_download(slug: str) -> ResponseReturnValue:
    return download(slug, downloads.pdf_response)


def show(slug: str, template: str) -> ResponseReturnValue:
    project, session = report_space(slug), get_session()
    try:
        report = make_report(session, project)
    except ValidationError as error:
        return page(session, project, template, None, error), 400
    return page(session, project, template, report, None)


def download(slug: str, respond: Callable[[Report], Response]) -> ResponseReturnValue:
    project, session = report_space(slug), get_session()
    try:
        report = make_report(session, project)
    except ValidationError as error:
        return page(session, project, "reports/index.html", None, error), 400
    return respond(report)


def page(
    session: Session,
    project: Project,
    template: str,
    report: Report | None,
    error: ValidationError | None,
) -> str:
    return render_template(
        template,
        project=project,
        report=report,
        error=error,
        form=request.args,
        query=report.filters.as_query() if report else ReportFilters().as_query(),
        schools=school_choices(session, project),
        phases=phase_choices(session, project),
        criteria=group_by_criteria(report) if report else [],
        labels=labels,
    )
