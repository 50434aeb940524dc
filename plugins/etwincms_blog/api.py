"""The blog's JSON API, mounted by the core at ``/api/v1/projects/<slug>/blog/``.

A flask-smorest blueprint, so its operations join ``/api/v1/openapi.json`` under the tag
``blog_api``: blogs (list, create, read, change), a blog's posts (cursor-paged, newest
first, narrowed by tag, month or phase; or the caller's own, drafts included), posts
(read, write, change, delete), comments (list, write, moderate) and the
weekly-reflection tracker. Blogs and posts carry an ``ETag``; changing them needs
``If-Match`` (428 without, 412 when stale). Reads answer what the same person sees in the
browser (pupils are named only to those who may see names); writes go through
:mod:`.services` and :mod:`.comments`, so the API allows exactly what the web allows.
Errors are the core's ``application/problem+json`` documents.
"""

from __future__ import annotations

from typing import Any

from flask import Response, url_for
from flask_smorest import Blueprint

from etwincms.api.common import (
    IF_MATCH,
    check_if_match,
    decode_cursor,
    documents_errors,
    etag_of,
    page_of,
    with_etag,
)
from etwincms.api.schemas import ListArgs
from etwincms.db import commit, get_session, utcnow
from etwincms.errors import PermissionDenied
from etwincms.models import User
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import comments, policy, queries, reflections, services
from .api_schemas import (
    BlogCommentCreateSchema,
    BlogCommentList,
    BlogCommentModerateSchema,
    BlogCommentSchema,
    BlogCreateSchema,
    BlogFieldsSchema,
    BlogList,
    BlogPostArgs,
    BlogPostCreateSchema,
    BlogPostFieldsSchema,
    BlogPostList,
    BlogPostSchema,
    BlogReflectionsSchema,
    BlogSchema,
)
from .models import Blog, Post

blp = Blueprint(
    "blog_api", __name__, description="The blogs of a space: blogs, posts and comments"
)
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}


def member() -> User:
    """The caller; writing needs one (the core already refused anonymous writes)."""
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("blog.post")
    return user


# -- blogs ---------------------------------------------------------------------------


@blp.get("/blogs")
@blp.arguments(ListArgs, location="query")
@blp.response(200, BlogList)
@documents_errors(blp)
def list_blogs(args: dict[str, Any]) -> dict[str, Any]:
    """The space's blogs the caller may read, oldest first."""
    session, user, project = get_session(), signed_in_user(), current_project()
    rows = queries.blogs_after(
        session,
        user,
        project,
        after=decode_cursor(args["cursor"]),
        limit=args["limit"] + 1,
    )
    listing = page_of(rows, args["limit"], key=lambda blog: blog.id)
    listing["items"] = [blog_json(blog) for blog in listing["items"]]
    return listing


@blp.post("/blogs")
@blp.arguments(BlogCreateSchema)
@blp.response(201, BlogSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def create_blog(data: dict[str, Any]) -> Response:
    """Create a blog (``blog.manage``); ``travellers`` are member ids."""
    session, user, project = get_session(), member(), current_project()
    travellers = data.pop("travellers", [])
    blog = services.create_blog(session, user, project, **data)
    services.set_travellers(session, user, project, blog, travellers)
    commit(session)
    return blog_answer(blog, 201)


@blp.get("/blogs/<int:blog_id>")
@blp.response(200, BlogSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def read_blog(blog_id: int) -> Response:
    """A blog with its ETag."""
    return blog_answer(
        queries.get_blog(get_session(), signed_in_user(), current_project(), blog_id)
    )


@blp.patch("/blogs/<int:blog_id>")
@blp.arguments(BlogFieldsSchema)
@blp.response(200, BlogSchema, headers=ETAG_HEADER)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_blog(data: dict[str, Any], blog_id: int) -> Response:
    """Change a blog (``blog.manage``); send the ETag you read in If-Match."""
    session, user, project = get_session(), member(), current_project()
    blog = queries.get_blog(session, user, project, blog_id)
    policy.require_manage(user, project)
    check_if_match(blog_etag(blog))
    travellers = data.pop("travellers", None)
    services.update_blog(session, user, project, blog, **data)
    if travellers is not None:
        services.set_travellers(session, user, project, blog, travellers)
    commit(session)
    return blog_answer(blog)


@blp.get("/blogs/<int:blog_id>/reflections")
@blp.response(200, BlogReflectionsSchema)
@documents_errors(blp)
def read_reflections(blog_id: int) -> dict[str, Any]:
    """Who wrote their weekly entry in which week (``blog.moderate``); weeks are empty
    when the blog has no reflection dates."""
    session, user, project = get_session(), signed_in_user(), current_project()
    blog = queries.get_blog(session, user, project, blog_id)
    found = reflections.tracker(session, user, project, blog, utcnow().date())
    if found is None:
        return {"weeks": [], "current_week": None, "pupils": [], "missing_now": []}
    return {
        "weeks": found.weeks,
        "current_week": found.current,
        "pupils": found.rows,
        "missing_now": found.missing_now,
    }


# -- posts ---------------------------------------------------------------------------


@blp.get("/blogs/<int:blog_id>/posts")
@blp.arguments(BlogPostArgs, location="query")
@blp.response(200, BlogPostList)
@documents_errors(blp)
def list_posts(args: dict[str, Any], blog_id: int) -> dict[str, Any]:
    """The blog's published posts, newest first (``mine``: the caller's, drafts too)."""
    session, user, project = get_session(), signed_in_user(), current_project()
    if services.publish_due(session, project):
        commit(session)
    blog = queries.get_blog(session, user, project, blog_id)
    month = args["month"]
    rows = queries.posts_after(
        session,
        user,
        project,
        blog,
        after=decode_cursor(args["cursor"]),
        limit=args["limit"] + 1,
        mine=args["mine"],
        tag=args["tag"],
        phase=args["phase"],
        month=(int(month[:4]), int(month[5:])) if month else None,
    )
    listing = page_of(rows, args["limit"], key=lambda post: post.id)
    listing["items"] = [post_json(post) for post in listing["items"]]
    return listing


@blp.post("/blogs/<int:blog_id>/posts")
@blp.arguments(BlogPostCreateSchema)
@blp.response(201, BlogPostSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def write_post(data: dict[str, Any], blog_id: int) -> Response:
    """Write a post (``blog.post`` where the blog lets the caller's role post)."""
    session, user, project = get_session(), member(), current_project()
    blog = queries.get_blog(session, user, project, blog_id)
    post = services.create_post(session, user, project, blog, **data)
    commit(session)
    return post_answer(post, 201)


@blp.get("/posts/<int:post_id>")
@blp.response(200, BlogPostSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def read_post(post_id: int) -> Response:
    """A post with its ETag (drafts: their author and moderators only)."""
    session, user, project = get_session(), signed_in_user(), current_project()
    post, _blog = queries.get_post(session, user, project, post_id)
    return post_answer(post)


@blp.patch("/posts/<int:post_id>")
@blp.arguments(BlogPostFieldsSchema)
@blp.response(200, BlogPostSchema, headers=ETAG_HEADER)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_post(data: dict[str, Any], post_id: int) -> Response:
    """Change a post: its author, or a moderator (who may also unpublish it)."""
    session, user, project = get_session(), member(), current_project()
    post, blog = queries.get_post(session, user, project, post_id)
    policy.require_edit(user, project, blog, post)
    check_if_match(post_etag(post))
    services.edit_post(session, user, project, post, **data)
    commit(session)
    return post_answer(post)


@blp.delete("/posts/<int:post_id>")
@blp.response(204)
@documents_errors(blp)
def delete_post(post_id: int) -> None:
    """Delete a post and its comments (its author, or a moderator)."""
    session, user, project = get_session(), member(), current_project()
    post, _blog = queries.get_post(session, user, project, post_id)
    services.delete_post(session, user, project, post)
    commit(session)


# -- comments ------------------------------------------------------------------------


@blp.get("/posts/<int:post_id>/comments")
@blp.arguments(ListArgs, location="query")
@blp.response(200, BlogCommentList)
@documents_errors(blp)
def list_comments(args: dict[str, Any], post_id: int) -> dict[str, Any]:
    """The post's comments the caller may see, oldest first (moderators see all)."""
    session, user, project = get_session(), signed_in_user(), current_project()
    post, _blog = queries.get_post(session, user, project, post_id)
    rows = queries.comments_of(
        session,
        user,
        project,
        post,
        after=decode_cursor(args["cursor"]),
        limit=args["limit"] + 1,
    )
    return page_of(rows, args["limit"], key=lambda comment: comment.id)


@blp.post("/posts/<int:post_id>/comments")
@blp.arguments(BlogCommentCreateSchema)
@blp.response(201, BlogCommentSchema)
@documents_errors(blp)
def write_comment(data: dict[str, Any], post_id: int) -> queries.ShownComment:
    """Comment on a published post; pupils' comments may wait for a moderator
    (``status`` says ``pending``)."""
    session, user, project = get_session(), member(), current_project()
    post, _blog = queries.get_post(session, user, project, post_id)
    comment = comments.add_comment(session, user, project, post, body=data["body"])
    commit(session)
    return queries.shown_comment(comment, user, project)


@blp.patch("/comments/<int:comment_id>")
@blp.arguments(BlogCommentModerateSchema)
@blp.response(200, BlogCommentSchema)
@documents_errors(blp)
def moderate_comment(data: dict[str, Any], comment_id: int) -> queries.ShownComment:
    """Approve or hide a comment (``blog.moderate``)."""
    session, user, project = get_session(), member(), current_project()
    comment, _post, _blog = queries.get_comment(session, user, project, comment_id)
    comments.moderate(session, user, project, comment, data["status"])
    commit(session)
    return queries.shown_comment(comment, user, project)


# -- answers -------------------------------------------------------------------------


def blog_json(blog: Blog) -> dict[str, Any]:
    session, user, project = get_session(), signed_in_user(), current_project()
    members = policy.reads_members_blogs(user, project)
    return {
        **blog_state(blog),
        "travellers": sorted(services.traveller_ids(session, blog)) if members else [],
        "may_post": policy.may_post(user, project, blog),
        "url": url_for("blog.blog", blog_id=blog.id, _external=True),
    }


def blog_state(blog: Blog) -> dict[str, Any]:
    """What an update can change: the ETag is made of this (not of the caller)."""
    return {
        "id": blog.id,
        "title": blog.title,
        "description": blog.description,
        "visibility": blog.visibility,
        "writer_roles": list(blog.writer_roles),
        "reflection_start": blog.reflection_start,
        "reflection_end": blog.reflection_end,
    }


def blog_etag(blog: Blog) -> str:
    state = {
        **blog_state(blog),
        "travellers": sorted(services.traveller_ids(get_session(), blog)),
    }
    return etag_of(state)


def blog_answer(blog: Blog, status: int = 200) -> Response:
    response = with_etag(BlogSchema().dump(blog_json(blog)), blog_etag(blog))
    response.status_code = status
    return response


def post_json(post: Post) -> dict[str, Any]:
    user, project = signed_in_user(), current_project()
    return {
        **post_state(post),
        "blog_id": post.blog_id,
        "author": queries.author_of(post, user, project),
        "html": post.body_html,
        "created_at": post.created_at,
        "url": url_for("blog.post", post_id=post.id, _external=True),
    }


def post_state(post: Post) -> dict[str, Any]:
    return {
        "id": post.id,
        "title": post.title,
        "body": post.body,
        "tags": post.tag_names,
        "phase": post.phase,
        "status": post.status,
        "publish_at": post.publish_at,
        "edited_at": post.edited_at,
    }


def post_etag(post: Post) -> str:
    return etag_of(post_state(post))


def post_answer(post: Post, status: int = 200) -> Response:
    response = with_etag(BlogPostSchema().dump(post_json(post)), post_etag(post))
    response.status_code = status
    return response
