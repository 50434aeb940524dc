"""Errors of the JSON API as ``application/problem+json`` (RFC 9457).

Every error under ``/api/`` has the same shape: ``type``, ``title``, ``status``,
``detail`` and, for invalid input, ``errors`` mapping each field to its messages. The
web front end keeps its HTML error pages; :func:`is_api_request` tells the two apart.
"""

from __future__ import annotations

from collections.abc import Mapping
from http import HTTPStatus
from typing import Any

from flask import Response, json, request

PROBLEM = "application/problem+json"


def is_api_request() -> bool:
    return request.path.startswith("/api/")


def problem(
    status: int,
    detail: str | None = None,
    *,
    errors: Mapping[str, Any] | None = None,
    headers: Mapping[str, str] | None = None,
) -> Response:
    """A problem document with ``status`` and an optional human ``detail``."""
    body: dict[str, Any] = {
        "type": "about:blank",
        "title": HTTPStatus(status).phrase,
        "status": status,
    }
    if detail:
        body["detail"] = detail
    if errors:
        body["errors"] = dict(errors)
    response = Response(json.dumps(body), status=status, mimetype=PROBLEM)
    response.headers.extend(headers or {})
    return response


def field_errors(messages: Any) -> dict[str, list[str]]:
    """webargs' nested ``{"json": {"title": ["..."]}}`` as ``{"title": ["..."]}``."""
    flat: dict[str, list[str]] = {}
    for location in (messages or {}).values():
        for name, found in (location or {}).items():
            flat[str(name)] = (
                [str(m) for m in found] if isinstance(found, list) else [str(found)]
            )
    return flat


def api_forbidden(error: Exception) -> Response:
    """401 for anonymous callers (they may sign in or send a token), 403 otherwise."""
    from flask_login import current_user

    if not current_user.is_authenticated:
        return problem(
            401,
            "Sign in or send a personal access token.",
            headers={"WWW-Authenticate": 'Bearer realm="etwincms"'},
        )
    return problem(403, str(error) or None)
