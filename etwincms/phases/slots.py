"""The phases facility's part of a space's home page: the phase the space is in today."""

from __future__ import annotations

from typing import Any

from flask import render_template
from markupsafe import Markup

from ..db import get_session, utcnow
from ..models import Project
from .presenting import kind_labels
from .services import current_phase


def space_home(context: dict[str, Any]) -> Markup | None:
    """A box naming today's phase with a link to it; nothing when the space is in none."""
    project = context.get("project")
    if not isinstance(project, Project):
        return None
    phase = current_phase(get_session(), project, utcnow().date())
    if phase is None:
        return None
    html = render_template(
        "phases/current.html", project=project, phase=phase, kinds=kind_labels()
    )
    return Markup(html)  # noqa: S704  (a template of ours, autoescaped)
