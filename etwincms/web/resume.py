"""Nothing typed is lost when a session ends: a refused form comes back to be sent again.

When a form arrives with a stale CSRF token (the session expired or the browser dropped
its cookie) or from a visitor whose sign-in lapsed, the request is not thrown away: the
answer is a page holding everything that was sent, in hidden fields, with the sign-in
form when needed. Signing in there (or just confirming) shows what will be sent and a
button that posts it, with a fresh token, to where it was going. Uploaded files cannot
be carried this way; the page says so.
"""

from __future__ import annotations

from collections.abc import Iterable

from flask import Blueprint, render_template, request
from flask.typing import ResponseReturnValue
from flask_login import current_user

from .auth import LoginForm, check_credentials, safe_next, start_session

bp = Blueprint("resume", __name__)

CARRY = "carry:"
#: Never carried back into a page: secrets and the stale token itself.
DROPPED = frozenset({"csrf_token", "password", "current_password", "new_password"})


def wants_resume() -> bool:
    """A browser form post (not an API call or a script's JSON) that can be replayed."""
    return (
        request.method == "POST"
        and not request.path.startswith("/api/")
        and request.accept_mimetypes.best != "application/json"
        and request.endpoint != "resume.resume"
    )


def carried_fields(pairs: Iterable[tuple[str, str]]) -> list[tuple[str, str]]:
    return [(name, value) for name, value in pairs if name not in DROPPED]


def interrupted_form(status: int) -> ResponseReturnValue:
    """The page that keeps an interrupted form: sign in again (if needed) and resend."""
    fields = carried_fields(request.form.items(multi=True))
    target = safe_next(request.full_path.rstrip("?"))
    lost_files = [f.filename for f in request.files.values() if f.filename]
    if current_user.is_authenticated:
        return resend(target, fields, lost_files), status
    return sign_in_again(LoginForm(formdata=None), target, fields, lost_files), status


def sign_in_again(
    form: LoginForm, target: str, fields: list[tuple[str, str]], lost_files: list[str]
) -> str:
    return render_template(
        "auth/resume.html",
        form=form,
        target=target,
        fields=fields,
        carry=CARRY,
        lost_files=lost_files,
    )


def resend(target: str, fields: list[tuple[str, str]], lost_files: list[str]) -> str:
    return render_template(
        "auth/resend.html", target=target, fields=fields, lost_files=lost_files
    )


@bp.post("/login/resume")
def resume() -> ResponseReturnValue:
    """Sign in from the interrupted-form page, then offer to send the form again."""
    target = safe_next(request.form.get("target"))
    fields = [
        (name.removeprefix(CARRY), value)
        for name, value in request.form.items(multi=True)
        if name.startswith(CARRY)
    ]
    if current_user.is_authenticated:
        return resend(target, fields, [])
    form = LoginForm()
    user = None
    if form.validate_on_submit():
        user = check_credentials(form.username.data, form.password.data)
    if user is None:
        form.form_errors.append("mismatch")
        return sign_in_again(form, target, fields, []), 401
    start_session(user, form.remember.data)
    return resend(target, fields, [])
