"""The search results page behind the search box every page has."""

from __future__ import annotations

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue

from ..db import get_session
from ..services.search import SearchQuery, search
from .helpers import signed_in_user

bp = Blueprint("search", __name__)


@bp.route("/search")
def results() -> ResponseReturnValue:
    query = SearchQuery(
        text=request.args.get("q", ""),
        space=request.args.get("space") or None,
        type=request.args.get("type") or None,
        page=max(request.args.get("page", 1, type=int), 1),
    )
    found = search(get_session(), signed_in_user(), query)
    return render_template("search/results.html", results=found, query=query)
