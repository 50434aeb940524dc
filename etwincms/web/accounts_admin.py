"""Site admins look after accounts: find one, then disable or enable it after confirming.

The list searches usernames, names and emails; each account's page says what disabling
does and asks for the click that does it (a form post, audited). Anyone but a site admin
is told these pages do not exist. The rules live in :mod:`..services.account_admin`.
"""

from __future__ import annotations

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from flask_login import login_required

from ..db import commit, get_session
from ..errors import ValidationError
from ..models import User
from ..services import account_admin
from .account import current_user_object

bp = Blueprint("accounts", __name__)

#: Accounts one page of the list shows.
PER_PAGE = 50


@bp.get("/admin/accounts")
@login_required
def index() -> ResponseReturnValue:
    words = request.args.get("q", "")[:100]
    after = request.args.get("after", "")
    found = account_admin.find_accounts(
        get_session(),
        current_user_object(),
        words,
        after=int(after) if after.isdigit() and len(after) < 10 else None,
        limit=PER_PAGE + 1,
    )
    return render_template(
        "accounts/index.html",
        accounts=found[:PER_PAGE],
        words=words,
        next_after=found[PER_PAGE - 1].id if len(found) > PER_PAGE else None,
    )


@bp.route("/admin/accounts/<int:user_id>", methods=["GET", "POST"])
@login_required
def status(user_id: int) -> ResponseReturnValue:
    """The account, what disabling (or enabling) it does, and the button that does it."""
    actor, session = current_user_object(), get_session()
    user = account_admin.managed_account(session, actor, user_id)
    if request.method == "GET":
        return status_page(actor, user)
    try:
        change_status(actor, user, request.form.get("action", ""))
    except ValidationError as error:
        flash(str(error), "error")
        return status_page(actor, user), 400
    commit()
    return redirect(url_for("accounts.status", user_id=user.id))


def change_status(actor: User, user: User, action: str) -> None:
    session = get_session()
    if action == "disable":
        account_admin.disable(session, actor, user)
        flash(_("The account is disabled: it is signed out everywhere."), "info")
    elif action == "enable":
        account_admin.enable(session, actor, user)
        flash(_("The account is enabled: its owner can sign in again."), "info")
    else:
        raise ValidationError(
            _("Choose to disable or to enable the account."), "action"
        )


def status_page(actor: User, user: User) -> str:
    return render_template(
        "accounts/status.html",
        person=user,
        own=user.id == actor.id,
        erased=user.password_hash is None,
    )
