"""Refuse text holding NUL characters before any view or database sees it.

No form field, query parameter, JSON string or URL of this application has a use for
U+0000, and PostgreSQL cannot store it in text (it raises, which would be a 500). One
check here covers every write path, web and API alike: a 400 page for browsers, a 422
problem document naming the field for API callers. Uploaded files' bytes are not text
and are not looked at.
"""

from __future__ import annotations

from collections.abc import Iterator
from typing import Any

from flask import Response, abort, request

from ..api.errors import is_api_request, problem

MESSAGE = "Text cannot contain NUL characters."


def refuse_nul() -> Response | None:
    """``before_request``: answer with an error if any text of the request has NUL."""
    field = first_field_with_nul()
    if field is None:
        return None
    if is_api_request():
        return problem(422, MESSAGE, errors={field: [MESSAGE]})
    abort(400, description=MESSAGE)


def first_field_with_nul() -> str | None:
    if "\x00" in request.path:
        return "path"
    sources = (request.args.items(multi=True), request.form.items(multi=True))
    for pairs in sources:
        for name, value in pairs:
            if "\x00" in name or "\x00" in value:
                return name
    if request.is_json:
        return next(json_fields_with_nul(request.get_json(silent=True), "body"), None)
    return None


def json_fields_with_nul(value: Any, where: str) -> Iterator[str]:
    if isinstance(value, str) and "\x00" in value:
        yield where
    elif isinstance(value, dict):
        for key, item in value.items():
            yield from json_fields_with_nul(item, str(key))
            if "\x00" in str(key):
                yield "body"
    elif isinstance(value, list):
        for item in value:
            yield from json_fields_with_nul(item, where)
