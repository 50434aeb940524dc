"""The server-rendered front end: sign-in, my spaces, a space's page tree, a page.

One blueprint per area. Views are thin: they parse the request, call a service, and
render a template of the active theme. Service errors become HTTP answers here, in one
place: NotFound -> 404, PermissionDenied -> 403 (or the sign-in page for visitors).
"""

from __future__ import annotations

from flask import (
    Flask,
    Response,
    current_app,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import Babel
from flask_login import LoginManager, current_user
from flask_wtf.csrf import CSRFError, CSRFProtect

from ..api.errors import api_forbidden, is_api_request, problem
from ..db import get_session
from ..errors import NotFound, PermissionDenied
from ..models import User
from ..state import get_state
from . import (
    account,
    api_reference,
    assist,
    auth,
    editing,
    helpers,
    invites,
    materials,
    nul_guard,
    pages,
    people,
    resume,
    search,
    slots,
    space_admin,
    spaces,
)


def init_app(app: Flask) -> None:
    """Wire Flask-Login, CSRF, Babel, the blueprints and the error pages into ``app``."""
    login_manager = LoginManager(app)
    login_manager.login_view = "auth.login"
    login_manager.user_loader(load_user)
    # The API checks CSRF itself (only for calls that use the session cookie).
    app.config["WTF_CSRF_CHECK_DEFAULT"] = False
    CSRFProtect(app)
    app.before_request(nul_guard.refuse_nul)
    app.before_request(check_csrf)
    Babel(app, locale_selector=helpers.select_locale)
    blueprints = (
        auth.bp,
        account.bp,
        spaces.bp,
        people.bp,
        editing.bp,
        assist.bp,
        pages.bp,
        materials.bp,
    )
    extra = (space_admin.bp, invites.bp, resume.bp, search.bp, api_reference.bp)
    for blueprint in (*blueprints, *extra):
        app.register_blueprint(blueprint)
    app.context_processor(helpers.template_context)
    slots.init_app(app)
    app.register_error_handler(NotFound, not_found)
    app.register_error_handler(404, not_found)
    app.register_error_handler(PermissionDenied, forbidden)
    app.register_error_handler(CSRFError, stale_form)
    app.add_url_rule("/", "index", index)
    app.after_request(keep_addresses_on_site)
    app.after_request(limit_frames)


def check_csrf() -> None:
    if not is_api_request():
        current_app.extensions["csrf"].protect()


def load_user(user_id: str) -> User | None:
    user = get_session().get(User, int(user_id))
    return user if user is not None and user.is_active else None


def index() -> ResponseReturnValue:
    if current_user.is_authenticated:
        return redirect(url_for("spaces.dashboard"))
    return redirect(url_for("auth.login"))


def not_found(error: Exception) -> ResponseReturnValue:
    if is_api_request():
        return problem(404, str(error) if isinstance(error, NotFound) else None)
    return render_template("errors/404.html"), 404


def forbidden(error: Exception) -> ResponseReturnValue:
    if is_api_request():
        return api_forbidden(error)
    if not current_user.is_authenticated and resume.wants_resume():
        return resume.interrupted_form(401)
    if not current_user.is_authenticated:
        return redirect(url_for("auth.login", next=request.full_path))
    return render_template("errors/403.html"), 403


def stale_form(error: CSRFError) -> ResponseReturnValue:
    """A form whose token no longer matches its session: keep what it was sending."""
    if resume.wants_resume():
        return resume.interrupted_form(400)
    return problem(400, error.description)


def keep_addresses_on_site(response: Response) -> Response:
    """Never tell other sites our addresses: some carry secrets (invite links, ``next``)."""
    response.headers.setdefault("Referrer-Policy", "same-origin")
    return response


def limit_frames(response: Response) -> Response:
    """Frames only from this site and the hosts the sanitizer admits in ``<iframe src>``
    (the embed providers plugins declare), and this site framed by no one else. Answers
    that set their own policy (served files) keep it. The rest of a strict policy
    (scripts, styles) comes with the security work."""
    if "Content-Security-Policy" not in response.headers:
        response.headers["Content-Security-Policy"] = frame_policy()
    return response


def frame_policy() -> str:
    hosts = sorted(get_state().sanitizer.iframe_hosts)
    sources = " ".join(["'self'", *(f"https://{host}" for host in hosts)])
    return f"frame-src {sources}; frame-ancestors 'self'"
