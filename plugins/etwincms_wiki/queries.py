"""Reading the wiki: articles, the index, history, recent changes, backlinks, patrol.

Every function checks the capability it needs and that objects belong to the space (an
id from another space is simply not found). Visitors who are not members see only
public articles, and a members-only article is "not found" to them rather than
forbidden, so its title does not leak. Author names reach templates and the API through
:func:`author_name`, which hides pupils from whoever may not see members by name.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

from sqlalchemy import Select, func, select
from sqlalchemy.orm import Session, joinedload

from etwincms.content.markdown import normalise_title
from etwincms.errors import NotFound
from etwincms.models import Project, User
from etwincms.permissions import can, require
from etwincms.privacy import shown_name

from . import policy
from .models import Article, Link, Revision


@dataclass(frozen=True, slots=True)
class Change:
    """One edit in a list of changes, as one viewer may see it."""

    revision: Revision
    article: Article
    author: str

    @property
    def id(self) -> int:
        return self.revision.id


def author_name(user: User | None, viewer: User | None, project: Project) -> str:
    return shown_name(user, names_visible=policy.names_visible(viewer, project))


def readable(viewer: User | None, project: Project) -> Select[tuple[Article]]:
    """The space's articles ``viewer`` may read (members: all; visitors: public ones)."""
    require(viewer, "wiki.view", project)
    query = select(Article).where(Article.project_id == project.id)
    if not policy.is_member(viewer, project) and not getattr(
        viewer, "is_site_admin", False
    ):
        query = query.where(Article.public.is_(True))
    return query


def get_article(
    session: Session, viewer: User | None, project: Project, article_id: int
) -> Article:
    require(viewer, "wiki.view", project)
    article = session.get(Article, article_id)
    if article is None or article.project_id != project.id:
        raise NotFound(f"article {article_id}")
    if not can(viewer, "wiki.view", project, article):
        raise NotFound(f"article {article_id}")
    return article


def find_by_title(
    session: Session, viewer: User | None, project: Project, title: str
) -> Article | None:
    key = normalise_title(title)
    return session.scalar(readable(viewer, project).where(Article.title_key == key))


def current_revision(session: Session, article: Article) -> Revision | None:
    return session.scalar(
        select(Revision)
        .where(
            Revision.article_id == article.id, Revision.number == article.current_number
        )
        .options(joinedload(Revision.author))
    )


def shown_revision(
    session: Session, viewer: User | None, project: Project, article: Article
) -> Revision | None:
    """The text ``viewer`` reads: members the current one, visitors the newest one a
    teacher let through (a pupil's text waiting for review is not theirs to see)."""
    if policy.is_member(viewer, project) or getattr(viewer, "is_site_admin", False):
        return current_revision(session, article)
    return publishable_revision(session, article)


def publishable_revision(session: Session, article: Article) -> Revision | None:
    """The newest revision visitors may read, if any."""
    query = (
        select(Revision)
        .where(Revision.article_id == article.id, publishable())
        .options(joinedload(Revision.author))
        .order_by(Revision.number.desc())
    )
    return session.scalar(query.limit(1))


def publishable() -> Any:
    """SQL for :attr:`Revision.publishable`."""
    approved = Revision.reviewed_at.is_not(None) & Revision.publication_refused.is_(
        False
    )
    return Revision.needs_review.is_(False) | approved


def index(
    session: Session, viewer: User | None, project: Project, language: str = ""
) -> list[Article]:
    """Every readable article, alphabetically (optionally of one language)."""
    query = readable(viewer, project)
    if language:
        query = query.where(Article.language == language)
    return sorted(session.scalars(query), key=lambda article: article.title_key)


def articles_after(
    session: Session,
    viewer: User | None,
    project: Project,
    after: int | None,
    limit: int,
    language: str = "",
) -> list[Article]:
    """Readable articles by id, after the cursor ``after`` (for the API)."""
    query = readable(viewer, project).order_by(Article.id).limit(limit)
    if after is not None:
        query = query.where(Article.id > after)
    if language:
        query = query.where(Article.language == language)
    return list(session.scalars(query))


def random_article(
    session: Session, viewer: User | None, project: Project
) -> Article | None:
    return session.scalar(readable(viewer, project).order_by(func.random()).limit(1))


def history(
    session: Session, viewer: User | None, project: Project, article: Article
) -> list[Revision]:
    """Every revision, newest first, with their authors."""
    require(viewer, "wiki.history", project, article)
    policy.check_article(project, article)
    return list(
        session.scalars(
            select(Revision)
            .where(Revision.article_id == article.id)
            .options(joinedload(Revision.author))
            .order_by(Revision.number.desc())
        )
    )


def changes(
    session: Session,
    viewer: User | None,
    project: Project,
    *,
    limit: int,
    before: int | None = None,
    unreviewed: bool = False,
) -> list[Change]:
    """Edits of the space's articles, newest first (``before``: a revision id)."""
    require(viewer, "wiki.patrol" if unreviewed else "wiki.history", project)
    query = (
        select(Revision, Article)
        .join(Article, Article.id == Revision.article_id)
        .where(Article.project_id == project.id)
        .options(joinedload(Revision.author))
        .order_by(Revision.id.desc())
        .limit(limit)
    )
    if before is not None:
        query = query.where(Revision.id < before)
    if unreviewed:
        query = query.where(
            Revision.needs_review.is_(True), Revision.reviewed_at.is_(None)
        )
    return [
        Change(revision, article, author_name(revision.author, viewer, project))
        for revision, article in session.execute(query)
    ]


def get_revision_by_id(
    session: Session, viewer: User | None, project: Project, revision_id: int
) -> Revision:
    require(viewer, "wiki.history", project)
    revision = session.scalar(
        select(Revision)
        .where(Revision.id == revision_id)
        .options(joinedload(Revision.author))
    )
    article = (
        session.get(Article, revision.article_id) if revision is not None else None
    )
    if revision is None or article is None or article.project_id != project.id:
        raise NotFound(f"revision {revision_id}")
    return revision


def backlinks(
    session: Session, viewer: User | None, project: Project, article: Article
) -> list[Article]:
    """What links here: readable articles whose current text links to this one."""
    policy.check_article(project, article)
    linking = select(Link.article_id).where(
        Link.project_id == project.id, Link.target_key == article.title_key
    )
    query = readable(viewer, project).where(Article.id.in_(linking))
    return sorted(session.scalars(query), key=lambda item: item.title_key)
