"""The export as an HTTP download, written to a temporary file first.

The web page, the API and the command line share the service; this module only turns a
finished export into a response whose file is deleted once it has been sent.
"""

from __future__ import annotations

import re
import tempfile
from datetime import date

from flask import Response, send_file
from sqlalchemy.orm import Session

from ..models import Project, User
from .site import export_site


def download_name(project: Project) -> str:
    slug = re.sub(r"[^A-Za-z0-9-]+", "-", project.slug).strip("-") or "space"
    return f"{slug}-export-{date.today().isoformat()}.zip"


def zip_response(session: Session, actor: User | None, project: Project) -> Response:
    """The export of ``project`` as a zip download (a ValidationError when refused)."""
    spool = tempfile.TemporaryFile()  # noqa: SIM115  (closed by the response)
    try:
        export_site(session, actor, project, spool)
    except BaseException:
        spool.close()
        raise
    spool.seek(0)
    response = send_file(
        spool,
        mimetype="application/zip",
        as_attachment=True,
        download_name=download_name(project),
        max_age=0,
    )
    response.headers["Cache-Control"] = "private, no-store"
    return response
