"""What every answer tells the browser about security: the Content-Security-Policy,
``nosniff``, the referrer and permissions policies, HSTS over HTTPS, and ``no-store`` on
what was made for a signed-in person.

The policy is strict: scripts, styles, fonts and fetches from this site only (the
templates have no inline script or style, and must keep it so), no plugins (``object``),
no ``<base>``, forms posting only here, frames only from this site and the embed hosts
plugins declare to the sanitizer, and this site framed by no one else. Images may also
come from ``CONTENT_IMAGE_SOURCES`` (``https:`` by default: the sanitizer admits
external images in content). Answers that set their own policy (served files) keep it.
HSTS is sent only when the request came over HTTPS; behind a reverse proxy set
``TRUSTED_PROXIES`` so that ``X-Forwarded-Proto`` is believed.
"""

from __future__ import annotations

from flask import Flask, Response, current_app, request
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix

from ..state import get_state

#: Browser features no page of ours uses: denied to the site and every frame in it.
PERMISSIONS_POLICY = "camera=(), microphone=(), geolocation=(), payment=(), usb=()"


def init_app(app: Flask) -> None:
    """Trust the configured proxies and add the headers to every answer."""
    proxies = int(app.config["TRUSTED_PROXIES"])
    if proxies:
        app.wsgi_app = ProxyFix(  # type: ignore[method-assign]
            app.wsgi_app, x_for=proxies, x_proto=proxies, x_host=proxies
        )
    app.after_request(add_security_headers)


def add_security_headers(response: Response) -> Response:
    headers = response.headers
    headers.setdefault("Content-Security-Policy", content_policy())
    headers.setdefault("X-Content-Type-Options", "nosniff")
    # Never tell other sites our addresses: some carry secrets (invite links, ``next``).
    headers.setdefault("Referrer-Policy", "same-origin")
    headers.setdefault("Permissions-Policy", PERMISSIONS_POLICY)
    if request.is_secure:
        max_age = int(current_app.config["HSTS_MAX_AGE"])
        headers.setdefault("Strict-Transport-Security", f"max-age={max_age}")
    if "Cache-Control" not in headers and is_personal(response):
        # Shared school computers: what a signed-in person saw stays out of the cache.
        headers["Cache-Control"] = "private, no-store"
    return response


def is_personal(response: Response) -> bool:
    """A page or API answer made for a signed-in person (files and assets are not)."""
    if response.mimetype not in {"text/html", "application/json"}:
        return False
    return "Authorization" in request.headers or current_user.is_authenticated


def content_policy() -> str:
    images = " ".join(["'self'", *current_app.config["CONTENT_IMAGE_SOURCES"]])
    return "; ".join(
        [
            "default-src 'self'",
            "script-src 'self'",
            "style-src 'self'",
            f"img-src {images}",
            "object-src 'none'",
            "base-uri 'none'",
            "form-action 'self'",
            f"frame-src {frame_sources()}",
            "frame-ancestors 'self'",
        ]
    )


def frame_sources() -> str:
    """This site and the hosts the sanitizer admits in ``<iframe src>`` (plugins' embeds)."""
    hosts = sorted(get_state().sanitizer.iframe_hosts)
    return " ".join(["'self'", *(f"https://{host}" for host in hosts)])
