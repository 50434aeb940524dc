"""The wiki's JSON API, mounted by the core at ``/api/v1/projects/<slug>/wiki/``.

A flask-smorest blueprint, so its operations join ``/api/v1/openapi.json`` under the tag
``wiki_api``. Reads answer what the same person sees in the browser (visitors of a public
space: public articles only; pupils named only to those who may see names); writes go
through the same services as the pages. An article carries an ``ETag`` that follows its
text (``"w<id>r<revision>"``); ``PUT`` needs it in ``If-Match`` (428 without, 412 when
stale), so two clients never overwrite each other. Lists are cursor-paged; errors are
the core's ``application/problem+json`` documents.
"""

from __future__ import annotations

import re
from typing import Any

from flask import Response, abort, request
from flask_smorest import Blueprint

from etwincms.api.common import (
    IF_MATCH,
    decode_cursor,
    documents_errors,
    page_of,
    with_etag,
)
from etwincms.content.diff import line_diff
from etwincms.db import commit, get_session
from etwincms.errors import PermissionDenied
from etwincms.models import User
from etwincms.permissions import require
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import api_schemas as s
from . import discussion, moderation, queries, services, translations
from .api_answers import article_json, change_json, comment_json, revision_json
from .models import Article

blp = Blueprint(
    "wiki_api",
    __name__,
    description="The wiki of a space: articles, revisions, changes",
)
ARTICLE = "/articles/<int:article_id>"
ETAG_HEADER = {"ETag": {"schema": {"type": "string"}}}
ETAG = re.compile(r'^(?:W/)?"w(\d+)r(\d+)"$')


def member() -> User:
    """The caller; writing needs one (the core already refused anonymous writes)."""
    user = signed_in_user()
    if user is None:
        raise PermissionDenied("wiki.edit")
    return user


def load(article_id: int) -> Article:
    return queries.get_article(
        get_session(), signed_in_user(), current_project(), article_id
    )


def article_answer(article: Article, status: int = 200) -> Response:
    body = s.WikiArticleSchema().dump(article_json(article))
    response = with_etag(body, f'"w{article.id}r{article.current_number}"')
    response.status_code = status
    return response


def base_from_if_match(article: Article) -> int:
    """The revision an update was edited from, read from its If-Match ETag."""
    wanted = request.headers.get("If-Match")
    if wanted is None:
        abort(428, description="Send If-Match with the article's ETag.")
    match = ETAG.match(wanted.strip())
    if match is None or int(match.group(1)) != article.id:
        abort(412, description="That ETag is not one of this article's.")
    return int(match.group(2))


# -- articles ------------------------------------------------------------------------


@blp.get("/articles")
@blp.arguments(s.WikiArticleArgs, location="query")
@blp.response(200, s.WikiArticleList)
@documents_errors(blp)
def list_articles(args: dict[str, Any]) -> dict[str, Any]:
    """The articles the caller may read, oldest first."""
    session, user, project = get_session(), signed_in_user(), current_project()
    after, limit = decode_cursor(args["cursor"]), args["limit"] + 1
    rows = queries.articles_after(
        session, user, project, after, limit, args["language"]
    )
    listing = page_of(rows, args["limit"], key=lambda article: article.id)
    listing["items"] = [article_json(item, full=False) for item in listing["items"]]
    return listing


@blp.post("/articles")
@blp.arguments(s.WikiArticleCreateSchema)
@blp.response(201, s.WikiArticleSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def create_article(data: dict[str, Any]) -> Response:
    """Create an article with its first text (``wiki.create``)."""
    article = services.create_article(
        get_session(), member(), current_project(), **data
    )
    commit()
    return article_answer(article, 201)


@blp.get(ARTICLE)
@blp.response(200, s.WikiArticleSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def read_article(article_id: int) -> Response:
    """An article with its Markdown, its sanitized HTML and its ETag."""
    return article_answer(load(article_id))


@blp.put(ARTICLE)
@blp.arguments(s.WikiArticleUpdateSchema)
@blp.response(200, s.WikiArticleSchema, headers=ETAG_HEADER)
@blp.doc(parameters=[IF_MATCH])
@documents_errors(blp, 412, 428)
def update_article(data: dict[str, Any], article_id: int) -> Response:
    """Save new text (a new revision); If-Match must name the revision you edited."""
    session, user, project = get_session(), member(), current_project()
    article = load(article_id)
    require(user, "wiki.edit", project, article)
    services.save_revision(
        session, user, project, article, base_number=base_from_if_match(article), **data
    )
    commit()
    return article_answer(article)


@blp.patch(f"{ARTICLE}/settings")
@blp.arguments(s.WikiSettingsSchema)
@blp.response(200, s.WikiArticleSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def article_settings(data: dict[str, Any], article_id: int) -> Response:
    """Protect (``wiki.protect``) or publish (``wiki.publish``) the article."""
    session, user, project = get_session(), member(), current_project()
    article = load(article_id)
    if "protected" in data:
        moderation.set_protected(session, user, project, article, data["protected"])
    if "public" in data:
        moderation.set_public(session, user, project, article, data["public"])
    commit()
    return article_answer(article)


@blp.post(f"{ARTICLE}/versions")
@blp.arguments(s.WikiVersionSchema)
@blp.response(200, s.WikiArticleSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def link_version(data: dict[str, Any], article_id: int) -> Response:
    """Mark article ``article_id`` of the body as a language version of this one."""
    session, user, project = get_session(), member(), current_project()
    article, other = load(article_id), load(data["article_id"])
    translations.link(session, user, project, article, other)
    commit()
    return article_answer(article)


@blp.get(f"{ARTICLE}/links")
@blp.response(200, s.WikiArticleRefSchema(many=True))
@documents_errors(blp)
def links_here(article_id: int) -> list[dict[str, Any]]:
    """What links here: readable articles whose text links to this one."""
    session, user, project = get_session(), signed_in_user(), current_project()
    linking = queries.backlinks(session, user, project, load(article_id))
    return [article_json(item, full=False) for item in linking]


# -- history -------------------------------------------------------------------------


@blp.get(f"{ARTICLE}/revisions")
@blp.arguments(s.ListArgs, location="query")
@blp.response(200, s.WikiRevisionList)
@documents_errors(blp)
def history(args: dict[str, Any], article_id: int) -> dict[str, Any]:
    """The article's revisions, newest first (the cursor is a revision number)."""
    session, user, project = get_session(), signed_in_user(), current_project()
    after = decode_cursor(args["cursor"])
    rows = [
        revision
        for revision in queries.history(session, user, project, load(article_id))
        if after is None or revision.number < after
    ][: args["limit"] + 1]
    listing = page_of(rows, args["limit"], key=lambda revision: revision.number)
    listing["items"] = [revision_json(item) for item in listing["items"]]
    return listing


@blp.get(f"{ARTICLE}/revisions/<int:number>")
@blp.response(200, s.WikiRevisionTextSchema)
@documents_errors(blp)
def revision(article_id: int, number: int) -> dict[str, Any]:
    """One revision with its Markdown."""
    session, user, project = get_session(), signed_in_user(), current_project()
    article = load(article_id)
    require(user, "wiki.history", project, article)
    found = services.get_revision(session, article, number)
    return {**revision_json(found), "body": found.body}


@blp.get(f"{ARTICLE}/diff")
@blp.arguments(s.WikiDiffArgs, location="query")
@blp.response(200, s.WikiDiffSchema)
@documents_errors(blp)
def diff(args: dict[str, Any], article_id: int) -> dict[str, Any]:
    """Line differences between two revisions."""
    session, user, project = get_session(), signed_in_user(), current_project()
    article = load(article_id)
    require(user, "wiki.history", project, article)
    old = services.get_revision(session, article, args["from_"])
    new = services.get_revision(session, article, args["to"])
    return {
        "old": old.number,
        "new": new.number,
        "lines": line_diff(old.body, new.body),
    }


@blp.post(f"{ARTICLE}/revert")
@blp.arguments(s.WikiRevertSchema)
@blp.response(200, s.WikiArticleSchema, headers=ETAG_HEADER)
@documents_errors(blp)
def revert(data: dict[str, Any], article_id: int) -> Response:
    """Save a new revision with the text of revision ``number``."""
    session, user, project = get_session(), member(), current_project()
    article = load(article_id)
    services.revert(session, user, project, article, data["number"])
    commit()
    return article_answer(article)


# -- changes and patrol --------------------------------------------------------------


def change_list(args: dict[str, Any], *, unreviewed: bool) -> dict[str, Any]:
    session, user, project = get_session(), signed_in_user(), current_project()
    rows = queries.changes(
        session,
        user,
        project,
        limit=args["limit"] + 1,
        before=decode_cursor(args["cursor"]),
        unreviewed=unreviewed,
    )
    listing = page_of(rows, args["limit"], key=lambda change: change.id)
    listing["items"] = [change_json(item) for item in listing["items"]]
    return listing


@blp.get("/changes")
@blp.arguments(s.ListArgs, location="query")
@blp.response(200, s.WikiChangeList)
@documents_errors(blp)
def recent_changes(args: dict[str, Any]) -> dict[str, Any]:
    """Edits of every article of the space, newest first."""
    return change_list(args, unreviewed=False)


@blp.get("/unreviewed")
@blp.arguments(s.ListArgs, location="query")
@blp.response(200, s.WikiChangeList)
@documents_errors(blp)
def unreviewed_changes(args: dict[str, Any]) -> dict[str, Any]:
    """Pupils' edits no teacher has reviewed yet, newest first (``wiki.patrol``)."""
    return change_list(args, unreviewed=True)


@blp.post("/revisions/<int:revision_id>/review")
@blp.response(200, s.WikiChangeSchema)
@documents_errors(blp)
def review(revision_id: int) -> dict[str, Any]:
    """Mark a revision as reviewed (``wiki.patrol``)."""
    session, user, project = get_session(), member(), current_project()
    found = queries.get_revision_by_id(session, user, project, revision_id)
    moderation.mark_reviewed(session, user, project, found)
    commit()
    article = session.get(Article, found.article_id)
    return change_json(
        queries.Change(found, article, queries.author_name(found.author, user, project))
    )


# -- discussion ----------------------------------------------------------------------


@blp.get(f"{ARTICLE}/comments")
@blp.response(200, s.WikiCommentSchema(many=True))
@documents_errors(blp)
def comments(article_id: int) -> list[dict[str, Any]]:
    """The article's discussion, oldest first."""
    session, user, project = get_session(), signed_in_user(), current_project()
    return [
        comment_json(c)
        for c in discussion.comments(session, user, project, load(article_id))
    ]


@blp.post(f"{ARTICLE}/comments")
@blp.arguments(s.WikiCommentCreateSchema)
@blp.response(201, s.WikiCommentSchema)
@documents_errors(blp)
def add_comment(data: dict[str, Any], article_id: int) -> dict[str, Any]:
    """Write in the article's discussion (``wiki.discuss``)."""
    session, user, project = get_session(), member(), current_project()
    posted = discussion.add_comment(
        session, user, project, load(article_id), data["body"]
    )
    commit()
    return comment_json(posted)
