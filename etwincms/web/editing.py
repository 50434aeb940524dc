"""Changing pages in the browser: edit, conflicts, history, diff, revert, create, settings.

Nothing typed is lost: a failed save re-renders the editor with the text as sent; a save
that lost a race shows both versions (merged where the edits touched different lines)
with the user's text ready to save again.
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, flash, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _

from ..content.diff import line_diff, merge3
from ..db import commit, get_session
from ..errors import EditConflict, NotFound, ValidationError
from ..models import EditPolicy, Page, Project, Revision, Visibility
from ..permissions import can, require
from ..services import pages, revisions, spaces, tree
from .helpers import signed_in_user

bp = Blueprint("editing", __name__)


def load(slug: str, path: str) -> tuple[Project, Page, Revision | None]:
    session, user = get_session(), signed_in_user()
    project = spaces.get_space(session, user, slug)
    page, revision = tree.get_page(session, user, project, path)
    return project, page, revision


def page_url(project: Project, page: Page) -> str:
    return url_for("pages.view", slug=project.slug, path=page.path)


def text_field(name: str) -> str:
    """A textarea's value with the browser's CRLF line ends made plain."""
    return request.form.get(name, "").replace("\r\n", "\n")


def base_number() -> int:
    try:
        return int(request.form.get("base", ""))
    except ValueError:
        raise ValidationError(
            _("The form is incomplete; reload the page."), "base"
        ) from None


@bp.route("/s/<slug>/-/edit/<path:path>", methods=["GET", "POST"])
def edit(slug: str, path: str) -> ResponseReturnValue:
    project, page, revision = load(slug, path)
    require(signed_in_user(), "page.edit", project, page)
    if request.method == "GET":
        body = revision.body if revision else ""
        return editor(
            project, page, title=page.title, body=body, base=page.current_number
        )
    return save(project, page, revision)


def save(project: Project, page: Page, edited: Revision | None) -> ResponseReturnValue:
    form = {"title": request.form.get("title", ""), "body": text_field("body")}
    summary = request.form.get("summary", "")
    try:
        revisions.save_revision(
            get_session(),
            signed_in_user(),
            project,
            page,
            base_number=base_number(),
            summary=summary,
            edited=edited,
            **form,
        )
    except EditConflict as conflict:
        return conflict_view(project, page, conflict, form["title"], summary)
    except ValidationError as error:
        return editor(
            project, page, base=request.form.get("base"), error=error, **form
        ), 400
    commit()
    flash(_("Saved."), "info")
    return redirect(page_url(project, page))


def editor(project: Project, page: Page | None, **context: Any) -> str:
    return render_template("pages/edit.html", project=project, page=page, **context)


def conflict_view(
    project: Project, page: Page, conflict: EditConflict, title: str, summary: str
) -> ResponseReturnValue:
    """Both versions; a merge when the edits touched different lines. Status 409."""
    get_session().rollback()
    base = base_text(page, conflict.base_number)
    merged = merge3(base, conflict.mine, conflict.theirs) if base is not None else None
    return render_template(
        "pages/conflict.html",
        project=project,
        page=page,
        conflict=conflict,
        merged=merged,
        title=title,
        summary=summary,
        theirs_diff=line_diff(conflict.theirs, conflict.mine),
    ), 409


def base_text(page: Page, number: int) -> str | None:
    """The text the editor started from; None when the form named no real revision."""
    if number == 0:
        return ""
    try:
        return revisions.get_revision(get_session(), page, number).body
    except NotFound:
        return None


@bp.route("/s/<slug>/-/new", methods=["GET", "POST"])
def new(slug: str) -> ResponseReturnValue:
    session, user = get_session(), signed_in_user()
    project = spaces.get_space(session, user, slug)
    parent = parent_from_request(project)
    require(user, "page.create", project, parent)
    if request.method == "GET":
        return render_template(
            "pages/new.html", project=project, parent=parent, form={}
        )
    try:
        page = pages.create_page(
            session,
            user,
            project,
            title=request.form.get("title", ""),
            body=text_field("body"),
            parent=parent,
        )
    except ValidationError as error:
        return render_template(
            "pages/new.html",
            project=project,
            parent=parent,
            form=request.form,
            error=error,
        ), 400
    commit()
    return redirect(page_url(project, page))


def parent_from_request(project: Project) -> Page | None:
    parent_id = request.values.get("parent", type=int)
    if not parent_id:
        return None
    return tree.get_page_by_id(get_session(), signed_in_user(), project, parent_id)


@bp.route("/s/<slug>/-/history/<path:path>")
def history(slug: str, path: str) -> ResponseReturnValue:
    project, page, _revision = load(slug, path)
    user = signed_in_user()
    return render_template(
        "pages/history.html",
        project=project,
        page=page,
        revisions=revisions.history(get_session(), user, project, page),
        names_visible=can(user, "member.view", project),
        may_revert=can(user, "page.edit", project, page),
    )


@bp.route("/s/<slug>/-/diff/<path:path>")
def diff(slug: str, path: str) -> ResponseReturnValue:
    project, page, _revision = load(slug, path)
    require(signed_in_user(), "page.history", project, page)
    numbers = sorted(
        (request.args.get("from", type=int) or 1, request.args.get("to", type=int) or 1)
    )
    old, new = (revisions.get_revision(get_session(), page, n) for n in numbers)
    return render_template(
        "pages/diff.html",
        project=project,
        page=page,
        old=old,
        new=new,
        lines=line_diff(old.body, new.body),
        title_changed=old.title != new.title,
    )


@bp.post("/s/<slug>/-/revert/<path:path>")
def revert(slug: str, path: str) -> ResponseReturnValue:
    project, page, _revision = load(slug, path)
    number = request.form.get("number", type=int) or 0
    revisions.revert(get_session(), signed_in_user(), project, page, number)
    commit()
    flash(_("Revision %(n)s is the current text again.", n=number), "info")
    return redirect(page_url(project, page))


@bp.route("/s/<slug>/-/settings/<path:path>", methods=["GET", "POST"])
def settings(slug: str, path: str) -> ResponseReturnValue:
    project, page, _revision = load(slug, path)
    user = signed_in_user()
    if not (
        can(user, "page.publish", project, page)
        or can(user, "page.move", project, page)
    ):
        require(user, "page.publish", project, page)
    if request.method == "POST":
        try:
            apply_settings(project, page)
            commit()
            flash(_("Page settings saved."), "info")
            return redirect(page_url(project, page))
        except ValidationError as error:
            flash(str(error), "error")
    targets = tree.movable_targets(get_session(), user, project, page)
    return render_template(
        "pages/settings.html", project=project, page=page, targets=targets
    )


def apply_settings(project: Project, page: Page) -> None:
    session, user = get_session(), signed_in_user()
    if can(user, "page.publish", project, page):
        pages.set_page_access(
            session,
            user,
            project,
            page,
            visibility=Visibility(
                request.form.get("visibility", page.visibility.value)
            ),
            edit_policy=EditPolicy(
                request.form.get("edit_policy", page.edit_policy.value)
            ),
        )
    if can(user, "page.move", project, page):
        apply_place(project, page)


def apply_place(project: Project, page: Page) -> None:
    """The slug, the parent and the position among its neighbours (1 = first)."""
    session, user = get_session(), signed_in_user()
    if request.form.get("slug"):
        pages.change_slug(session, user, project, page, request.form["slug"])
    parent_id = request.form.get("parent", type=int)
    position = request.form.get("position", type=int)
    if "parent" not in request.form:
        return
    if parent_id == page.parent_id and (
        position is None or position - 1 == page.position
    ):
        return
    parent = (
        tree.get_page_by_id(session, user, project, parent_id) if parent_id else None
    )
    pages.move_page(
        session,
        user,
        project,
        page,
        parent=parent,
        position=None if position is None else max(position - 1, 0),
    )


@bp.post("/s/<slug>/-/delete/<path:path>")
def delete(slug: str, path: str) -> ResponseReturnValue:
    project, page, _revision = load(slug, path)
    pages.trash_page(get_session(), signed_in_user(), project, page)
    commit()
    flash(
        _(
            "“%(title)s” is in the trash: it can be restored from there.",
            title=page.title,
        ),
        "info",
    )
    return redirect(url_for("spaces.home", slug=project.slug))


@bp.post("/s/<slug>/-/restore/<int:page_id>")
def restore(slug: str, page_id: int) -> ResponseReturnValue:
    session, user = get_session(), signed_in_user()
    project = spaces.get_space(session, user, slug)
    page = tree.get_trashed_page(session, user, project, page_id)
    pages.restore_page(session, user, project, page)
    commit()
    flash(_("“%(title)s” is back.", title=page.title), "info")
    return redirect(page_url(project, page))
