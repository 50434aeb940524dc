"""Language versions: articles in different languages that say the same thing.

Versions share ``translation_group`` (the smallest id among them). Linking two articles
joins their groups; each language appears at most once in a group, so "the Spanish
version" is never ambiguous. Unlinking takes one article out; a group left with one
article dissolves.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import func, select, update
from sqlalchemy.orm import Session

from etwincms.errors import ValidationError
from etwincms.models import Project, User
from etwincms.permissions import require
from etwincms.services import audit

from . import policy
from .models import Article


def group_of(session: Session, article: Article) -> list[Article]:
    """The article and its language versions, by language."""
    if article.translation_group is None:
        return [article]
    return list(
        session.scalars(
            select(Article)
            .where(Article.translation_group == article.translation_group)
            .order_by(Article.language, Article.id)
        )
    )


def link(
    session: Session, actor: User, project: Project, article: Article, other: Article
) -> None:
    """Make ``other`` (and its versions) language versions of ``article``."""
    require(actor, "wiki.edit", project, article)
    policy.check_article(project, article)
    policy.check_article(project, other)
    members = {a.id: a for a in group_of(session, article) + group_of(session, other)}
    check_languages(article, other, list(members.values()))
    group = min(members)
    for item in members.values():
        item.translation_group = group
    audit.record(
        session, actor, "wiki.translation_link", project, article, other=other.id
    )


def check_languages(article: Article, other: Article, members: list[Article]) -> None:
    if article.id == other.id:
        raise ValidationError(
            _("An article is not a version of itself."), field="article_id"
        )
    languages = [item.language for item in members]
    if "" in languages:
        raise ValidationError(
            _("Set the language of both articles first."), field="article_id"
        )
    if len(set(languages)) != len(languages):
        raise ValidationError(
            _("That language has a version already."), field="article_id"
        )


def unlink(session: Session, actor: User, project: Project, article: Article) -> None:
    """Take ``article`` out of its group of language versions."""
    require(actor, "wiki.edit", project, article)
    policy.check_article(project, article)
    group = article.translation_group
    if group is None:
        return
    article.translation_group = None
    session.flush()
    left = session.scalar(
        select(func.count())
        .select_from(Article)
        .where(Article.translation_group == group)
    )
    if left == 1:
        session.execute(
            update(Article)
            .where(Article.translation_group == group)
            .values(translation_group=None)
        )
    audit.record(session, actor, "wiki.translation_unlink", project, article)
