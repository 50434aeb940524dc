"""Pupil-safe publishing for the wiki: one queue for pupils' texts of public articles.

Pupils' revisions already wait for a teacher's review (``Revision.needs_review``). For a
public article, those unreviewed revisions are also what the space's moderation queue
shows: one entry per article (``wiki_article:<pk>``, the id of its search document),
since its waiting revisions build on each other. Approving reviews them all, so visitors
read the current text; rejecting reviews them too but marks them refused, so visitors
keep reading the newest text a teacher let through (members still see the newest). An
article going public, or a pupil's text being approved, first asks the consent rule
(:func:`etwincms.moderation.consent.publication_blockers`). A teacher who makes an
article public publishes the text they see: its waiting revisions count as reviewed.
"""

from __future__ import annotations

from collections.abc import Iterator

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import utcnow
from etwincms.errors import ValidationError
from etwincms.hooktypes import PendingPublication
from etwincms.models import Project, User
from etwincms.moderation.consent import refuse_if_blocked

from . import contributions
from .models import Article, Revision

ITEM_TYPE = "wiki_article"
EXCERPT_LENGTH = 300


def item_id(article: Article) -> str:
    return f"{ITEM_TYPE}:{article.id}"


def waiting_revisions(session: Session, project: Project) -> dict[int, list[Revision]]:
    """Unreviewed revisions of the space's public articles, per article, oldest first."""
    rows = session.scalars(
        select(Revision)
        .join(Article, Article.id == Revision.article_id)
        .where(
            Article.project_id == project.id,
            Article.public.is_(True),
            Revision.needs_review.is_(True),
            Revision.reviewed_at.is_(None),
        )
        .order_by(Revision.article_id, Revision.number)
    )
    found: dict[int, list[Revision]] = {}
    for revision in rows:
        found.setdefault(revision.article_id, []).append(revision)
    return found


def pending(session: Session, project: Project) -> Iterator[PendingPublication]:
    """One entry per public article with pupils' text waiting, oldest request first."""
    waiting = waiting_revisions(session, project)
    articles = session.scalars(select(Article).where(Article.id.in_(list(waiting))))
    entries = [
        PendingPublication(
            item=contributions.article_contribution(project, article, public=False),
            requested_at=waiting[article.id][0].created_at,
            excerpt=waiting[article.id][-1].body[:EXCERPT_LENGTH],
        )
        for article in articles
    ]
    yield from sorted(entries, key=lambda entry: (entry.requested_at, entry.item.id))


def decide(
    session: Session, project: Project, item: str, approve: bool, actor: User
) -> bool | None:
    """Approve (review) or reject (review, refused) an article's waiting revisions."""
    article = article_of(session, project, item)
    if article is None:
        return None
    revisions = waiting_revisions(session, project).get(article.id)
    if not revisions:
        raise ValidationError(_("This article has no text waiting for a decision."))
    if approve:
        refuse_if_blocked(session, project, [item])
    review_waiting(session, article, actor, refused=not approve)
    from .services import search_changed

    search_changed(session, project)
    return True


def review_waiting(
    session: Session, article: Article, actor: User, *, refused: bool
) -> None:
    """Mark the article's unreviewed revisions reviewed (and refused, or let through)."""
    now = utcnow()
    query = select(Revision).where(
        Revision.article_id == article.id,
        Revision.needs_review.is_(True),
        Revision.reviewed_at.is_(None),
    )
    for revision in session.scalars(query):
        revision.reviewed_at, revision.reviewed_by_id = now, actor.id
        revision.publication_refused = refused
    session.flush()


def article_of(session: Session, project: Project, item: str) -> Article | None:
    kind, _sep, pk = item.partition(":")
    if kind != ITEM_TYPE or not pk.isdigit():
        return None
    article = session.get(Article, int(pk))
    if article is None or article.project_id != project.id:
        raise ValidationError(_("This article no longer exists."))
    return article
