"""A space's people: invite teachers, create pupils from a class list, reset passwords.

The list shows each member's role and, to those allowed, the buttons to change it, to
remove them, or (for pupils) to give a new one-time password. One-time passwords appear
once, on a printable sheet that browsers are told not to keep (``Cache-Control:
no-store``); only their hashes are stored. Invite links are made and withdrawn here too,
by the views in :mod:`.invites`.
"""

from __future__ import annotations

from collections.abc import Mapping

from flask import (
    Blueprint,
    flash,
    g,
    make_response,
    redirect,
    render_template,
    request,
    url_for,
)
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db import commit, get_session
from ..errors import PermissionDenied, ValidationError
from ..models import Membership, Project, Role, User
from ..permissions import PUPIL_ROLES, can, require
from ..services import accounts, invites, members, pupils, spaces
from ..services.pupils import PupilCredentials
from .helpers import signed_in_user

bp = Blueprint("people", __name__)

PUPIL_ROLE_CHOICES = (Role.PUPIL, Role.PUPIL_LEAD)
STAFF_ROLE_CHOICES = (Role.ADMIN, Role.TEACHER, Role.OBSERVER)
LINK_DAYS = {
    "min": invites.MIN_DAYS,
    "max": invites.MAX_DAYS,
    "default": invites.DEFAULT_DAYS,
}


def people_space(slug: str) -> Project:
    """The space (NotFound for those who may not see it), with Members highlighted."""
    project = spaces.get_space(get_session(), signed_in_user(), slug)
    g.active_nav = "members"
    return project


def back_to_people(project: Project) -> ResponseReturnValue:
    return redirect(url_for("people.index", slug=project.slug))


def refused(error: ValidationError) -> None:
    """Undo whatever the failed service call left in the session; say why."""
    get_session().rollback()
    flash(str(error), "error")


# ---------------------------------------------------------------- the list


@bp.route("/s/<slug>/-/people")
def index(slug: str) -> ResponseReturnValue:
    return people_page(people_space(slug))


def people_page(
    project: Project, form: Mapping[str, str] | None = None, status: int = 200
) -> ResponseReturnValue:
    session, user = get_session(), signed_in_user()
    manages = can(user, "member.manage", project)
    grouped = members.members_by_school(session, user, project)
    return render_template(
        "people/index.html",
        project=project,
        grouped=grouped,
        invitations=accounts.space_invitations(session, user, project)
        if manages
        else [],
        manages=manages,
        may_add_pupils=can(user, "pupil.manage", project),
        may_remove=lambda m: may_remove(project, m),
        names_visible=can(user, "member.view", project),
        pupil_roles=PUPIL_ROLE_CHOICES,
        staff_roles=STAFF_ROLE_CHOICES,
        invite_roles=accounts.INVITE_ROLES,
        links=invites.list_live_links(session, user, project) if manages else [],
        link_roles=invites.LINK_ROLES,
        link_days=LINK_DAYS,
        form=form or {},
    ), status


def may_remove(project: Project, membership: Membership) -> bool:
    """Pupils: their teacher or an admin (``pupil.manage``); others: ``member.manage``."""
    if membership.role in PUPIL_ROLES:
        return can(signed_in_user(), "pupil.manage", project, membership)
    return can(signed_in_user(), "member.manage", project)


# ---------------------------------------------------------------- invite, role, remove


@bp.post("/s/<slug>/-/people/invite")
def invite(slug: str) -> ResponseReturnValue:
    project = people_space(slug)
    form = request.form
    try:
        membership = accounts.invite(
            get_session(),
            signed_in_user(),
            project,
            who=form.get("who", ""),
            role=form.get("role", ""),
        )
    except ValidationError as error:
        refused(error)
        return people_page(project, form, 400)
    name = get_session().get_one(User, membership.user_id).display_name
    commit()
    flash(
        _("%(name)s is invited: they accept on their Invitations page.", name=name),
        "info",
    )
    return back_to_people(project)


@bp.post("/s/<slug>/-/people/<int:membership_id>/role")
def change_role(slug: str, membership_id: int) -> ResponseReturnValue:
    project = people_space(slug)
    session = get_session()
    membership = accounts.membership_in(session, project, membership_id)
    try:
        role = accounts.parse_role(request.form.get("role"))
        members.change_role(session, signed_in_user(), membership, role)
    except ValidationError as error:
        refused(error)
        return people_page(project, status=400)
    name = membership.user.display_name
    commit()
    flash(_("%(name)s's role is changed.", name=name), "info")
    return back_to_people(project)


@bp.route("/s/<slug>/-/people/<int:membership_id>/remove", methods=["GET", "POST"])
def remove(slug: str, membership_id: int) -> ResponseReturnValue:
    """GET asks to confirm (removing cannot be undone here); POST removes."""
    project = people_space(slug)
    session, user = get_session(), signed_in_user()
    # The service reads None as the system (the CLI, the demo): never let a visitor be it.
    if user is None:
        raise PermissionDenied("member.manage")
    require(user, "member.view", project)  # first: absent ids are refused alike
    membership = accounts.membership_in(session, project, membership_id)
    target = membership.user
    members.require_manage(user, project, target, membership.role, target=membership)
    if request.method == "GET":
        return render_template(
            "people/remove.html", project=project, membership=membership
        )
    try:
        members.remove_member(session, user, membership)
    except ValidationError as error:
        refused(error)
        return people_page(project, status=400)
    commit()
    flash(_("%(name)s is no longer in this space.", name=target.display_name), "info")
    return back_to_people(project)


# ---------------------------------------------------------------- pupils


@bp.route("/s/<slug>/-/people/pupils", methods=["GET", "POST"])
def add_pupils(slug: str) -> ResponseReturnValue:
    project = people_space(slug)
    require(signed_in_user(), "pupil.manage", project)
    if request.method == "GET":
        return pupils_form(project, {})
    names_text = request.form.get("names", "")
    try:
        names = pupils.parse_class_list(names_text)
        created = create_pupils(project, names)
    except ValidationError as error:
        refused(error)
        return pupils_form(project, request.form), 400
    commit()
    rows = [
        (name, cred.user.username, cred.password)
        for name, cred in zip(names, created, strict=True)
    ]
    return credentials_sheet(project, rows, new_accounts=True)


def create_pupils(project: Project, names: list[str]) -> list[PupilCredentials]:
    session = get_session()
    school_id = optional_id(request.form.get("school", ""))
    school = accounts.school_by_id(session, school_id) if school_id else None
    return pupils.create_pupils(
        session, signed_in_user(), project, names, school=school
    )


def optional_id(value: str) -> int | None:
    try:
        return int(value) if value else None
    except ValueError:
        raise ValidationError(_("Choose a school from the list."), "school") from None


def pupils_form(project: Project, form: Mapping[str, str]) -> str:
    may_choose = can(signed_in_user(), "member.manage", project)
    schools = spaces.partner_schools(get_session(), project) if may_choose else []
    return render_template(
        "people/pupils.html", project=project, form=form, schools=schools
    )


@bp.post("/s/<slug>/-/people/<int:membership_id>/reset")
def reset_password(slug: str, membership_id: int) -> ResponseReturnValue:
    project = people_space(slug)
    session = get_session()
    membership = accounts.membership_in(session, project, membership_id)
    credentials = pupils.reset_password(session, signed_in_user(), project, membership)
    commit()
    pupil = credentials.user
    rows = [(pupil.display_name, pupil.username, credentials.password)]
    return credentials_sheet(project, rows, new_accounts=False)


def credentials_sheet(
    project: Project, rows: list[tuple[str, str, str]], *, new_accounts: bool
) -> ResponseReturnValue:
    """The printable sheet of one-time passwords: shown once, never cached."""
    html = render_template(
        "people/credentials.html", project=project, rows=rows, new_accounts=new_accounts
    )
    response = make_response(html)
    response.headers["Cache-Control"] = "no-store"
    return response
