"""Finding partners: the faceted finder, posts, profiles, schools and listed spaces.

See :mod:`.web` for the blueprint. Listings come only from :mod:`.queries`, which keeps
pupils, unlisted spaces and inactive accounts out in SQL.
"""

from __future__ import annotations

from flask import abort, flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit, get_session
from etwincms.errors import NotFound, ValidationError
from etwincms.models import Membership, MembershipStatus, Project, School, User
from etwincms.permissions import can, require
from etwincms.services.spaces import get_space

from . import cards, directory, queries, services
from . import filters as vocab
from .models import MemberProfile, PartnerPost, SchoolProfile
from .web import bp, failed, render, signed_in, user_may, viewer

# -- finding -------------------------------------------------------------------------


@bp.get("/")
def index() -> ResponseReturnValue:
    user = viewer()
    try:
        kind = vocab.kind_of(request.args.get("kind"))
        chosen = vocab.parse(request.args).for_kind(kind)
    except ValidationError as error:
        abort(400, str(error))
    found = queries.find(get_session(), kind, chosen)
    return render(
        "index.html",
        kind=kind,
        chosen=chosen,
        applies=vocab.APPLIES[kind],
        cards=found,
        facets=cards.facets(found),
        may_post=user_may(user, "partners.post"),
        own_spaces=listable_spaces(user),
    )


def listable_spaces(user: User) -> list[Project]:
    """The viewer's spaces with partner finding on whose listing they may change."""
    rows = get_session().scalars(
        select(Project)
        .join(Membership, Membership.project_id == Project.id)
        .where(
            Membership.user_id == user.id, Membership.status == MembershipStatus.ACTIVE
        )
    )
    return [
        p
        for p in rows
        if any(r.plugin == "partners" and r.enabled for r in p.plugins)
        and can(user, "space.plugins", p)
    ]


# -- posts ---------------------------------------------------------------------------


@bp.route("/posts/new", methods=["GET", "POST"])
def new_post() -> ResponseReturnValue:
    user = viewer()
    require(user, "partners.post", None)
    if request.method == "GET":
        return render("post_form.html", post=None, form={})
    session = get_session()
    try:
        post = services.create_post(session, user, request.form.to_dict())
    except ValidationError as error:
        return render("post_form.html", 422, post=None, **failed(error))
    commit(session)
    flash(_("Your post is published."), "success")
    return redirect(url_for("partners.post", post_id=post.id))


@bp.get("/posts/<int:post_id>")
def post(post_id: int) -> ResponseReturnValue:
    user = viewer()
    card, found = queries.get_post(get_session(), post_id, user)
    return render(
        "post.html", card=card, post=found, form={}, **post_rights(user, found)
    )


def post_rights(user: User, found: PartnerPost) -> dict[str, bool]:
    mine = found.author_id == user.id
    return {
        "may_edit": mine or user_may(user, "partners.moderate"),
        "may_reply": not mine and user_may(user, "partners.message"),
    }


@bp.route("/posts/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id: int) -> ResponseReturnValue:
    user, session = viewer(), get_session()
    found = services.editable_post(session, user, post_id)
    if request.method == "GET":
        return render("post_form.html", post=found, form=post_form(found))
    try:
        services.update_post(session, user, post_id, request.form.to_dict())
    except ValidationError as error:
        return render("post_form.html", 422, post=found, **failed(error))
    commit(session)
    flash(_("Your post is saved."), "success")
    return redirect(url_for("partners.post", post_id=post_id))


def post_form(found: PartnerPost) -> dict[str, str]:
    values = {name: getattr(found, name) for name in (
        "topic", "partnership_type", "looking_for", "description", "age_min", "age_max",
        "starts_on", "ends_on")}  # fmt: skip
    for name in ("languages", "subjects", "vocational_subjects"):
        values[name] = ", ".join(getattr(found, name))
    return {k: "" if v is None else str(v) for k, v in values.items()}


@bp.post("/posts/<int:post_id>/close")
def close_post(post_id: int) -> ResponseReturnValue:
    user, session = viewer(), get_session()
    services.close_post(session, user, post_id)
    commit(session)
    flash(_("The post is closed: it no longer shows in searches."), "success")
    return redirect(url_for("partners.index"))


@bp.post("/posts/<int:post_id>/reply")
def reply_to_post(post_id: int) -> ResponseReturnValue:
    user, session = viewer(), get_session()
    try:
        thread = services.reply_to_post(
            session, user, post_id, request.form.get("body", "")
        )
    except ValidationError as error:
        card, found = queries.get_post(session, post_id, user)
        context = {"card": card, "post": found, **post_rights(user, found)}
        return render("post.html", 422, **context, **failed(error))
    commit(session)
    flash(_("Your message is sent."), "success")
    return redirect(url_for("partners.thread", thread_id=thread.id))


# -- profiles ------------------------------------------------------------------------


@bp.route("/profile", methods=["GET", "POST"])
def profile() -> ResponseReturnValue:
    user, session = viewer(), get_session()
    require(user, "partners.profile", None)
    if request.method == "GET":
        return render(
            "profile_form.html",
            form=profile_form(services.member_profile(session, user)),
        )
    try:
        services.save_member_profile(session, user, request.form.to_dict())
    except ValidationError as error:
        return render("profile_form.html", 422, **failed(error))
    commit(session)
    flash(_("Your profile is saved."), "success")
    return redirect(url_for("partners.profile"))


def profile_form(found: MemberProfile | None) -> dict[str, str]:
    """The form's values: a new profile starts available and not discoverable."""
    if found is None:
        return {"available": "on"}
    values = {
        name: ", ".join(getattr(found, name))
        for name in ("subjects", "vocational_subjects", "languages")
    }
    values["about"] = found.about
    values["discoverable"] = "on" if found.discoverable else ""
    values["available"] = "on" if found.available else ""
    return values


@bp.get("/people/<int:user_id>")
def person(user_id: int) -> ResponseReturnValue:
    user = viewer()
    card = queries.get_person(get_session(), user_id)
    may_write = user.id != user_id and user_may(user, "partners.message")
    return render("person.html", card=card, may_write=may_write, form={})


@bp.route("/school", methods=["GET", "POST"])
def school_profile() -> ResponseReturnValue:
    user, session = viewer(), get_session()
    try:
        school = services.own_school(session, user)
    except ValidationError as error:
        abort(422, str(error))
    if request.method == "GET":
        return render(
            "school_form.html", school=school, form=school_form(session, school)
        )
    try:
        services.save_school_profile(session, user, request.form.to_dict())
    except ValidationError as error:
        return render("school_form.html", 422, school=school, **failed(error))
    commit(session)
    flash(_("The school's profile is saved."), "success")
    return redirect(url_for("partners.school", school_id=school.id))


def school_form(session: Session, school: School) -> dict[str, str]:
    found = session.get(SchoolProfile, school.id)
    if found is None:
        return {}
    return {
        "vocational_areas": ", ".join(found.vocational_areas),
        "languages": ", ".join(found.languages),
        "description": found.description,
    }


@bp.get("/schools/<int:school_id>")
def school(school_id: int) -> ResponseReturnValue:
    user, session = viewer(), get_session()
    card = queries.get_school(session, school_id)
    found = session.get(SchoolProfile, school_id)
    may_edit = user.school_id == school_id and user_may(user, "partners.profile")
    return render("school.html", card=card, profile=found, may_edit=may_edit)


# -- listed spaces -------------------------------------------------------------------


@bp.get("/spaces/<space>")
def space(space: str) -> ResponseReturnValue:
    user, session = viewer(), get_session()
    project = directory.get_listed_space(session, space)
    card = directory.space_card_of(session, project)
    founder = directory.founder_of(session, project)
    may_write = (
        founder is not None
        and founder.id != user.id
        and user_may(user, "partners.message")
    )
    return render(
        "space.html", card=card, project=project, may_write=may_write, form={}
    )


@bp.post("/spaces/<space>/contact")
def contact_founder(space: str) -> ResponseReturnValue:
    user, session = viewer(), get_session()
    form = request.form
    try:
        thread = services.contact_founder(
            session, user, space, form.get("subject", ""), form.get("body", "")
        )
    except ValidationError as error:
        project = directory.get_listed_space(session, space)
        card = directory.space_card_of(session, project)
        return render(
            "space.html",
            422,
            card=card,
            project=project,
            may_write=True,
            **failed(error),
        )
    commit(session)
    flash(_("Your message is sent to the project's founder."), "success")
    return redirect(url_for("partners.thread", thread_id=thread.id))


@bp.route("/spaces/<space>/listing", methods=["GET", "POST"])
def listing(space: str) -> ResponseReturnValue:
    user, session = signed_in(), get_session()
    project = managed_space(session, user, space)
    if request.method == "GET":
        return render(
            "listing.html",
            project=project,
            settings=directory.listing_settings(project),
        )
    values = {
        "listed": request.form.get("listed") == "on",
        "partnership_type": request.form.get("partnership_type", "etwinning"),
        "vocational_subjects": request.form.get("vocational_subjects", ""),
    }
    try:
        services.set_listing(session, user, project, values)
    except ValidationError as error:
        return render(
            "listing.html", 422, project=project, settings=values, **failed(error)
        )
    commit(session)
    flash(_("The listing is saved."), "success")
    return redirect(url_for("partners.listing", space=space))


def managed_space(session: Session, user: User, slug: str) -> Project:
    """A space with partner finding on whose listing ``user`` may change; any other
    space, existing or not, is not found (404 alike, so nothing leaks)."""
    try:
        project = get_space(session, user, slug)
    except NotFound:
        project = None
    if project is None or not can(user, "space.plugins", project):
        raise NotFound(f"space {slug}")
    if not any(r.plugin == "partners" and r.enabled for r in project.plugins):
        raise NotFound(f"space {slug}")
    return project
