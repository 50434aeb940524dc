"""Signing in and out.

Every way of signing in (this form, and the interrupted-form page of :mod:`.resume`)
goes through :func:`check_credentials` (throttled, audited, one answer for every kind
of mismatch) and :func:`start_session` (a fresh session; "remember me" shorter for
pupils, who share school computers). Signing out ends the account's sessions
everywhere, so a copied cookie dies with it.
"""

from __future__ import annotations

from datetime import timedelta
from urllib.parse import urlsplit

from flask import (
    Blueprint,
    current_app,
    flash,
    g,
    redirect,
    render_template,
    request,
    session,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import current_user, login_required, login_user, logout_user
from flask_wtf import FlaskForm
from werkzeug.exceptions import TooManyRequests
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired

from ..db import get_session
from ..models import User
from ..services import users
from .login_limits import throttle

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Remember me"))


class TooManySignIns(TooManyRequests):
    """Too many failed sign-ins from this address or for this name: wait and retry."""


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        user = check_credentials(form.username.data, form.password.data)
        if user is not None:
            start_session(user, form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        flash(_("That username and password do not match."), "error")
    return render_template("auth/login.html", form=form)


def check_credentials(username: str, password: str) -> User | None:
    """The account these credentials open, or None; raises TooManySignIns when throttled.

    The throttle is checked before the password, so a throttled guess learns nothing.
    """
    wait = throttle().retry_after(username)
    if wait:
        raise TooManySignIns(retry_after=wait)
    db_session = get_session()
    user = users.sign_in(db_session, username, password, request.remote_addr)
    db_session.commit()
    if user is None:
        throttle().failed(username)
    return user


def start_session(user: User, remember: bool) -> None:
    """Sign ``user`` in on a fresh session: nothing planted before sign-in survives it."""
    session.clear()
    # Flask-WTF caches the page's CSRF token per request: it belonged to the old session.
    g.pop(current_app.config.get("WTF_CSRF_FIELD_NAME", "csrf_token"), None)
    login_user(user, remember=remember, duration=remember_duration(user))


def remember_duration(user: User) -> timedelta:
    key = "PUPIL_REMEMBER_DURATION" if user.is_pupil else "REMEMBER_COOKIE_DURATION"
    return timedelta(seconds=int(current_app.config[key]))


def too_many_sign_ins(error: TooManySignIns) -> ResponseReturnValue:
    """The same words whatever was counted: they reveal nothing about the account."""
    headers = {"Retry-After": str(error.retry_after)} if error.retry_after else {}
    return render_template("errors/429.html"), 429, headers


def safe_next(target: str | None) -> str:
    """Only follow ``next`` to a path on this site (no open redirects).

    Browsers drop tabs and newlines and read a backslash as a slash, so ``/\\evil`` or
    ``///evil`` would leave the site: such targets are refused outright.
    """
    cleaned = "".join(ch for ch in target or "" if ch >= " ").replace("\\", "/")
    on_site = cleaned.startswith("/") and not cleaned.startswith("//")
    if on_site and not urlsplit(cleaned).netloc:
        return cleaned
    return url_for("spaces.dashboard")


@bp.route("/logout", methods=["POST"])
@login_required
def logout() -> ResponseReturnValue:
    db_session = get_session()
    users.sign_out(db_session, db_session.get_one(User, current_user.id))
    db_session.commit()
    logout_user()
    session.clear()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
