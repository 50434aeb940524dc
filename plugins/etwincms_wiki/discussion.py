"""An article's discussion thread: members talk about the article beside it.

Reading the thread needs ``wiki.history`` (members: messages name their authors), and
writing ``wiki.discuss``. Messages are Markdown, with ``[[links]]`` to articles, rendered
and sanitized once when posted.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select
from sqlalchemy.orm import Session, joinedload

from etwincms.db import utcnow
from etwincms.errors import ValidationError
from etwincms.models import Project, User
from etwincms.permissions import require

from . import policy, rendering
from .models import Article, Comment

MAX_COMMENT = 20_000


def comments(
    session: Session, viewer: User | None, project: Project, article: Article
) -> list[Comment]:
    """The thread, oldest first."""
    require(viewer, "wiki.history", project, article)
    policy.check_article(project, article)
    return list(
        session.scalars(
            select(Comment)
            .where(Comment.article_id == article.id)
            .options(joinedload(Comment.author))
            .order_by(Comment.id)
        )
    )


def add_comment(
    session: Session, actor: User, project: Project, article: Article, body: str
) -> Comment:
    require(actor, "wiki.discuss", project, article)
    policy.check_article(project, article)
    text = (body or "").replace("\r\n", "\n").strip()
    if not text:
        raise ValidationError(_("The message must not be empty."), field="body")
    if len(text) > MAX_COMMENT:
        raise ValidationError(
            _("The message is too long (at most %(n)d characters).", n=MAX_COMMENT),
            field="body",
        )
    comment = Comment(
        article_id=article.id,
        author=actor,
        body=text,
        html=rendering.render_body(session, project, text),
        created_at=utcnow(),
    )
    session.add(comment)
    session.flush()
    return comment
