"""Search documents for a space's wiki: one per article, with its current text.

A public article is a ``public`` document (visitors of a public space find it), every
other one ``members``; the document's language is the article's. The index asks for
these through the ``search_documents`` hook only while the space has the wiki on, and
the services call ``enqueue_plugin`` on every change so the index follows.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask import url_for
from sqlalchemy import select

from etwincms.db import get_session
from etwincms.hooktypes import SearchDocument
from etwincms.models import Project

from .models import Article, Revision

PLUGIN = "wiki"


def documents(project: Project) -> Iterator[SearchDocument]:
    rows = get_session().execute(
        select(Article, Revision)
        .join(
            Revision,
            (Revision.article_id == Article.id)
            & (Revision.number == Article.current_number),
        )
        .where(Article.project_id == project.id)
        .order_by(Article.id)
    )
    for article, revision in rows:
        yield article_document(project, article, revision)


def article_document(
    project: Project, article: Article, revision: Revision
) -> SearchDocument:
    return SearchDocument(
        id=f"wiki_article:{article.id}",
        project_id=project.id,
        type="wiki_article",
        title=article.title,
        body=revision.body,
        url=url_for("wiki.article", slug=project.slug, article_id=article.id),
        plugin=PLUGIN,
        language=article.language,
        # a pupil's text waiting for review is not shown to visitors, nor found by them
        visibility="public" if article.public and revision.publishable else "members",
        updated_at=revision.created_at,
    )
