"""The blog's reading pages: the space's blogs, a blog's posts and archives, a post
with its comments, and the Atom feed of a public blog.

Views are thin: they read the request, call :mod:`.queries`, and render a template under
``blog/``. Reading a blog first publishes the space's scheduled posts whose time has come
(``services.publish_due``), so schedules need no cron. Missing or unreadable objects go
to the core's 404 page.
"""

from __future__ import annotations

import re
from datetime import date
from typing import Any

from flask import Response, abort, request
from flask.typing import ResponseReturnValue

from etwincms.db import commit, get_session, utcnow
from etwincms.models import Project
from etwincms.plugins import current_project, plugin_settings
from etwincms.web.helpers import signed_in_user

from . import feed, policy, queries, reflections, services
from .blueprint import bp, page_number, render
from .models import PHASES, Blog

MONTH = re.compile(r"^(\d{4})-(\d{2})$")


def publish_due(project: Project) -> None:
    session = get_session()
    if services.publish_due(session, project):
        commit(session)


@bp.get("/")
def index() -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    publish_due(project)
    blogs = queries.blogs_of(session, user, project)
    return render("index.html", blogs=blogs)


def narrowing() -> dict[str, Any]:
    """The archive filters of the query string: ``tag``, ``month`` (YYYY-MM), ``phase``."""
    narrow: dict[str, Any] = {}
    if tag := request.args.get("tag", "").strip():
        narrow["tag"] = tag[:40]
    if month := request.args.get("month", ""):
        narrow["month"] = month_of(month)
    if phase := request.args.get("phase", ""):
        if phase not in PHASES:
            abort(404)
        narrow["phase"] = phase
    return narrow


def month_of(text: str) -> tuple[int, int]:
    """``YYYY-MM`` within the years posts can have; anything else is not found."""
    match = MONTH.match(text)
    if match is None:
        abort(404)
    year, month = int(match.group(1)), int(match.group(2))
    if not (1 <= month <= 12 and 1900 <= year <= 2199):
        abort(404)
    return year, month


@bp.get("/b/<int:blog_id>")
def blog(blog_id: int) -> ResponseReturnValue:
    session, user, project = get_session(), signed_in_user(), current_project()
    publish_due(project)
    blog = queries.get_blog(session, user, project, blog_id)
    narrow = narrowing()
    per_page = plugin_settings(project, "blog").get("posts_per_page", 10)
    listing = queries.post_page(
        session, user, project, blog, page=page_number(), per_page=per_page, **narrow
    )
    return render(
        "blog.html",
        blog=blog,
        listing=listing,
        narrow=narrow,
        months=[
            (f"{year:04d}-{month:02d}", date(year, month, 1), count)
            for year, month, count in queries.archive_months(session, blog)
        ],
        filters={k: request.args[k] for k in ("tag", "month", "phase") if k in narrow},
        tags=queries.tag_counts(session, blog),
        unpublished=queries.unpublished_of(session, user, project, blog),
        may_post=policy.may_post(user, project, blog),
        moderator=policy.is_moderator(user, project),
        prompt=reflection_prompt(blog),
        names_visible=queries.names_visible(user, project),
    )


def reflection_prompt(blog: Blog) -> dict[str, Any] | None:
    """For a pupil who may post while the prompt runs: has this week's entry been written?"""
    user, project, today = signed_in_user(), current_project(), utcnow().date()
    if user is None or not user.is_pupil or not reflections.is_running(blog, today):
        return None
    if not policy.may_post(user, project, blog):
        return None
    done = reflections.wrote_this_week(get_session(), user, blog, today)
    return {"done": done, "end": blog.reflection_end}


@bp.get("/p/<int:post_id>")
def post(post_id: int) -> ResponseReturnValue:
    return show_post(post_id)


def show_post(post_id: int, status: int = 200, **context: Any) -> ResponseReturnValue:
    """The post with the comments the viewer may see, and the comment form."""
    session, user, project = get_session(), signed_in_user(), current_project()
    post, blog = queries.get_post(session, user, project, post_id)
    comments = queries.comments_of(session, user, project, post)
    context.setdefault("comment_text", "")
    return render(
        "post.html",
        status,
        post=post,
        blog=blog,
        author=queries.author_of(post, user, project),
        comments=[c for c in comments if c.kind == "comment"],
        feedback=[c for c in comments if c.kind == "feedback"],
        may_comment=policy.may_comment(user, project, blog, post, utcnow()),
        may_edit=policy.may_edit_post(user, project, blog, post),
        moderator=policy.is_moderator(user, project),
        live=post.is_live(utcnow()),
        held=user is not None and policy.holds_comments_of(user, project),
        **context,
    )


@bp.get("/b/<int:blog_id>/feed.atom", endpoint="feed")
def feed_of(blog_id: int) -> ResponseReturnValue:
    """Public blogs of public spaces only: a feed is public output."""
    session, user, project = get_session(), signed_in_user(), current_project()
    publish_due(project)
    blog = queries.get_blog(session, user, project, blog_id)
    if not blog.is_public or not project.is_public:
        abort(404)
    listing = queries.post_page(session, None, project, blog, per_page=20)
    updated = max(
        (p.edited_at or p.publish_at for p in listing.posts), default=blog.created_at
    )
    body = feed.atom_feed(project, blog, listing.posts, updated or blog.created_at)
    return Response(body, mimetype="application/atom+xml")
