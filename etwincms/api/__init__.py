"""The headless JSON API under ``/api/v1`` (flask-smorest + marshmallow).

Resources call the same services as the web front end, so permissions, validation and
audit entries are the same whichever way a change arrives. The OpenAPI document is at
``/api/v1/openapi.json``; plugins' ``api`` blueprints (when they are flask-smorest
blueprints) join it under ``/api/v1/projects/<slug>/<plugin>/`` with their own tag.
"""

from __future__ import annotations

from typing import Any

from flask import Flask
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from ..errors import EditConflict, ValidationError
from . import auth, limits
from .errors import field_errors, is_api_request, problem

PREFIX = "/api/v1"


class EtwinApi(Api):
    """flask-smorest's Api with problem documents, and HTML errors left to the web."""

    def handle_http_exception(self, error: HTTPException) -> Any:
        if not is_api_request():
            return error
        data = getattr(error, "data", {}) or {}
        headers = {
            name: value
            for name, value in error.get_headers()
            if name.lower() != "content-type"
        }
        return problem(
            error.code or 500,
            error.description,
            errors=field_errors(data.get("messages")),
            headers=headers,
        )


def init_api(app: Flask) -> EtwinApi:
    """Create the API, register the core's resources and the caller's authentication."""
    from . import materials, me, members, pages, plugins, search, spaces

    app.config.update(
        API_TITLE="etwincms",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = EtwinApi(app, spec_kwargs=SPEC)
    api.spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    for blueprint in (
        me.blp,
        spaces.blp,
        pages.blp,
        members.blp,
        plugins.blp,
        materials.blp,
        search.blp,
    ):
        api.register_blueprint(blueprint, url_prefix=PREFIX)
    app.before_request(auth.authenticate)
    limits.init_limits(app)
    app.after_request(auth.allow_public_reads)
    app.register_error_handler(ValidationError, invalid)
    app.register_error_handler(EditConflict, stale)
    app.extensions["etwincms_api"] = api
    return api


SPEC: dict[str, Any] = {
    "info": {
        "description": (
            "Spaces, pages, members, materials and plugins of etwincms. Authenticate with "
            "`Authorization: Bearer <personal access token>`; anonymous callers read "
            "public content only. Errors are `application/problem+json`."
        )
    },
    "security": [{"token": []}, {}],
}


def invalid(error: ValidationError) -> Any:
    if not is_api_request():
        raise error
    field = error.field or "body"
    return problem(422, str(error), errors={field: [str(error)]})


def stale(error: EditConflict) -> Any:
    if not is_api_request():
        raise error
    return problem(412, "The page changed since that ETag: read it again and merge.")
