"""Conditional GETs for what anyone may read: an ETag, and 304 when the browser has it.

A page or API answer made for nobody in particular (no session cookie sent or set, no
token) gets a strong ETag from its bytes and ``Cache-Control: no-cache``, so
browsers and proxies keep it but ask again each time; an unchanged answer then costs a
304 with no body. The tag is taken from the rendered bytes rather than from revision
numbers because a page shows more than its own text (the tree, plugin menus), and any of
it changing must change the tag. Signed-in answers stay ``private, no-store``
(security_headers.py).
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request, session
from flask_login import current_user

CACHEABLE_TYPES = frozenset({"text/html", "application/json"})


def init_app(app: Flask) -> None:
    app.after_request(make_conditional)


def make_conditional(response: Response) -> Response:
    if not is_shared(response):
        return response
    if response.get_etag()[0] is None:
        response.add_etag()
    response.headers.setdefault("Cache-Control", "no-cache")
    # The interface language follows the browser; the answer is anonymous only without
    # a session cookie: shared caches must keep answers apart by both.
    response.vary.update(("Cookie", "Accept-Language"))
    return response.make_conditional(request)


def is_shared(response: Response) -> bool:
    """An answer that is the same for every anonymous caller, and whole."""
    return anonymous_request() and shared_response(response)


def anonymous_request() -> bool:
    """A read by someone who sends neither a session cookie nor a token, and is not
    signed in (a remember-me cookie signs in without a session)."""
    return (
        request.method in {"GET", "HEAD"}
        and "Authorization" not in request.headers
        and current_app.config["SESSION_COOKIE_NAME"] not in request.cookies
        and not current_user.is_authenticated
    )


def shared_response(response: Response) -> bool:
    """A whole answer that sets no cookie: the same for every anonymous caller."""
    return (
        response.status_code == 200
        and response.mimetype in CACHEABLE_TYPES
        and not response.direct_passthrough
        and "Set-Cookie" not in response.headers
        and not session.modified  # Flask sets its cookie after this runs
    )
