"""Rate limits for the API: per token, per signed-in user, or per address.

Counted after the caller is known (so a token's calls count against that token wherever
they come from) and only on ``/api/``: the web pages have their own limits where they
need them (sign-in). ``API_RATE_LIMIT`` sets the rate; ``RATELIMIT_STORAGE_URI`` the
counter store (``memory://`` counts per process; Redis shares counts between workers).
Going past the limit answers 429 with ``Retry-After``.
"""

from __future__ import annotations

from flask import Flask, current_app, g, request
from flask_limiter import Limiter
from flask_login import current_user

from .errors import is_api_request


def caller_key() -> str:
    token = g.get("api_token")
    if token is not None:
        return f"token:{token.id}"
    if current_user.is_authenticated:
        return f"user:{current_user.id}"
    return f"addr:{request.remote_addr}"


def init_limits(app: Flask) -> Limiter:
    """Install the limiter; call after the API's authentication is registered."""
    limiter = Limiter(
        caller_key,
        app=app,
        default_limits=[lambda: current_app.config["API_RATE_LIMIT"]],
        default_limits_exempt_when=lambda: not is_api_request(),
        headers_enabled=True,
    )
    # Web pages skip the limiter's work altogether, not only its default limits.
    limiter.request_filter(lambda: not is_api_request())
    return limiter
