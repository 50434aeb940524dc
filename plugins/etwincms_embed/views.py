"""The embed library's pages, mounted by the core at ``/s/<slug>/-/embed/``.

Views are thin: they read the form, call :mod:`.queries` or :mod:`.services`, commit
with ``etwincms.db.commit`` (which then tells other plugins what happened) and render a
template under ``embed/``. A rejected URL or title shows the form again with the message.
Permission errors and missing items go to the core's error pages.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from markupsafe import Markup

from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied, ValidationError
from etwincms.models import User
from etwincms.permissions import can
from etwincms.plugins import current_project
from etwincms.state import get_state
from etwincms.web.helpers import signed_in_user

from . import markup, policy, queries, registry, services
from .models import EmbedItem

bp = Blueprint("embed", __name__)


@bp.before_request
def mark_nav() -> None:
    g.active_nav = "embed"


def writer() -> User:
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("embed.add")
    return user


def shown(item: EmbedItem) -> Markup:
    """The item's placeholder (or frame), through the core's sanitizer like page HTML."""
    project = current_project()
    html = markup.render(
        item.url,
        item.title,
        registry.space_providers(project),
        registry.click_to_load(project),
    )
    return Markup(get_state().sanitizer.clean(str(html)))  # noqa: S704 (sanitized)


def render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    project, user = current_project(), signed_in_user()
    page = render_template(
        f"embed/{template}",
        project=project,
        shown=shown,
        author_of=lambda item: queries.author_of(item, user, project),
        may_edit=lambda item: policy.may_edit(user, project, item),
        providers=registry.space_providers(project),
        **context,
    )
    return page, status


@bp.get("/")
def index() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    items = queries.items_after(session, user, project, after=None, limit=200)
    return render(
        "index.html", items=items, form={}, may_add=can(user, "embed.add", project)
    )


@bp.post("/new")
def new() -> ResponseReturnValue:
    session, user, project = get_session(), writer(), current_project()
    form = request.form
    try:
        item = services.create(
            session,
            user,
            project,
            title=form.get("title", ""),
            url=form.get("url", ""),
            description=form.get("description", ""),
        )
    except ValidationError as error:
        session.rollback()
        items = queries.items_after(session, user, project, after=None, limit=200)
        return render(
            "index.html", 422, items=items, form=form, error=str(error), may_add=True
        )
    commit(session)
    return redirect(url_for("embed.item", item_id=item.id))


@bp.get("/e/<int:item_id>")
def item(item_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    return render("item.html", item=queries.get_item(session, user, project, item_id))


@bp.route("/e/<int:item_id>/edit", methods=["GET", "POST"])
def edit(item_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), writer(), current_project()
    found = queries.get_item(session, user, project, item_id)
    policy.require_edit(user, project, found)
    if request.method == "GET":
        return render("form.html", item=found, form={})
    form = request.form
    try:
        services.update(
            session,
            user,
            project,
            found,
            title=form.get("title", ""),
            url=form.get("url", ""),
            description=form.get("description", ""),
        )
    except ValidationError as error:
        session.rollback()
        return render("form.html", 422, item=found, form=form, error=str(error))
    commit(session)
    return redirect(url_for("embed.item", item_id=item_id))


@bp.post("/e/<int:item_id>/delete")
def delete(item_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), writer(), current_project()
    services.delete(
        session, user, project, queries.get_item(session, user, project, item_id)
    )
    commit(session)
    return redirect(url_for("embed.index"))
