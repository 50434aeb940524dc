"""Browser sessions end on the server's say: unused for a while, or long after sign-in.

``SESSION_IDLE_MINUTES`` (default 120) signs out a session nobody used for that long;
``SESSION_MAX_HOURS`` (default 12) one signed in longer ago than that, used or not; 0
turns either off. The times live in the signed session cookie itself (when it was first
seen signed in, when last used, in whole seconds), so a copied cookie cannot be made
younger and no table is written. The last use is rewritten at most once a minute: most
requests send no new cookie. The next request of an expired session is answered signed
out, with a message saying why; a form posted then is kept, to be sent again after
signing in (:mod:`.resume`). A session restored from a "remember me" cookie is left to
that cookie's own duration (shorter for pupils): whoever ticked it chose to stay signed
in. Tests set :attr:`SessionLimits.clock` rather than wait.
"""

from __future__ import annotations

import time
from collections.abc import Callable

from flask import Flask, current_app, flash, request, session
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import logout_user

from ..api.errors import is_api_request
from ..errors import StartupError
from . import resume

EXTENSION = "etwincms_session_limits"
#: Keys in the session: first seen signed in, last used (epoch seconds).
STARTED, SEEN = "_started", "_seen"
#: Seconds between two rewrites of the last-use time.
TOUCH_EVERY = 60
LIMITS = ("SESSION_IDLE_MINUTES", "SESSION_MAX_HOURS")


class SessionLimits:
    """The application's session limits and the clock they are measured by."""

    def __init__(self) -> None:
        self.clock: Callable[[], float] = time.time

    def check(self) -> ResponseReturnValue | None:
        """``before_request``: sign out an expired session, else note that it was used."""
        if "_user_id" not in session or remembered():
            return None
        now = int(self.clock())
        reason = expired(now)
        if reason is None:
            touch(now)
            return None
        return sign_out(reason)


def remembered() -> bool:
    return (
        current_app.config.get("REMEMBER_COOKIE_NAME", "remember_token")
        in request.cookies
    )


def expired(now: int) -> str | None:
    """Why the session is over (a message for its owner), or ``None``."""
    idle = int(current_app.config["SESSION_IDLE_MINUTES"])
    seen = session.get(SEEN)
    if idle and isinstance(seen, int) and now - seen > idle * 60:
        return _(
            "You were signed out after %(minutes)d minutes without activity. "
            "Sign in again to go on.",
            minutes=idle,
        )
    hours = int(current_app.config["SESSION_MAX_HOURS"])
    started = session.get(STARTED)
    if hours and isinstance(started, int) and now - started > hours * 3600:
        return _(
            "You were signed out: a session lasts at most %(hours)d hours. "
            "Sign in again to go on.",
            hours=hours,
        )
    return None


def touch(now: int) -> None:
    """Record the use; rewriting the cookie only when a minute has passed."""
    if not isinstance(session.get(STARTED), int):
        session[STARTED] = now
    seen = session.get(SEEN)
    if not isinstance(seen, int) or now - seen >= TOUCH_EVERY:
        session[SEEN] = now


def sign_out(reason: str) -> ResponseReturnValue | None:
    """End the session here; a form being posted is kept to be sent again."""
    logout_user()
    session.pop(STARTED, None)
    session.pop(SEEN, None)
    if is_api_request():
        return None  # the call goes on anonymous (401 where it needed the session)
    flash(reason, "info")
    if resume.wants_resume():
        return resume.interrupted_form(401)
    return None


def init_app(app: Flask) -> None:
    """Check the limits before every request (call before views' own checks)."""
    for key in LIMITS:
        value = app.config[key]
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise StartupError(
                f"{key} must be a whole number, 0 or more (0: no limit)."
            )
    limits = app.extensions[EXTENSION] = SessionLimits()
    app.before_request(limits.check)
