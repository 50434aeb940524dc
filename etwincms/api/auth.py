"""Who is calling the API: a personal access token, a session cookie, or nobody.

``Authorization: Bearer <token>`` wins: the request is that token's user and never
touches the session cookie. Without it, a signed-in browser session works for scripts of
the same site, which must then send the CSRF token in ``X-CSRFToken`` to change anything.
Read-scope tokens may only read; anonymous callers may only read public content (and get
CORS headers for it, so schools' websites can fetch public pages).
"""

from __future__ import annotations

from flask import Response, current_app, g, request
from flask_login import current_user
from flask_wtf.csrf import CSRFError

from ..db import get_session
from ..services import tokens
from .errors import is_api_request, problem

SAFE_METHODS = frozenset({"GET", "HEAD", "OPTIONS"})
CHALLENGE = {"WWW-Authenticate": 'Bearer realm="etwincms"'}


def authenticate() -> Response | None:
    """``before_request`` for the API: set the caller, enforce scopes and CSRF."""
    if not is_api_request():
        return None
    header = request.headers.get("Authorization")
    if header is None:
        return check_session_call()
    scheme, _, secret = header.partition(" ")
    found = tokens.user_for_token(get_session(), secret.strip()) if secret else None
    if scheme.lower() != "bearer" or found is None:
        return problem(
            401, "The token is unknown, expired or revoked.", headers=CHALLENGE
        )
    user, token = found
    get_session().commit()  # keeps last_used_at even if the call itself fails
    # Flask-Login keeps the request's user in g._login_user; setting it here makes the
    # token's user current for this request only, without writing a session.
    g._login_user = user
    g.api_token = token
    if request.method not in SAFE_METHODS and "write" not in token.scopes:
        return problem(403, "This token may only read (scope 'read').")
    return None


def check_session_call() -> Response | None:
    if request.method in SAFE_METHODS:
        return None
    if not current_user.is_authenticated:
        return problem(
            401, "Send a personal access token to change things.", headers=CHALLENGE
        )
    try:
        current_app.extensions["csrf"].protect()
    except CSRFError:
        return problem(
            403, "Scripts using the session must send the X-CSRFToken header."
        )
    return None


def allow_public_reads(response: Response) -> Response:
    """CORS for anonymous reads: what anyone may read, any site may fetch."""
    anonymous = (
        "Authorization" not in request.headers and not current_user.is_authenticated
    )
    if is_api_request() and request.method in SAFE_METHODS and anonymous:
        response.headers["Access-Control-Allow-Origin"] = "*"
        response.headers["Access-Control-Expose-Headers"] = "ETag, Link"
    return response
