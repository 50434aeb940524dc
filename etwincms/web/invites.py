"""Invite links in the browser: make and withdraw them on the people page, join by one.

A new link's URL appears once, on a page browsers are told not to keep (``Cache-Control:
no-store``). ``/join/<secret>`` sends visitors to sign in and back, then shows the space
and a Join button. The secret is in those URLs, so every answer of this blueprint asks
browsers not to pass the URL on to other sites (``Referrer-Policy: no-referrer``).
"""

from __future__ import annotations

from flask import (
    Blueprint,
    Response,
    flash,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db import commit, get_session
from ..errors import NotFound, ValidationError
from ..models import InviteLink, User
from ..services import invites
from .helpers import signed_in_user
from .people import back_to_people, people_page, people_space, refused

bp = Blueprint("invites", __name__)


@bp.after_request
def no_referrer(response: Response) -> Response:
    response.headers["Referrer-Policy"] = "no-referrer"
    return response


# ---------------------------------------------------------------- make and withdraw


@bp.post("/s/<slug>/-/people/links")
def create(slug: str) -> ResponseReturnValue:
    project = people_space(slug)
    form = request.form
    try:
        link, secret = invites.create_invite_link(
            get_session(),
            signed_in_user(),
            project,
            role=form.get("link_role", ""),
            days=invites.parse_days(form.get("days", "")),
        )
    except ValidationError as error:
        refused(error)
        return people_page(project, form, 400)
    commit()
    return link_shown_once(link, secret)


def link_shown_once(link: InviteLink, secret: str) -> ResponseReturnValue:
    """The page with the new link's URL: the only time anyone sees the secret."""
    html = render_template(
        "invites/created.html",
        project=invites.link_project(get_session(), link),
        link=link,
        url=url_for("invites.join", secret=secret, _external=True),
    )
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response


@bp.post("/s/<slug>/-/people/links/<int:link_id>/revoke")
def revoke(slug: str, link_id: int) -> ResponseReturnValue:
    project = people_space(slug)
    invites.revoke_invite_link(get_session(), signed_in_user(), project, link_id)
    commit()
    flash(_("The invite link is withdrawn: it no longer works."), "info")
    return back_to_people(project)


# ---------------------------------------------------------------- join


@bp.route("/join/<secret>", methods=["GET", "POST"])
def join(secret: str) -> ResponseReturnValue:
    """GET shows the space and a Join button; POST joins."""
    try:
        link = invites.find_live_link(get_session(), secret)
    except NotFound:
        return link_gone()
    user = signed_in_user()
    if user is None:  # sign in first, then come back here (auth.safe_next: paths only)
        return redirect(url_for("auth.login", next=request.path))
    if request.method == "GET":
        return join_page(link, user)
    return join_now(link, user, secret)


def link_gone() -> ResponseReturnValue:
    return render_template("invites/gone.html"), 404


def join_page(
    link: InviteLink, user: User, error: ValidationError | None = None
) -> ResponseReturnValue:
    """The space, the role and a Join button, or why this account cannot join."""
    refusal = error or join_refusal(link, user)
    return render_template(
        "invites/join.html",
        project=invites.link_project(get_session(), link),
        link=link,
        refusal=refusal,
        already=isinstance(refusal, invites.AlreadyMember),
    ), 400 if error else 200


def join_refusal(link: InviteLink, user: User) -> ValidationError | None:
    """Why this user cannot join by this link (shown instead of the button), if at all."""
    try:
        invites.check_may_join(get_session(), user, link)
    except ValidationError as error:
        return error
    return None


def join_now(link: InviteLink, user: User, secret: str) -> ResponseReturnValue:
    project = invites.link_project(get_session(), link)
    try:
        invites.join_by_link(get_session(), user, secret)
    except invites.AlreadyMember:
        get_session().rollback()
        flash(_("You are already a member of %(title)s.", title=project.title), "info")
        return redirect(url_for("spaces.home", slug=project.slug))
    except ValidationError as error:
        get_session().rollback()
        return join_page(link, user, error)
    commit()
    flash(_("Welcome to %(title)s.", title=project.title), "info")
    return redirect(url_for("spaces.home", slug=project.slug))
