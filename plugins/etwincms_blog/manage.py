"""The blog's pages for teachers: creating a blog and changing its settings (visibility,
who posts, reflection dates, travellers), the queue of comments waiting for approval,
and the weekly-reflection tracker.

Each page asks the service or query it calls for the capability (``blog.manage`` or
``blog.moderate``); a refused visitor gets the core's 403 or sign-in page.
"""

from __future__ import annotations

from datetime import date
from typing import Any

from flask import flash, redirect, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from etwincms.db import commit, get_session, utcnow
from etwincms.errors import ValidationError
from etwincms.permissions import require
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import queries, reflections, services
from .blueprint import bp, failed, form_fields, render
from .models import DEFAULT_WRITERS, WRITER_ROLES, Blog


def blog_form(
    blog: Blog | None, form: dict[str, Any], status: int = 200, **context: Any
) -> Any:
    session, project = get_session(), current_project()
    travellers = services.traveller_ids(session, blog) if blog is not None else set()
    return render(
        "blog_form.html",
        status,
        blog=blog,
        form=form,
        roles=WRITER_ROLES,
        members=queries.space_members(session, project),
        travellers=travellers,
        **context,
    )


def form_of(blog: Blog | None) -> dict[str, Any]:
    if blog is None:
        return {"visibility": "members", "writer_roles": list(DEFAULT_WRITERS)}
    return {
        "title": blog.title,
        "description": blog.description,
        "visibility": blog.visibility,
        "writer_roles": blog.writer_roles,
        "reflection_start": iso(blog.reflection_start),
        "reflection_end": iso(blog.reflection_end),
    }


def iso(day: date | None) -> str:
    return day.isoformat() if day else ""


def submitted() -> dict[str, Any]:
    fields: dict[str, Any] = form_fields("title", "description", "visibility")
    fields["writer_roles"] = request.form.getlist("writer_roles")
    for name in ("reflection_start", "reflection_end"):
        fields[name] = day_of(request.form.get(name, ""), name)
    return fields


def day_of(text: str, field: str) -> date | None:
    if not text.strip():
        return None
    try:
        return date.fromisoformat(text.strip())
    except ValueError:
        raise ValidationError(_("Give a date."), field=field) from None


def shown_again() -> dict[str, Any]:
    return {
        **request.form.to_dict(),
        "writer_roles": request.form.getlist("writer_roles"),
    }


def traveller_choice() -> list[int]:
    return [int(v) for v in request.form.getlist("travellers") if v.isdigit()]


@bp.route("/new", methods=["GET", "POST"])
def new_blog() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    require(user, "blog.manage", project)
    if request.method == "GET":
        return blog_form(None, form_of(None))
    try:
        blog = services.create_blog(session, user, project, **submitted())
        services.set_travellers(session, user, project, blog, traveller_choice())
    except ValidationError as error:
        return blog_form(None, shown_again(), 400, **failed(error))
    commit(session)
    flash(_("The blog “%(title)s” was created.", title=blog.title))
    return redirect(url_for("blog.blog", blog_id=blog.id))


@bp.route("/b/<int:blog_id>/settings", methods=["GET", "POST"])
def settings(blog_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    blog = queries.get_blog(session, user, project, blog_id)
    require(user, "blog.manage", project)
    if request.method == "GET":
        return blog_form(blog, form_of(blog))
    try:
        services.update_blog(session, user, project, blog, **submitted())
        services.set_travellers(session, user, project, blog, traveller_choice())
    except ValidationError as error:
        return blog_form(blog, shown_again(), 400, **failed(error))
    commit(session)
    flash(_("The blog's settings were saved."))
    return redirect(url_for("blog.blog", blog_id=blog.id))


@bp.get("/b/<int:blog_id>/reflections")
def tracker(blog_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    blog = queries.get_blog(session, user, project, blog_id)
    found = reflections.tracker(session, user, project, blog, utcnow().date())
    return render("reflections.html", blog=blog, tracker=found)


@bp.get("/moderation")
def moderation() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    waiting = queries.pending_comments(session, user, project)
    return render("moderation.html", waiting=waiting)
