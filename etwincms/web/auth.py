"""Signing in and out."""

from __future__ import annotations

from urllib.parse import urlsplit

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_babel import lazy_gettext as _l
from flask_login import login_required, login_user, logout_user
from flask_wtf import FlaskForm
from wtforms import BooleanField, PasswordField, StringField
from wtforms.validators import DataRequired

from ..db import get_session
from ..services import users

bp = Blueprint("auth", __name__)


class LoginForm(FlaskForm):
    username = StringField(_l("Username"), validators=[DataRequired()])
    password = PasswordField(_l("Password"), validators=[DataRequired()])
    remember = BooleanField(_l("Remember me"))


@bp.route("/login", methods=["GET", "POST"])
def login() -> ResponseReturnValue:
    form = LoginForm()
    if form.validate_on_submit():
        session = get_session()
        user = users.authenticate(session, form.username.data, form.password.data)
        session.commit()
        if user is not None:
            login_user(user, remember=form.remember.data)
            return redirect(safe_next(request.args.get("next")))
        flash(_("That username and password do not match."), "error")
    return render_template("auth/login.html", form=form)


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
    logout_user()
    flash(_("You are signed out."), "info")
    return redirect(url_for("auth.login"))
