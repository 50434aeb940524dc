"""Helpers every resource uses: the caller, cursors, ETags and documented errors.

Cursors are opaque to clients (today the last id seen): a list answers ``limit`` items
after the cursor and a ``next_cursor`` while more remain, so pages never skip or repeat
rows when others add content meanwhile. ETags are strong validators; updates must send
``If-Match`` (428 without it, 412 when stale).
"""

from __future__ import annotations

import hashlib
from collections.abc import Callable, Sequence
from typing import Any, TypeVar

from flask import Response, abort, json, jsonify, request
from flask_smorest import Blueprint

from ..models import User
from ..web.helpers import signed_in_user
from .errors import PROBLEM

T = TypeVar("T")
#: The problem document's name among the OpenAPI components (registered by init_api).
PROBLEM_SCHEMA = "Problem"

ERROR_TEXT = {
    401: "Not signed in, or the token is unknown, expired or revoked.",
    403: "Not allowed (or a read-only token tried to write).",
    404: "No such thing, or not visible to the caller.",
    412: "The If-Match ETag is stale: read again and merge.",
    422: "Invalid input; `errors` names the fields.",
    428: "If-Match is required for this change.",
    429: "Too many calls: wait for Retry-After seconds.",
}


def caller() -> User | None:
    return signed_in_user()


def documents_errors(blp: Blueprint, *codes: int) -> Callable[[T], T]:
    """Declare the problem documents an operation may answer with.

    The schema is named, not given: flask-smorest deep-copies an operation's docs at
    every decorator, and copying a schema instance five times per operation took a
    third of a worker's start-up.
    """

    def decorate(view: T) -> T:
        for code in (401, 403, 404, 422, 429, *codes):
            view = blp.alt_response(
                code,
                schema=PROBLEM_SCHEMA,
                description=ERROR_TEXT[code],
                content_type=PROBLEM,
            )(view)
        return view

    return decorate


def encode_cursor(last_id: int) -> str:
    return str(last_id)


def decode_cursor(cursor: str | None) -> int | None:
    """The id a list continues after (the schema admits digits only)."""
    return int(cursor) if cursor else None


def page_of(rows: Sequence[T], limit: int, key: Callable[[T], int]) -> dict[str, Any]:
    """``rows`` holds up to ``limit + 1`` items: the extra one says more remain."""
    items = list(rows[:limit])
    more = len(rows) > limit
    return {
        "items": items,
        "next_cursor": encode_cursor(key(items[-1])) if more else None,
    }


def etag_of(data: Any) -> str:
    """A strong ETag of a JSON-able representation."""
    blob = json.dumps(data, sort_keys=True, default=str).encode()
    return '"' + hashlib.sha256(blob).hexdigest()[:32] + '"'


def check_if_match(current: str) -> None:
    """428 without ``If-Match``; 412 unless it names ``current`` (or is ``*``)."""
    wanted = request.headers.get("If-Match")
    if wanted is None:
        abort(428, description="Send If-Match with the ETag you read.")
    tags = {tag.strip() for tag in wanted.split(",")}
    if "*" not in tags and current not in tags:
        abort(412, description="The resource changed since that ETag: read it again.")


IF_MATCH = {
    "in": "header",
    "name": "If-Match",
    "required": True,
    "schema": {"type": "string"},
    "description": "The ETag from your last read of this resource.",
}


def with_etag(body: Any, etag: str) -> Response:
    """``body`` as JSON carrying ``etag`` (already quoted)."""
    response = jsonify(body)
    response.headers["ETag"] = etag
    return response
