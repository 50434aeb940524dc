"""Security headers and cookies, as a browser receives them.

Every kind of answer (pages, redirects, errors, static files, the API) carries the
strict Content-Security-Policy, ``nosniff``, the referrer and permissions policies; HSTS
only over HTTPS (directly or through a trusted proxy). The policy has no
``'unsafe-inline'``, which works only while no template has inline script, style or
event handlers: a scan of every theme's and plugin's templates keeps it so. Cookies are
HttpOnly and SameSite=Lax, Secure when the site is served over HTTPS, and "remember me"
lasts much less for pupils.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime, timedelta
from pathlib import Path
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.app import create_app
from etwincms.db import commit
from etwincms.models import User
from etwincms.testing import (
    PASSWORD,
    AuthActions,
    Factory,
    SpaceWithMembers,
    csrf_token,
    make_config,
)

ROOT = Path(__file__).resolve().parents[2]
STRICT = {
    "default-src": "'self'",
    "script-src": "'self'",
    "style-src": "'self'",
    "img-src": "'self' https:",
    "object-src": "'none'",
    "base-uri": "'none'",
    "form-action": "'self'",
    "frame-src": "'self'",
    "frame-ancestors": "'self'",
}


def directives(policy: str) -> dict[str, str]:
    return dict(part.strip().split(" ", 1) for part in policy.split(";"))


def test_every_kind_of_answer_carries_the_headers(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "pupil")
    paths = (
        "/",  # a redirect
        "/spaces",
        f"/s/{space.project.slug}/",
        "/no/such/page",
        "/static/themes/default/css/etwincms.css",
        "/api/v1/me",
    )
    for path in paths:
        with client.get(path) as answer:
            headers = answer.headers
            assert answer.status_code in {200, 302, 404}, path
            assert directives(headers["Content-Security-Policy"]) == STRICT, path
            assert "unsafe" not in headers["Content-Security-Policy"], path
            assert headers["X-Content-Type-Options"] == "nosniff", path
            assert headers["Referrer-Policy"] == "same-origin", path
            assert "camera=()" in headers["Permissions-Policy"], path
            assert "Strict-Transport-Security" not in headers, path


def test_what_a_signed_in_person_saw_is_not_kept_by_the_browser(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    page = f"/s/{space.project.slug}/"
    css = "/static/themes/default/css/etwincms.css"
    assert "no-store" not in client.get(page).headers.get("Cache-Control", "")
    space.login(auth, "pupil")
    assert client.get(page).headers["Cache-Control"] == "private, no-store"
    with client.get(css) as asset:  # a file answer: close it
        assert "no-store" not in asset.headers.get("Cache-Control", "")


def test_hsts_only_over_https(client: FlaskClient) -> None:
    secure = client.get("/login", base_url="https://school.example")
    assert secure.headers["Strict-Transport-Security"] == "max-age=31536000"
    forged = client.get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" not in forged.headers  # no proxy is trusted


def test_the_operator_settings_take_effect(tmp_path: Path) -> None:
    """Behind one trusted proxy its ``X-Forwarded-Proto`` counts; external images off."""
    app = create_app(
        make_config(tmp_path, None, TRUSTED_PROXIES=1, CONTENT_IMAGE_SOURCES=[]),
        plugins=[],
    )
    answer = app.test_client().get("/login", headers={"X-Forwarded-Proto": "https"})
    assert "Strict-Transport-Security" in answer.headers
    policy = directives(answer.headers["Content-Security-Policy"])
    assert policy["img-src"] == "'self'"


@pytest.fixture
def app_config(tmp_path: Any, database_url: str | None, request: Any) -> dict[str, Any]:
    extra = getattr(request, "param", {})
    return make_config(tmp_path, database_url, **extra)


@pytest.fixture
def people(make: Factory, session: Session) -> dict[str, User]:
    """A committed teacher and pupil (cheaper than a whole space)."""
    found = {
        "teacher": make.user("teacher_user"),
        "pupil": make.user("pupil_user", kind="pupil"),
    }
    commit(session)
    return found


def test_cookies_over_http_and_remember_me_for_pupils(
    client: FlaskClient, auth: AuthActions, people: dict[str, User]
) -> None:
    lasts = {}
    for role in ("teacher", "pupil"):
        cookies = set_cookies(auth.login(people[role].username, remember="y"))
        for name in ("session", "remember_token"):
            assert {"httponly", "samesite=lax"} <= cookies[name], name
            assert "secure" not in cookies[name], name
        cookie = client.get_cookie("remember_token")
        assert cookie is not None and cookie.expires is not None
        lasts[role] = cookie.expires - datetime.now(UTC)
        auth.logout()
    assert timedelta(days=13) < lasts["teacher"] <= timedelta(days=14)
    assert timedelta(hours=7) < lasts["pupil"] <= timedelta(hours=8)


@pytest.mark.parametrize(
    "app_config", [{"PREFERRED_URL_SCHEME": "https"}], indirect=True
)
def test_cookies_are_secure_when_the_site_is_https(
    client: FlaskClient, people: dict[str, User]
) -> None:
    https = "https://localhost"  # Secure cookies only come back over HTTPS
    form = client.get("/login", base_url=https).get_data(as_text=True)
    data = {"username": "teacher_user", "password": PASSWORD, "remember": "y"}
    answer = client.post(
        "/login",
        data={**data, "csrf_token": csrf_token(form)},
        base_url=https,
        headers={"Referer": f"{https}/login"},  # checked on HTTPS (WTF_CSRF_SSL_STRICT)
    )
    assert answer.status_code == 302
    cookies = set_cookies(answer)
    assert "secure" in cookies["session"] and "secure" in cookies["remember_token"]


def set_cookies(answer: Any) -> dict[str, set[str]]:
    """``{"session": {"httponly", "samesite=lax", ...}}`` from the Set-Cookie headers."""
    found = {}
    for header in answer.headers.getlist("Set-Cookie"):
        name, *attributes = (part.strip() for part in header.split(";"))
        found[name.split("=", 1)[0]] = {
            a.lower() for a in attributes if "=" not in a
        } | {a.lower() for a in attributes if a.lower().startswith("samesite")}
    return found


#: What a strict policy would block (or what would need 'unsafe-inline' to work).
INLINE = re.compile(
    r"<script(?![^>]*\bsrc=)[^>]*>|<style\b|\sstyle\s*=|\son[a-z]+\s*=|javascript:",
    re.IGNORECASE,
)


def test_no_template_needs_unsafe_inline() -> None:
    templates = [
        *ROOT.glob("themes/*/templates/**/*.html"),
        *ROOT.glob("plugins/*/templates/**/*.html"),
        *ROOT.glob("etwincms/**/templates/**/*.html"),
    ]
    assert len(templates) > 50
    offenders = [
        f"{path.relative_to(ROOT)}: {match.group(0)}"
        for path in templates
        for match in INLINE.finditer(path.read_text(encoding="utf-8"))
    ]
    assert offenders == []
