"""The search results page behind the search box every page has: hits with highlights,
narrowing by space, kind of content and language, and pages of results."""

from __future__ import annotations

from typing import Any

from flask import Blueprint, render_template, request, url_for
from flask.typing import ResponseReturnValue

from ..db import get_session
from ..services.search import SearchQuery, search, type_titles
from .helpers import language_name, signed_in_user

bp = Blueprint("search", __name__)
FILTERS = ("space", "type", "language")


@bp.route("/search")
def results() -> ResponseReturnValue:
    query = SearchQuery(
        text=request.args.get("q", ""),
        **{name: request.args.get(name) or None for name in FILTERS},
        page=max(request.args.get("page", 1, type=int), 1),
    )
    found = search(get_session(), signed_in_user(), query)
    return render_template(
        "search/results.html",
        results=found,
        query=query,
        link=lambda **changes: search_link(query, **changes),
        type_titles=type_titles(),
        language_name=language_name,
    )


def search_link(query: SearchQuery, **changes: Any) -> str:
    """This search's address with some filters changed (``None`` drops one); any change
    of filter goes back to the first page."""
    values: dict[str, Any] = {name: getattr(query, name) for name in FILTERS}
    values |= {"page": None} | changes
    given = {name: value for name, value in values.items() if value}
    return url_for("search.results", q=query.text, **given)
