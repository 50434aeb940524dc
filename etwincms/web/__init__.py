"""The server-rendered front end: sign-in, my spaces, a space's page tree, a page.

One blueprint per area. Views are thin: they parse the request, call a service, and
render a template of the active theme. Service errors become HTTP answers here, in one
place: NotFound -> 404, PermissionDenied -> 403 (or the sign-in page for visitors).
"""

from __future__ import annotations

from flask import (
    Flask,
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
from . import (
    account,
    accounts_admin,
    api_reference,
    assist,
    auth,
    conditional,
    editing,
    helpers,
    i18n,
    invites,
    login_limits,
    materials,
    nul_guard,
    page_cache,
    pages,
    people,
    resume,
    search,
    security_headers,
    session_limits,
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
    session_limits.init_app(app)
    i18n.init_app(app)
    Babel(app, locale_selector=i18n.select_locale)
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
    extra = (
        space_admin.bp,
        invites.bp,
        resume.bp,
        search.bp,
        api_reference.bp,
        accounts_admin.bp,
    )
    for blueprint in (*blueprints, *extra):
        app.register_blueprint(blueprint)
    app.context_processor(helpers.template_context)
    slots.init_app(app)
    app.register_error_handler(NotFound, not_found)
    app.register_error_handler(404, not_found)
    app.register_error_handler(PermissionDenied, forbidden)
    app.register_error_handler(CSRFError, stale_form)
    app.register_error_handler(auth.TooManySignIns, auth.too_many_sign_ins)
    app.add_url_rule("/", "index", index)
    login_limits.init_app(app)
    security_headers.init_app(app)
    conditional.init_app(app)
    page_cache.init_app(app)


def check_csrf() -> None:
    if not is_api_request():
        current_app.extensions["csrf"].protect()


def load_user(stored_id: str) -> User | None:
    """The user of a session or remember-me cookie, unless it is stale.

    Stored ids are ``"<id>:<session version>"`` (:meth:`User.get_id`): once the version
    is raised (sign-out, password change, disabled account) the old ones open nothing.
    """
    user_id, _, version = stored_id.partition(":")
    if not (user_id.isdigit() and version.isdigit()):
        return None
    user = get_session().get(User, int(user_id))
    if user is None or not user.is_active or user.session_version != int(version):
        return None
    return user


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
