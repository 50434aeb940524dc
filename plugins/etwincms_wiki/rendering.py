"""Turning an article's Markdown into safe HTML, with ``[[links]]`` to other articles.

The core renders and sanitizes (``etwincms.content.render.render_markdown``); this
module only says where each ``[[Title]]`` goes: to the article of that title in the same
space, or — a red link — to the form that creates it. Prefixed links
(``[[glossary:compost]]``) are offered to the space's plugins like in pages. The titles
an article links to are kept in ``wiki_link``, so that creating or renaming an article
re-renders exactly the articles whose links change colour.
"""

from __future__ import annotations

from flask import url_for
from sqlalchemy import delete, select
from sqlalchemy.orm import Session

from etwincms.content.markdown import normalise_title, wikilink_targets
from etwincms.content.render import render_markdown
from etwincms.hooktypes import LinkTarget
from etwincms.models import Project
from etwincms.plugins import project_hooks

from .models import Article, Link, Revision


def article_url(project: Project, article: Article, **kwargs: object) -> str:
    return url_for("wiki.article", slug=project.slug, article_id=article.id, **kwargs)


def create_url(project: Project, title: str) -> str:
    return url_for("wiki.new", slug=project.slug, title=title)


def render_body(session: Session, project: Project, body: str) -> str:
    """Sanitized HTML for ``body``; links resolved against the space's articles."""
    found = articles_by_key(session, project, wikilink_targets(body))

    def resolve(title: str) -> LinkTarget:
        article = found.get(normalise_title(title))
        if article is not None:
            return LinkTarget(article_url(project, article), True)
        if ":" in title:
            hooks = project_hooks(project)
            plugin_target = hooks.resolve_wikilink(target=title, project=project)
            if plugin_target is not None:
                return plugin_target
        return LinkTarget(create_url(project, title), exists=False)

    return render_markdown(body, resolve, project=project)


def articles_by_key(
    session: Session, project: Project, keys: set[str]
) -> dict[str, Article]:
    if not keys:
        return {}
    rows = session.scalars(
        select(Article).where(
            Article.project_id == project.id, Article.title_key.in_(keys)
        )
    )
    return {article.title_key: article for article in rows}


def record_links(session: Session, article: Article, body: str) -> None:
    """Replace the titles ``article`` links to with those of ``body``."""
    session.execute(delete(Link).where(Link.article_id == article.id))
    session.add_all(
        Link(article_id=article.id, target_key=key, project_id=article.project_id)
        for key in sorted(wikilink_targets(body))
        if len(key) <= 400
    )


def refresh_linking(session: Session, project: Project, *keys: str) -> int:
    """Re-render the current text of every article linking to one of ``keys`` (their
    links turn blue when an article appears, red when one is renamed away)."""
    linking = select(Link.article_id).where(
        Link.project_id == project.id, Link.target_key.in_(keys)
    )
    rows = session.scalars(
        select(Revision)
        .join(Article, Article.id == Revision.article_id)
        .where(Article.id.in_(linking), Revision.number == Article.current_number)
    )
    changed = 0
    for revision in rows:
        html = render_body(session, project, revision.body)
        if html != revision.html:
            revision.html, changed = html, changed + 1
    return changed


def rerender_space(session: Session, project: Project) -> None:
    """Render every article's current text and every message of the space again: the
    plugins switched on there (glossary tooltips, embeds...) decide what Markdown
    becomes, and they changed. Older revisions keep the HTML they were saved with."""
    from .models import Comment

    articles = select(Article.id).where(Article.project_id == project.id)
    current = session.scalars(
        select(Revision)
        .join(Article, Article.id == Revision.article_id)
        .where(
            Article.project_id == project.id, Revision.number == Article.current_number
        )
    )
    for revision in current:
        revision.html = render_body(session, project, revision.body)
    for comment in session.scalars(
        select(Comment).where(Comment.article_id.in_(articles))
    ):
        comment.html = render_body(session, project, comment.body)
