"""The wiki API's answers: articles, revisions, changes and messages as JSON-ready data.

Each function shapes one object as the caller may see it: author names go through the
core's ``shown_name`` (pupils hidden from those who may not see members by name), and
an article's language versions list only those the caller may read.
"""

from __future__ import annotations

from typing import Any

from flask import url_for

from etwincms.db import get_session
from etwincms.permissions import can
from etwincms.plugins import current_project
from etwincms.web.helpers import signed_in_user

from . import queries, translations
from .models import Article, Comment, Revision


def article_ref(article: Article) -> dict[str, Any]:
    return {
        "id": article.id,
        "title": article.title,
        "language": article.language,
        "url": url_for("wiki.article", article_id=article.id, _external=True),
    }


def article_json(article: Article, *, full: bool = True) -> dict[str, Any]:
    answer = {
        **article_ref(article),
        "public": article.public,
        "protected": article.protected,
        "revision": article.current_number,
        "updated_at": article.updated_at,
    }
    if not full:
        return answer
    session, user, project = get_session(), signed_in_user(), current_project()
    current = queries.shown_revision(session, user, project, article)
    versions = [
        article_ref(item)
        for item in translations.group_of(session, article)
        if item.id != article.id and can(user, "wiki.view", project, item)
    ]
    return {
        **answer,
        "body": current.body if current else "",
        "html": current.html if current else "",
        "versions": versions,
    }


def revision_json(revision: Revision) -> dict[str, Any]:
    return {
        "id": revision.id,
        "number": revision.number,
        "title": revision.title,
        "summary": revision.summary,
        "author": queries.author_name(
            revision.author, signed_in_user(), current_project()
        ),
        "created_at": revision.created_at,
        "needs_review": revision.needs_review,
        "reviewed": revision.reviewed_at is not None,
    }


def change_json(change: queries.Change) -> dict[str, Any]:
    return {**revision_json(change.revision), "article": article_ref(change.article)}


def comment_json(comment: Comment) -> dict[str, Any]:
    return {
        "id": comment.id,
        "author": queries.author_name(
            comment.author, signed_in_user(), current_project()
        ),
        "html": comment.html,
        "created_at": comment.created_at,
    }
