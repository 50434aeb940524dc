"""The partner-finding web blueprint and what its views share.

Mounted by the core at ``/-/partners/`` (site level: it belongs to no space). The routes
are in :mod:`.views` (finding, posts, profiles, listed spaces) and :mod:`.inbox`
(messages, reports, saved searches). Views are thin: they read the request, call a
service or a query, commit with ``etwincms.db.commit`` and render a template under
``partners/``; a rejected form is shown again with the message and what was typed.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, render_template, request
from flask.typing import ResponseReturnValue

from etwincms.db import get_session
from etwincms.errors import PermissionDenied, ValidationError
from etwincms.models import User
from etwincms.permissions import require
from etwincms.web.helpers import signed_in_user

from . import messaging
from .filters import KINDS, LOOKING_FOR, PARTNERSHIP_TYPES

bp = Blueprint("partners", __name__)


@bp.before_request
def mark_nav() -> None:
    g.active_nav = "partners"


def viewer() -> User:
    """The signed-in adult reading the directory (anonymous visitors: sign in)."""
    user = signed_in_user()
    require(user, "partners.view", None)
    if user is None:  # can() already refused; this satisfies the type checker
        raise PermissionDenied("partners.view")
    return user


def signed_in() -> User:
    """The signed-in person (anonymous visitors: sign in), for pages whose object
    decides before any capability: one's own threads, searches, spaces."""
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("partners.view")
    return user


def render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    user = signed_in_user()
    unread = (
        messaging.unread_count(get_session(), user)
        if user is not None and user_may(user, "partners.message")
        else 0
    )
    html = render_template(
        f"partners/{template}",
        kinds=KINDS,
        partnership_types=PARTNERSHIP_TYPES,
        looking_for=LOOKING_FOR,
        unread=unread,
        **context,
    )
    return html, status


def user_may(user: User | None, capability: str) -> bool:
    from etwincms.permissions import can

    return can(user, capability, None)


def failed(error: ValidationError) -> dict[str, Any]:
    """Undo the failed change; hand the message and the typed values to the template."""
    get_session().rollback()
    return {"error": str(error), "error_field": error.field, "form": request.form}
