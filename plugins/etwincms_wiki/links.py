"""``[[wiki:Title]]`` in the space's pages: a link to the wiki article of that title.

The core asks ``resolve_wikilink`` for prefixed links in pages it saves, and only the
plugins the space switched on answer. An existing article gives a normal link, a
missing one a red link to the form that creates it; other prefixes are not ours.
"""

from __future__ import annotations

from sqlalchemy import select

from etwincms.content.markdown import normalise_title
from etwincms.db import get_session
from etwincms.hooktypes import LinkTarget
from etwincms.models import Project

from .models import Article
from .rendering import article_url, create_url

PREFIX = "wiki:"


def page_link(target: str, project: Project) -> LinkTarget | None:
    if not target.casefold().startswith(PREFIX):
        return None
    title = " ".join(target[len(PREFIX) :].split())
    if not title:
        return None
    article = get_session().scalar(
        select(Article).where(
            Article.project_id == project.id,
            Article.title_key == normalise_title(title),
        )
    )
    if article is None:
        return LinkTarget(create_url(project, title), exists=False, label=title)
    return LinkTarget(article_url(project, article), exists=True, label=article.title)
