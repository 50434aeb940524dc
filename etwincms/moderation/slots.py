"""Moderation's part of a page's footer: a pupil's "ask a teacher to make it public".

Shown to members who may edit a members-only page but not publish it: the button, or
that the page waits, or the reason a teacher gave when they kept it for members.
"""

from __future__ import annotations

from typing import Any

from flask import render_template
from markupsafe import Markup

from ..db import get_session
from ..models import Page
from ..web.helpers import signed_in_user
from . import page_requests


def page_footer(context: dict[str, Any]) -> Markup | None:
    page, project = context.get("page"), context.get("project")
    if not isinstance(page, Page) or project is None or page.in_trash:
        return None
    if not page_requests.may_request(signed_in_user(), project, page):
        return None
    waiting, rejection = page_requests.footer_state(get_session(), project, page)
    html = render_template(
        "moderation/page_footer.html",
        project=project,
        page=page,
        waiting=waiting,
        rejection=rejection,
    )
    return Markup(html)  # noqa: S704  (a template of ours, autoescaped)
