"""``GET /api/v1/projects/<slug>/export/site``: the dissemination export as a zip.

The same service and permission as the web page: ``export.create`` (admins and
teachers). A refused export answers 409 with the reason.
"""

from __future__ import annotations

from flask import abort
from flask.typing import ResponseReturnValue
from flask_smorest import Blueprint

from ..api.common import caller, documents_errors
from ..api.errors import PROBLEM
from ..api.schemas import ProblemSchema
from ..db import get_session
from ..services import spaces
from .downloads import zip_response
from .errors import ExportRefused

blp = Blueprint("api_export", __name__, description="Dissemination export of a space")


@blp.route("/projects/<slug>/export/site")
@blp.response(
    200, content_type="application/zip", description="The static site, zipped."
)
@blp.alt_response(
    409,
    schema=ProblemSchema,
    description="Not made: a pupil's name was found, or a plugin failed (the reason says which).",
    content_type=PROBLEM,
)
@documents_errors(blp)
def site(slug: str) -> ResponseReturnValue:
    """The space's public content as a self-contained static site (a zip)."""
    session, user = get_session(), caller()
    project = spaces.get_space(session, user, slug)
    try:
        return zip_response(session, user, project)
    except ExportRefused as refused:
        abort(409, str(refused))
