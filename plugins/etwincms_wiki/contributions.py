"""What the wiki made in a space, for phase views, reports and the static export.

Every article is a contribution; a public article is also an output (a result worth
reporting). It is public when the space and the article are public and visitors have a
text to read (a pupil's first text waits for a teacher's review). The export has one
page per public article with the text visitors read, without names (a wiki article is
written together), its library pictures carried as files.
"""

from __future__ import annotations

import html
from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import func, select
from sqlalchemy.orm import Session

from etwincms.export.offline_html import offline_html, plain_text
from etwincms.hooktypes import Contribution, ExportPage
from etwincms.models import Project, ProjectStatus

from .models import Article, Revision
from .queries import publishable

TYPE = "wiki_article"


def article_url(project: Project, article: Article) -> str:
    return f"/s/{project.slug}/-/wiki/a/{article.id}"


def article_contribution(
    project: Project, article: Article, *, public: bool
) -> Contribution:
    return Contribution(
        id=f"{TYPE}:{article.id}",
        type=TYPE,
        plugin="wiki",
        title=article.title,
        url=article_url(project, article),
        author_id=article.created_by_id,
        created_at=article.created_at,
        public=public,
        output=public,
    )


def readable_texts(session: Session, project: Project) -> dict[int, Revision]:
    """For each article of the space, the newest revision visitors may read (one query)."""
    newest = (
        select(Revision.article_id, func.max(Revision.number).label("number"))
        .join(Article, Article.id == Revision.article_id)
        .where(Article.project_id == project.id, publishable())
        .group_by(Revision.article_id)
        .subquery()
    )
    query = select(Revision).join(
        newest,
        (Revision.article_id == newest.c.article_id)
        & (Revision.number == newest.c.number),
    )
    return {revision.article_id: revision for revision in session.scalars(query)}


def articles(session: Session, project: Project) -> list[Article]:
    query = select(Article).where(Article.project_id == project.id).order_by(Article.id)
    return list(session.scalars(query))


def is_public(project: Project, article: Article, texts: dict[int, Revision]) -> bool:
    """Visitors read it (a draft space is not shown even when marked public)."""
    public_space = project.is_public and project.status is not ProjectStatus.DRAFT
    return public_space and article.public and article.id in texts


def space_contributions(session: Session, project: Project) -> Iterator[Contribution]:
    texts = readable_texts(session, project)
    for article in articles(session, project):
        yield article_contribution(
            project, article, public=is_public(project, article, texts)
        )


def public_export(session: Session, project: Project) -> Iterator[ExportPage]:
    """One page per public article (``wiki/article-<id>.html``), files in ``wiki/files``,
    and their alphabetical index (``wiki/index.html``)."""
    texts = readable_texts(session, project)
    shown = [a for a in articles(session, project) if is_public(project, a, texts)]
    for article in shown:
        yield export_page(session, project, article, texts[article.id])
    if shown:
        yield index_page(project, sorted(shown, key=lambda article: article.title_key))


def index_page(project: Project, shown: list[Article]) -> ExportPage:
    """The public articles, linked by their live addresses (the exporter rewrites them)."""
    items = "\n".join(
        f'<li><a href="{article_url(project, a)}">{html.escape(a.title)}</a></li>'
        for a in shown
    )
    return ExportPage(
        path="wiki/index.html",
        title=_("Wiki"),
        html=f"<ul>\n{items}\n</ul>",
        url=f"/s/{project.slug}/-/wiki/",
        text=" ".join(article.title for article in shown),
    )


def export_page(
    session: Session, project: Project, article: Article, revision: Revision
) -> ExportPage:
    carried = offline_html(session, project, revision.html, "wiki/files", "files/")
    return ExportPage(
        path=f"wiki/article-{article.id}.html",
        title=article.title,
        html=carried.html,
        url=article_url(project, article),
        text=f"{article.title} {plain_text(revision.html)}",
        files=tuple(carried.files),
    )
