"""Your account: password (forced at first login too), profile, invitations, API tokens,
your data (download it, delete the account) and erasing someone else's account.

Generated pupil accounts and reset passwords carry ``must_change_password``: until its
owner has chosen a new password, every page but this one (and signing out) sends them
here. Typed passwords are never sent back in a re-rendered form. A new personal access
token's secret appears once, on a page browsers are told not to keep.
"""

from __future__ import annotations

from typing import Any, BinaryIO

from flask import (
    Blueprint,
    current_app,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    send_file,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required, logout_user

from ..db import commit, get_session
from ..errors import NotFound, PermissionDenied, ValidationError
from ..models import User
from ..permissions import can
from ..services import accounts, data_archive, privacy, tokens, users
from .auth import start_session
from .helpers import language_name, signed_in_user

bp = Blueprint("account", __name__)

#: What someone who must change their password may still reach.
ALLOWED_BEFORE_CHANGE = frozenset(
    {"account.password", "auth.logout", "theme_static", "plugin_static"}
)


@bp.before_app_request
def force_password_change() -> ResponseReturnValue | None:
    """First sign-in with a one-time password: nothing else until it is changed."""
    if request.endpoint is None or request.endpoint in ALLOWED_BEFORE_CHANGE:
        return None  # no such page (a 404 either way), or one that stays open
    user = signed_in_user()
    if user is None or not user.must_change_password:
        return None
    flash(_("Please choose your own password before you go on."), "info")
    return redirect(url_for("account.password"))


# ---------------------------------------------------------------- password


@bp.route("/account/password", methods=["GET", "POST"])
@login_required
def password() -> ResponseReturnValue:
    user = current_user_object()
    if request.method == "GET":
        return password_form(user)
    try:
        change_password(user)
    except ValidationError as error:
        flash(str(error), "error")
        return password_form(user, error), 400
    commit()
    # The change ended every session of this account (a thief's too); keep this one.
    start_session(user, remember=False)
    flash(_("Your password is changed."), "info")
    return redirect(url_for("spaces.dashboard"))


def change_password(user: User) -> None:
    new = request.form.get("new", "")
    if new != request.form.get("repeat", ""):
        raise ValidationError(
            _("The two new passwords are not the same. Type them again."), "repeat"
        )
    users.change_password(
        get_session(), user, current=request.form.get("current", ""), new=new
    )


def password_form(user: User, error: ValidationError | None = None) -> str:
    return render_template(
        "account/password.html",
        forced=user.must_change_password,
        error_field=error.field if error else None,
    )


# ---------------------------------------------------------------- profile


@bp.route("/account/profile", methods=["GET", "POST"])
@login_required
def profile() -> ResponseReturnValue:
    user = current_user_object()
    if request.method == "GET":
        return profile_form(user, profile_values(user))
    try:
        accounts.update_profile(get_session(), user, **profile_changes())
    except ValidationError as error:
        flash(str(error), "error")
        return profile_form(user, request.form.to_dict(), error), 400
    commit()
    flash(_("Your profile is saved."), "info")
    return redirect(url_for("account.profile"))


def profile_changes() -> dict[str, Any]:
    """What the form sent; a pupil's form has no name or school fields."""
    form = request.form
    changes: dict[str, Any] = {"locale": form.get("locale")}
    if "display_name" in form:
        changes["display_name"] = form["display_name"]
    if "school" in form:
        changes["school_id"] = optional_id(form["school"], "school")
    return changes


def optional_id(value: str, field: str) -> int | None:
    """A select's value: ``""`` is none, else an id."""
    if not value:
        return None
    try:
        return int(value)
    except ValueError:
        raise ValidationError(_("Choose from the list."), field) from None


def profile_values(user: User) -> dict[str, str]:
    return {
        "display_name": user.display_name,
        "locale": user.locale,
        "school": str(user.school_id or ""),
    }


def profile_form(
    user: User, values: dict[str, str], error: ValidationError | None = None
) -> str:
    return render_template(
        "account/profile.html",
        user=user,
        values=values,
        languages=language_choices(),
        schools=accounts.all_schools(get_session()),
        error_field=error.field if error else None,
    )


def language_choices() -> list[tuple[str, str]]:
    """``[("es", "español"), ...]``: each language named in itself."""
    return [(code, language_name(code)) for code in current_app.config["LANGUAGES"]]


# ---------------------------------------------------------------- invitations


@bp.route("/account/invitations")
@login_required
def invitations() -> ResponseReturnValue:
    rows = accounts.pending_invitations(get_session(), current_user_object())
    return render_template("account/invitations.html", invitations=rows)


@bp.post("/account/invitations/<slug>/accept")
@login_required
def accept(slug: str) -> ResponseReturnValue:
    project = accounts.accept_invitation(get_session(), current_user_object(), slug)
    commit()
    flash(_("Welcome to %(title)s.", title=project.title), "info")
    return redirect(url_for("spaces.home", slug=project.slug))


# ---------------------------------------------------------------- API tokens


@bp.route("/account/tokens", methods=["GET", "POST"])
@login_required
def api_tokens() -> ResponseReturnValue:
    user = current_user_object()
    if request.method == "GET":
        return tokens_page(user, {"scopes": ["read"]})
    try:
        token, secret = tokens.create_token(get_session(), user, **token_fields())
    except ValidationError as error:
        flash(str(error), "error")
        return tokens_page(user, token_values(), error), 400
    commit()
    # The secret is on this page only: never cached, never shown again.
    html = tokens_page(user, {"scopes": ["read"]}, created=token, secret=secret)
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


def token_fields() -> dict[str, Any]:
    form = request.form
    days = form.get("days", "").strip()
    if days and not days.isdigit():
        raise ValidationError(_("Give a whole number of days, or none."), "days")
    return {
        "name": form.get("name", ""),
        "scopes": form.getlist("scopes"),
        "days": int(days) if days else None,
    }


def token_values() -> dict[str, Any]:
    """The typed values, to fill the form in again after a mistake."""
    form = request.form
    return {k: form.get(k, "") for k in ("name", "days")} | {
        "scopes": form.getlist("scopes")
    }


def tokens_page(
    user: User,
    values: dict[str, Any],
    error: ValidationError | None = None,
    **shown: Any,
) -> str:
    """The list and the form; ``shown`` may hold a new token and its secret."""
    return render_template(
        "account/tokens.html",
        tokens=tokens.list_tokens(get_session(), user),
        values=values,
        error_field=error.field if error else None,
        max_days=tokens.MAX_DAYS,
        **shown,
    )


@bp.post("/account/tokens/<int:token_id>/revoke")
@login_required
def revoke_token(token_id: int) -> ResponseReturnValue:
    tokens.revoke_token(get_session(), current_user_object(), token_id)
    commit()
    flash(_("The token is revoked: it no longer works."), "info")
    return redirect(url_for("account.api_tokens"))


# ---------------------------------------------------------------- your data, deletion


@bp.get("/account/data")
@login_required
def my_data() -> ResponseReturnValue:
    return render_template("account/data.html", user=current_user_object())


@bp.get("/account/data/download")
@login_required
def download_data() -> ResponseReturnValue:
    """Everything stored about you, with your files, as one zip (audited)."""
    user = current_user_object()
    return zip_download(data_archive.data_archive(get_session(), user, user), "my-data")


@bp.get("/account/data/<int:user_id>/download")
@login_required
def download_data_of(user_id: int) -> ResponseReturnValue:
    """A site admin downloads someone's data for them (before erasing it, say)."""
    actor, session = current_user_object(), get_session()
    user = session.get(User, user_id)
    if user is None or not can(actor, "user.create", None):
        raise NotFound("account")
    return zip_download(
        data_archive.data_archive(session, actor, user), f"data-{user.id}"
    )


def zip_download(archive: BinaryIO, name: str) -> ResponseReturnValue:
    """The archive as an attachment no cache keeps; commits the export's audit entry."""
    commit()
    response = send_file(
        archive,
        mimetype="application/zip",
        as_attachment=True,
        download_name=f"{name}.zip",
    )
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/account/delete")
@login_required
def delete_account() -> ResponseReturnValue:
    """An adult deletes their own account; the password confirms it is really them."""
    user = current_user_object()
    try:
        privacy.erase_own_account(get_session(), user, request.form.get("password", ""))
    except ValidationError as error:
        flash(str(error), "error")
        return render_template("account/data.html", user=user, error=error), 400
    commit()
    logout_user()
    flash(
        _("Your account is deleted. What you wrote stays, by a former member."), "info"
    )
    return redirect(url_for("auth.login"))


@bp.route("/account/erase/<int:user_id>", methods=["GET", "POST"])
@login_required
def erase_account(user_id: int) -> ResponseReturnValue:
    """A site admin erases an account, or a teacher one of their pupils'."""
    actor, session = current_user_object(), get_session()
    user = session.get(User, user_id)
    if (
        user is None
        or user.id == actor.id
        or not privacy.may_erase(session, actor, user)
    ):
        raise NotFound("account")  # whether the account exists is not told either
    if request.method == "GET":
        return erase_page(actor, user)
    try:
        privacy.erase_personal_data(session, actor, user)
    except ValidationError as error:
        flash(str(error), "error")
        return erase_page(actor, user), 400
    commit()
    flash(
        _("The account is erased. What they wrote stays, by a former member."), "info"
    )
    return redirect(url_for("spaces.dashboard"))


def erase_page(actor: User, person: User) -> str:
    return render_template(
        "account/erase.html", person=person, may_export=can(actor, "user.create", None)
    )


def current_user_object() -> User:
    """The signed-in user (the views here are all ``login_required``)."""
    user = signed_in_user()
    if user is None:  # not reached: login_required sends visitors to sign in
        raise PermissionDenied("account")
    return user
