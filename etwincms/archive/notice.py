"""The archived space's notice on its home page (the ``space_home`` slot).

Everyone sees that the space is archived and since when; those who may reopen it also see
when the retention schedule will disable and erase the accounts of pupils who belong to
no other active space, so the end of a project holds no surprise for its teachers.
"""

from __future__ import annotations

from typing import Any

from flask import current_app, render_template
from markupsafe import Markup

from ..db import get_session
from ..models import Project
from ..permissions import can
from ..web.helpers import signed_in_user
from .retention import Schedule, archived_at


def space_home_notice(context: dict[str, Any]) -> Markup | None:
    project = context.get("project")
    if not isinstance(project, Project) or not project.is_archived:
        return None
    since = archived_at(get_session(), project)
    schedule = Schedule.from_config(current_app.config)
    html = render_template(
        "archive/notice.html",
        since=since,
        disable_on=since + schedule.disable_after,
        erase_on=since + schedule.erase_after,
        show_schedule=can(signed_in_user(), "space.archive", project),
    )
    return Markup(html)  # noqa: S704  (a template of ours, autoescaped)
