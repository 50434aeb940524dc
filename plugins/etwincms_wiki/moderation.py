"""Teachers' tools: protecting articles, publishing them, and patrolling pupils' edits.

A protected article is edited only by those who hold ``wiki.protect`` (the rule lives in
:mod:`.policy`). A public article is readable by visitors of a public space; its history
and discussion stay with the members; it goes public only when it shows no pupil without
public consent, and pupils' texts reach visitors once reviewed (:mod:`.publication`,
which feeds the space's moderation queue). Patrolling marks a pupil's revision as reviewed;
unreviewed revisions are listed for teachers (:func:`.queries.unreviewed`).
"""

from __future__ import annotations

from sqlalchemy.orm import Session

from etwincms import events
from etwincms.db import utcnow
from etwincms.errors import NotFound
from etwincms.models import Project, User
from etwincms.permissions import require
from etwincms.services import audit

from . import policy, publication
from .models import Article, Revision
from .services import search_changed


def set_protected(
    session: Session, actor: User, project: Project, article: Article, protected: bool
) -> None:
    require(actor, "wiki.protect", project)
    policy.check_article(project, article)
    if article.protected != protected:
        article.protected = protected
        audit.record(
            session,
            actor,
            "wiki.article_protect",
            project,
            article,
            protected=protected,
        )


def set_public(
    session: Session, actor: User, project: Project, article: Article, public: bool
) -> None:
    """Show the article to the space's visitors (when the space is public), or stop."""
    require(actor, "wiki.publish", project)
    policy.check_article(project, article)
    if public and not article.public:
        publication.refuse_if_blocked(session, project, [publication.item_id(article)])
        publication.review_waiting(session, article, actor, refused=False)
    if article.public != public:
        article.public = public
        audit.record(
            session, actor, "wiki.article_publish", project, article, public=public
        )
        search_changed(session, project)


def mark_reviewed(
    session: Session, actor: User, project: Project, revision: Revision
) -> bool:
    """Mark a revision as looked at by a teacher. False when it was already."""
    require(actor, "wiki.patrol", project)
    article = session.get(Article, revision.article_id)
    if article is None or article.project_id != project.id:
        raise NotFound(f"revision {revision.id}")
    if revision.reviewed_at is not None:
        return False
    if article.public:  # the text reaches visitors now
        publication.refuse_if_blocked(session, project, [publication.item_id(article)])
    revision.reviewed_at, revision.reviewed_by_id = utcnow(), actor.id
    audit.record(session, actor, "wiki.revision_review", project, revision)
    events.queue(
        session,
        "wiki_revision_reviewed",
        project,
        revision=revision,
        article=article,
        project=project,
        user=actor,
    )
    return True
