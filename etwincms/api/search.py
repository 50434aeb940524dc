"""``/search``: what the caller may read that matches a query, across their spaces.

The same service as the search page answers (:func:`etwincms.services.search.search`):
every hit is checked with ``can()`` before counting and paging, so anonymous callers find
public pages of public spaces only, and totals and facets never hint at hidden pages.
Snippets are escaped HTML with the matched words in ``<mark>``.
"""

from __future__ import annotations

from typing import Any

from flask import url_for
from flask_smorest import Blueprint
from marshmallow import Schema, fields, validate

from ..db import get_session
from ..services.search import (
    MAX_QUERY,
    SearchHit,
    SearchQuery,
    SearchResults,
    search,
)
from .common import caller, documents_errors
from .schemas import Strict

blp = Blueprint("api_search", __name__, description="Search")


class SearchArgs(Strict):
    q = fields.String(
        load_default="",
        validate=validate.Length(max=MAX_QUERY),
    )
    space = fields.String(
        load_default=None,
        validate=validate.Length(max=80),
        metadata={"description": "Only this space (its slug)."},
    )
    type = fields.String(
        load_default=None,
        validate=validate.Length(max=40),
        metadata={"description": "Only this kind of result (`page`)."},
    )
    language = fields.String(
        load_default=None,
        validate=validate.Length(max=16),
        metadata={
            "description": "Only results in this language (`de`; `xx`: not set)."
        },
    )
    page = fields.Integer(load_default=1, validate=validate.Range(min=1, max=10_000))


class SearchSpaceSchema(Schema):
    slug = fields.String(required=True)
    title = fields.String(required=True)


class SearchHitSchema(Schema):
    type = fields.String(required=True)
    title = fields.String(required=True)
    url = fields.String(required=True)
    snippet = fields.String(
        required=True,
        metadata={"description": "Escaped HTML; matches are in `<mark>`."},
    )
    space = fields.Nested(SearchSpaceSchema, required=True)
    language = fields.String(required=True)
    updated_at = fields.DateTime(required=True, allow_none=True)


class SearchResultsSchema(Schema):
    hits = fields.List(fields.Nested(SearchHitSchema), required=True)
    total = fields.Integer(required=True)
    page = fields.Integer(required=True)
    pages = fields.Integer(required=True)
    facets = fields.Dict(
        keys=fields.String(),
        values=fields.Dict(keys=fields.String(), values=fields.Integer()),
        required=True,
        metadata={"description": "Counts by `space` (slug), `type` and `language`."},
    )
    suggestion = fields.String(
        required=True,
        allow_none=True,
        metadata={
            "description": "A respelt query that finds something, when none did."
        },
    )


def hit_json(hit: SearchHit) -> dict[str, Any]:
    return {
        "type": hit.type,
        "title": hit.title,
        "url": url_for("index", _external=True).rstrip("/") + hit.url,
        "snippet": str(hit.snippet),
        "space": {"slug": hit.space_slug, "title": hit.space_title},
        "language": hit.language,
        "updated_at": hit.updated_at,
    }


def results_json(found: SearchResults) -> dict[str, Any]:
    return {
        "hits": [hit_json(hit) for hit in found.hits],
        "total": found.total,
        "page": found.query.page,
        "pages": found.pages,
        "facets": {
            "space": dict(found.facets.get("space", {})),
            "type": dict(found.facets.get("type", {})),
            "language": dict(found.facets.get("language", {})),
        },
        "suggestion": found.suggestion,
    }


@blp.get("/search")
@blp.arguments(SearchArgs, location="query")
@blp.response(200, SearchResultsSchema)
@documents_errors(blp)
def search_content(args: dict[str, Any]) -> dict[str, Any]:
    """What the caller may read that contains every word of ``q``, 20 a page.

    ``q`` takes words, ``"phrases"``, prefixes (``oliv*``), ``title:word``,
    ``type:page`` and ``language:de``; results are ranked, title matches first.
    """
    query = SearchQuery(
        text=args["q"],
        space=args["space"],
        type=args["type"],
        language=args["language"],
        page=args["page"],
    )
    return results_json(search(get_session(), caller(), query))
