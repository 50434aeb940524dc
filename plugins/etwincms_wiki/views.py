"""The wiki's reading pages, mounted by the core at ``/s/<slug>/-/wiki/``.

Views are thin: they read the request, call :mod:`.queries` and render a template under
``wiki/`` (themes may override each one). The writing pages are in :mod:`.editing`, on
the same blueprint. Permission errors and missing objects go to the core's error pages
(403, sign-in, 404).
"""

from __future__ import annotations

from typing import Any

from flask import Blueprint, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue

from etwincms.content.diff import line_diff
from etwincms.db import get_session
from etwincms.errors import NotFound
from etwincms.permissions import can, require
from etwincms.plugins import current_project, plugin_settings
from etwincms.web.helpers import signed_in_user

from . import discussion, policy, queries, services, translations

bp = Blueprint("wiki", __name__)


@bp.before_request
def mark_nav() -> None:
    g.active_nav = "wiki"


def render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    project = current_project()
    names_visible = policy.names_visible(signed_in_user(), project)
    html = render_template(
        f"wiki/{template}", project=project, names_visible=names_visible, **context
    )
    return html, status


def load(article_id: int) -> Any:
    return queries.get_article(
        get_session(), signed_in_user(), current_project(), article_id
    )


@bp.get("/")
def index() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    language = request.args.get("language", "")
    articles = queries.index(session, user, project, language)
    return render("index.html", articles=articles, language=language)


@bp.get("/go")
def go() -> ResponseReturnValue:
    """Open the article called ``title``, or offer to create it."""
    session, user, project = get_session(), signed_in_user(), current_project()
    title = " ".join(request.args.get("title", "").split())
    if not title:
        return redirect(url_for("wiki.index"))
    article = queries.find_by_title(session, user, project, title)
    if article is not None:
        return redirect(url_for("wiki.article", article_id=article.id))
    return redirect(url_for("wiki.new", title=title))


@bp.get("/random")
def random() -> ResponseReturnValue:
    article = queries.random_article(get_session(), signed_in_user(), current_project())
    if article is None:
        return redirect(url_for("wiki.index"))
    return redirect(url_for("wiki.article", article_id=article.id))


@bp.get("/a/<int:article_id>")
def article(article_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    item = load(article_id)
    shown = queries.shown_revision(session, user, project, item)
    if shown is None and item.current_number and not policy.is_member(user, project):
        raise NotFound(f"article {article_id}")  # only a pupil's text, not yet reviewed
    return render(
        "article.html",
        article=item,
        revision=shown,
        versions=translations.group_of(session, item),
        may_edit=can(user, "wiki.edit", project, item),
    )


@bp.get("/a/<int:article_id>/history")
def history(article_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    item = load(article_id)
    return render(
        "history.html",
        article=item,
        revisions=queries.history(session, user, project, item),
        may_revert=can(user, "wiki.edit", project, item),
        may_patrol=can(user, "wiki.patrol", project),
    )


@bp.get("/a/<int:article_id>/diff")
def diff(article_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    item = load(article_id)
    require(user, "wiki.history", project, item)
    numbers = sorted(
        (request.args.get("from", type=int) or 1, request.args.get("to", type=int) or 1)
    )
    old, new = (services.get_revision(session, item, n) for n in numbers)
    return render(
        "diff.html", article=item, old=old, new=new, lines=line_diff(old.body, new.body)
    )


@bp.get("/a/<int:article_id>/links")
def links_here(article_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    item = load(article_id)
    return render(
        "links.html",
        article=item,
        linking=queries.backlinks(session, user, project, item),
    )


@bp.get("/a/<int:article_id>/talk")
def talk(article_id: int) -> ResponseReturnValue:
    return show_talk(load(article_id))


def show_talk(item: Any, status: int = 200, **context: Any) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    thread = discussion.comments(session, user, project, item)
    return render("talk.html", status, article=item, comments=thread, **context)


@bp.get("/changes")
def changes() -> ResponseReturnValue:
    return show_changes(unreviewed=False)


@bp.get("/unreviewed")
def unreviewed() -> ResponseReturnValue:
    return show_changes(unreviewed=True)


def show_changes(*, unreviewed: bool) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    limit = plugin_settings(project, "wiki").get("recent_changes_shown", 50)
    before = request.args.get("before", type=int)
    if before is not None and before < 1:
        raise NotFound("before")
    rows = queries.changes(
        session, user, project, limit=limit + 1, before=before, unreviewed=unreviewed
    )
    return render(
        "changes.html",
        rows=rows[:limit],
        more=rows[limit - 1].id if len(rows) > limit else None,
        unreviewed=unreviewed,
        may_patrol=can(user, "wiki.patrol", project),
    )
