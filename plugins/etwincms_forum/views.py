"""The forum's pages, mounted by the core at ``/s/<slug>/-/forum/``.

Views are thin: they read the request, call :mod:`.queries` or :mod:`.services`, commit
with ``etwincms.db.commit`` (which then tells other plugins what happened) and render a
template under ``forum/``. When a service rejects input, the form is shown again with
the message and everything the person typed. Permission errors and missing objects go to
the core's error pages (403, sign-in, 404).
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from flask import Blueprint, flash, g, redirect, render_template, request, url_for
from flask.typing import ResponseReturnValue
from flask_babel import gettext as _
from sqlalchemy.orm import Session

from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied, ValidationError
from etwincms.models import Project, User
from etwincms.permissions import require
from etwincms.plugins import current_project, plugin_settings
from etwincms.web.helpers import signed_in_user

from . import following, policy, queries, services
from .models import Forum, Topic

bp = Blueprint("forum", __name__)

TopicAction = Callable[[Session, User, Project, Topic], None]
TOPIC_ACTIONS: dict[str, TopicAction] = {
    "pin": lambda s, u, p, t: services.set_pinned(s, u, p, t, True),
    "unpin": lambda s, u, p, t: services.set_pinned(s, u, p, t, False),
    "lock": lambda s, u, p, t: services.set_locked(s, u, p, t, True),
    "unlock": lambda s, u, p, t: services.set_locked(s, u, p, t, False),
    "subscribe": following.subscribe,
    "unsubscribe": following.unsubscribe,
}


@bp.before_request
def mark_nav() -> None:
    g.active_nav = "forum"


def render(template: str, status: int = 200, **context: Any) -> ResponseReturnValue:
    html = render_template(f"forum/{template}", project=current_project(), **context)
    return html, status


def failed(error: ValidationError) -> dict[str, Any]:
    """Undo the failed change; hand the message to the template."""
    get_session().rollback()
    return {"error": str(error), "error_field": error.field}


# -- reading -------------------------------------------------------------------------


@bp.get("/")
def index() -> ResponseReturnValue:
    forums = queries.forums_of(get_session(), signed_in_user(), current_project())
    return render("index.html", forums=forums)


@bp.get("/f/<int:forum_id>")
def forum(forum_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    forum = queries.get_forum(session, user, project, forum_id)
    listing = queries.topic_page(
        session,
        user,
        project,
        forum=forum,
        page=request.args.get("page", 1, type=int),
        per_page=plugin_settings(project, "forum").get("topics_per_page", 25),
    )
    may_start = policy.may_start_topic(user, project)
    return render("forum.html", forum=forum, listing=listing, may_start=may_start)


@bp.get("/t/<int:topic_id>")
def topic(topic_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    topic = queries.get_topic(session, user, project, topic_id)
    quote_id = request.args.get("quote", type=int)
    quote = (
        queries.quote_of(session, user, project, topic, quote_id) if quote_id else ""
    )
    return show_topic(topic, reply_text=quote)


def show_topic(topic: Topic, status: int = 200, **context: Any) -> ResponseReturnValue:
    """The topic with its posts; seeing it marks it read up to its newest post."""
    session, user, project = get_session(), signed_in_user(), current_project()
    # Held for the whole view: the session keeps loaded rows only while they are used,
    # and the permission checks below ask for the topic's category again.
    forum = session.get(Forum, topic.forum_id)
    posts = queries.topic_posts(session, user, project, topic)
    last_post_id = queries.last_readable_post_id(posts)
    if following.mark_read(session, user, project, topic, last_post_id):
        commit(session)  # only then: a commit expires every row the page shows
    return render(
        "topic.html",
        status,
        topic=topic,
        forum=forum,
        posts=posts,
        may_reply=policy.may_reply(user, project, topic),
        moderator=policy.is_moderator(user, project),
        subscribed=queries.is_subscribed(session, user, topic),
        **context,
    )


@bp.get("/p/<int:post_id>/history")
def history(post_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    post, topic = queries.get_post(session, user, project, post_id)
    revisions = queries.post_history(session, user, project, post)
    names_visible = queries.names_visible(user, project)
    return render(
        "history.html", topic=topic, revisions=revisions, names_visible=names_visible
    )


@bp.get("/subscriptions")
def subscriptions() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    if user is None:
        raise PermissionDenied("forum.view")
    rows = queries.subscribed_topics(session, user, project)
    return render("subscriptions.html", rows=rows)


# -- writing -------------------------------------------------------------------------


@bp.route("/f/<int:forum_id>/new", methods=["GET", "POST"])
def new_topic(forum_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    forum = queries.get_forum(session, user, project, forum_id)
    if not policy.may_start_topic(user, project):
        raise PermissionDenied("forum.post")
    if request.method == "GET":
        return render("new_topic.html", forum=forum, form={})
    try:
        topic = services.create_topic(
            session, user, project, forum, **form_fields("title", "body")
        )
    except ValidationError as error:
        return render(
            "new_topic.html", 400, forum=forum, form=request.form, **failed(error)
        )
    commit(session)
    return redirect(url_for("forum.topic", topic_id=topic.id))


def form_fields(*names: str) -> dict[str, str]:
    return {name: request.form.get(name, "") for name in names}


@bp.post("/t/<int:topic_id>/reply")
def reply(topic_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    topic = queries.get_topic(session, user, project, topic_id)
    body = request.form.get("body", "")
    try:
        post = services.reply(session, user, project, topic, body=body)
    except ValidationError as error:
        return show_topic(topic, 400, reply_text=body, **failed(error))
    commit(session)
    return redirect(
        url_for("forum.topic", topic_id=topic.id, _anchor=f"post-{post.id}")
    )


@bp.route("/p/<int:post_id>/edit", methods=["GET", "POST"])
def edit_post(post_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    post, topic = queries.get_post(session, user, project, post_id)
    policy.require_edit(user, project, topic, post)
    if request.method == "GET":
        return render("edit_post.html", post=post, topic=topic, body=post.body)
    body = request.form.get("body", "")
    try:
        services.edit_post(session, user, project, post, body=body)
    except ValidationError as error:
        return render(
            "edit_post.html", 400, post=post, topic=topic, body=body, **failed(error)
        )
    commit(session)
    return redirect(
        url_for("forum.topic", topic_id=topic.id, _anchor=f"post-{post.id}")
    )


@bp.post("/p/<int:post_id>/<any(hide, unhide):action>")
def moderate_post(post_id: int, action: str) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    post, topic = queries.get_post(session, user, project, post_id)
    services.set_hidden(session, user, project, post, action == "hide")
    commit(session)
    return redirect(
        url_for("forum.topic", topic_id=topic.id, _anchor=f"post-{post.id}")
    )


@bp.post(f"/t/<int:topic_id>/<any({', '.join(TOPIC_ACTIONS)}):action>")
def topic_action(topic_id: int, action: str) -> ResponseReturnValue:
    """Pin, unpin, lock, unlock, subscribe, unsubscribe: one button each."""
    session, user, project = get_session(), signed_in_user(), current_project()
    topic = queries.get_topic(session, user, project, topic_id)
    TOPIC_ACTIONS[action](session, user, project, topic)
    commit(session)
    return redirect(url_for("forum.topic", topic_id=topic.id))


# -- categories ----------------------------------------------------------------------


@bp.get("/manage")
def manage() -> ResponseReturnValue:
    return show_manage()


def show_manage(status: int = 200, **context: Any) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    require(user, "forum.manage", project)
    forums = queries.forums_of(session, user, project)
    context.setdefault("form", {})
    context.setdefault("editing", None)
    return render("manage.html", status, forums=forums, **context)


@bp.post("/manage/new")
def create_forum() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    fields = form_fields("title", "description")
    try:
        services.create_forum(session, user, project, **fields)
    except ValidationError as error:
        return show_manage(400, form=fields, editing=None, **failed(error))
    commit(session)
    flash(_("The forum “%(title)s” was added.", title=fields["title"].strip()))
    return redirect(url_for("forum.manage"))


@bp.post("/manage/<int:forum_id>/rename")
def rename_forum(forum_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    forum = queries.get_forum(session, user, project, forum_id)
    fields = form_fields("title", "description")
    try:
        services.rename_forum(session, user, project, forum, **fields)
    except ValidationError as error:
        return show_manage(400, form=fields, editing=forum_id, **failed(error))
    commit(session)
    return redirect(url_for("forum.manage"))


@bp.post("/manage/<int:forum_id>/<any(up, down):direction>")
def move_forum(forum_id: int, direction: str) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    forum = queries.get_forum(session, user, project, forum_id)
    services.move_forum(session, user, project, forum, -1 if direction == "up" else 1)
    commit(session)
    return redirect(url_for("forum.manage"))
