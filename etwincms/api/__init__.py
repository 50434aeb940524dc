"""The headless JSON API under ``/api/v1`` (flask-smorest + marshmallow).

Resources call the same services as the web front end, so permissions, validation and
audit entries are the same whichever way a change arrives. The OpenAPI document is at
``/api/v1/openapi.json``; plugins' ``api`` blueprints (when they are flask-smorest
blueprints) join it under ``/api/v1/projects/<slug>/<plugin>/`` with their own tag.
"""

from __future__ import annotations

import threading
from typing import Any

from flask import Flask
from flask_smorest import Api
from werkzeug.exceptions import HTTPException

from ..errors import EditConflict, ValidationError
from . import auth, limits
from .common import PROBLEM_SCHEMA
from .errors import field_errors, is_api_request, problem
from .schemas import ProblemSchema

PREFIX = "/api/v1"


class EtwinApi(Api):
    """flask-smorest's Api with problem documents, HTML errors left to the web, and the
    OpenAPI document written when first asked for.

    Describing every operation costs more than the rest of ``create_app`` together, and
    most applications (every worker, every test) never serve the document: blueprints
    are registered at once but documented on the first read of :attr:`spec`.
    """

    def __init__(self, app: Flask, **options: Any) -> None:
        self._undocumented: list[tuple[Any, str, Any]] = []
        self._documenting = threading.Lock()
        super().__init__(app, **options)

    @property
    def spec(self) -> Any:
        spec = self.__dict__.get("_spec")
        if spec is not None and self._undocumented:
            with self._documenting:
                self.document_pending(spec)
        return spec

    @spec.setter
    def spec(self, value: Any) -> None:
        self.__dict__["_spec"] = value

    def register_blueprint(
        self, blp: Any, *, parameters: Any = None, **options: Any
    ) -> None:
        name = options.get("name", blp.name)
        self._app.extensions["flask-smorest"]["blp_name_to_api"][name] = self
        self._app.register_blueprint(blp, **options)
        self._undocumented.append((blp, name, parameters))

    def document_pending(self, spec: Any) -> None:
        while self._undocumented:
            blp, name, parameters = self._undocumented.pop(0)
            blp.register_views_in_doc(
                self, self._app, spec, name=name, parameters=parameters
            )
            spec.tag({"name": name, "description": blp.description})

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
    from . import accounts, materials, me, members, pages, plugins, search, spaces

    app.config.update(
        API_TITLE="etwincms",
        API_VERSION="v1",
        OPENAPI_VERSION="3.0.3",
        OPENAPI_URL_PREFIX=PREFIX,
        OPENAPI_JSON_PATH="openapi.json",
    )
    api = EtwinApi(app, spec_kwargs=SPEC)
    api.spec.components.security_scheme("token", {"type": "http", "scheme": "bearer"})
    # Registered once by name: every operation's error answers refer to it (common.py).
    api.spec.components.schema(PROBLEM_SCHEMA, schema=ProblemSchema)
    for blueprint in (
        me.blp,
        accounts.blp,
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
