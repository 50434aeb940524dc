"""The working groups pages of a space, under ``/s/<slug>/-/groups/``.

The list (members see their own groups, teachers every group, with the forms to create,
rename, delete and change members), and the suggestion: a teacher picks a group size,
sees the proposal, moves members between groups and saves it. Views are thin: they
parse the form, call the services, flash the outcome; services check ``can()``.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..db import commit, get_session
from ..errors import PermissionDenied, ValidationError
from ..models import Project, User
from ..permissions import can, require
from ..services import spaces
from ..web.helpers import signed_in_user
from . import presenting, services
from .services import CAPABILITY
from .suggestion import suggest_groups

bp = Blueprint("groups", __name__, url_prefix="/s/<slug>/-/groups")
DEFAULT_SIZE = 4
MAX_GROUPS = 200


def member_space(slug: str) -> tuple[Project, User]:
    user = signed_in_user()
    project = spaces.get_space(get_session(), user, slug)
    g.active_nav = "groups"
    if user is None or not can(user, "member.view", project):
        raise PermissionDenied("member.view")  # groups name people: members only
    return project, user


def managed_space(slug: str) -> tuple[Project, User]:
    project, user = member_space(slug)
    require(user, CAPABILITY, project)
    return project, user


@bp.get("/")
def index(slug: str) -> ResponseReturnValue:
    project, user = member_space(slug)
    session = get_session()
    manage = can(user, CAPABILITY, project)
    people = presenting.candidates(session, project, user)
    groups = (
        services.list_groups(session, project)
        if manage
        else services.groups_of(session, project, user)
    )
    return render_template(
        "groups/index.html",
        project=project,
        groups=groups,
        people=people,
        by_id=presenting.by_id(people),
        root_path=lambda group: presenting.root_path(session, group),
        manage=manage,
    )


@bp.post("/new")
def create(slug: str) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    return attempt(
        lambda: services.create_group(
            session,
            user,
            project,
            request.form.get("name", ""),
            ids(request.form.getlist("member_ids")),
            request.form.get("description", ""),
        ),
        slug,
        _("The group was created."),
    )


@bp.post("/<int:group_id>/rename")
def rename(slug: str, group_id: int) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    group = services.get_group(session, project, group_id)
    return attempt(
        lambda: services.rename_group(
            session, user, project, group, request.form.get("name", "")
        ),
        slug,
        _("The group was renamed."),
    )


@bp.post("/<int:group_id>/delete")
def delete(slug: str, group_id: int) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    group = services.get_group(session, project, group_id)
    return attempt(
        lambda: services.delete_group(session, user, project, group),
        slug,
        _("The group was deleted; its pages are in the trash."),
    )


@bp.post("/<int:group_id>/members")
def add_member(slug: str, group_id: int) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    group = services.get_group(session, project, group_id)
    return attempt(
        lambda: services.add_member(
            session, user, project, group, one_id(request.form.get("user_id"))
        ),
        slug,
        _("The member was added to the group."),
    )


@bp.post("/<int:group_id>/members/<int:user_id>/remove")
def remove_member(slug: str, group_id: int, user_id: int) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    group = services.get_group(session, project, group_id)
    return attempt(
        lambda: services.remove_member(session, user, project, group, user_id),
        slug,
        _("The member was taken out of the group."),
    )


@bp.get("/suggest")
def suggest(slug: str) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    try:
        size = one_id(request.args.get("size") or str(DEFAULT_SIZE))
        proposal = suggest_groups(session, project, size=size)
    except ValidationError as error:
        flash(str(error), "error")
        return redirect(url_for("groups.index", slug=slug))
    people = presenting.candidates(session, project, user)
    return render_template(
        "groups/suggest.html",
        project=project,
        proposal=proposal,
        people=people,
        placed=placement(proposal),
        size=size,
    )


@bp.post("/suggest")
def save_suggestion(slug: str) -> ResponseReturnValue:
    project, user = managed_space(slug)
    session = get_session()
    return attempt(
        lambda: services.save_suggestion(
            session, user, project, edited_proposal(request.form)
        ),
        slug,
        _("The groups were created."),
    )


def placement(proposal: list[Any]) -> dict[int, int]:
    """Which proposed group (its index) each member is in."""
    return {uid: i for i, group in enumerate(proposal) for uid in group.member_ids}


def edited_proposal(form: Any) -> list[tuple[str, list[int]]]:
    """The groups as the teacher left them: ``name_<i>`` and ``member_<user id>`` = i."""
    count = one_id(form.get("count"))
    if count > MAX_GROUPS:
        raise ValidationError(_("At most %(count)d groups at once.", count=MAX_GROUPS))
    members: list[list[int]] = [[] for _i in range(count)]
    for key, value in form.items():
        if key.startswith("member_") and value.isdigit() and int(value) < count:
            members[int(value)].append(one_id(key.removeprefix("member_")))
    return [(form.get(f"name_{i}", ""), members[i]) for i in range(count)]


def ids(values: list[str]) -> list[int]:
    return [one_id(value) for value in values if value]


def one_id(value: str | None) -> int:
    """A positive whole number that fits a database id, or a clear refusal."""
    if value is None or not value.strip().isdigit() or not 0 < int(value) < 2**31:
        raise ValidationError(_("Expected a number."))
    return int(value)


def attempt(change: Any, slug: str, done: str) -> ResponseReturnValue:
    """Run the change and commit; on a refused input, say why and change nothing."""
    session = get_session()
    try:
        change()
        commit(session)
        flash(done, "info")
    except ValidationError as error:
        session.rollback()
        flash(str(error), "error")
    return redirect(url_for("groups.index", slug=slug))
