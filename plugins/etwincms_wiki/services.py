"""Writing articles: create, save a revision (compare-and-set, like the core's pages),
revert to an older revision.

Every function takes ``(session, actor, project, ...)`` like the core's services, checks
permissions itself (so the web UI and the API can never disagree), validates its input
with a :class:`~etwincms.errors.ValidationError` naming the field, and flushes; the
caller commits with ``etwincms.db.commit`` so that queued events reach other plugins only
after the change is stored. A save names the revision it was edited from; if another save
landed in between, :class:`~etwincms.errors.EditConflict` carries both texts and nothing
is overwritten.
"""

from __future__ import annotations

from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.exc import IntegrityError
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from etwincms import events
from etwincms.content.markdown import normalise_title
from etwincms.db import utcnow
from etwincms.errors import EditConflict, NotFound, ValidationError
from etwincms.models import Project, User
from etwincms.permissions import can, require
from etwincms.plugins import plugin_settings
from etwincms.search import outbox as search_outbox
from etwincms.services import audit
from etwincms.services.validation import required_text

from . import policy, rendering
from .models import Article, Revision

MAX_BODY = 200_000
PLUGIN = "wiki"


def search_changed(session: Session, project: Project) -> None:
    """The space's wiki documents changed: the index rebuilds them after the commit."""
    search_outbox.enqueue_plugin(session, project, PLUGIN)


def clean_body(value: str | None, *, required: bool = False) -> str:
    """Article text: line ends made plain, trailing blanks dropped, not huge."""
    text = (value or "").replace("\r\n", "\n").rstrip()
    if required and not text.strip():
        raise ValidationError(_("The article must not be empty."), field="body")
    if len(text) > MAX_BODY:
        raise ValidationError(
            _("The article is too long (at most %(n)d characters).", n=MAX_BODY),
            field="body",
        )
    return text


def clean_language(project: Project, value: str | None) -> str:
    """One of the space's languages, or "" (not said)."""
    language = (value or "").strip()
    if language and language not in (project.languages or []):
        raise ValidationError(
            _("Choose one of the space's languages."), field="language"
        )
    return language


def title_taken(session: Session, project: Project, key: str, but: int = 0) -> bool:
    return (
        session.scalar(
            select(Article.id).where(
                Article.project_id == project.id,
                Article.title_key == key,
                Article.id != but,
            )
        )
        is not None
    )


def check_title_free(
    session: Session, project: Project, key: str, but: int = 0
) -> None:
    if title_taken(session, project, key, but):
        raise ValidationError(
            _("An article with this title exists already."), field="title"
        )


def create_article(
    session: Session,
    actor: User,
    project: Project,
    *,
    title: str,
    body: str,
    language: str = "",
    summary: str = "",
) -> Article:
    """A new article with its first revision; red links to its title turn blue."""
    require(actor, "wiki.create", project)
    title = required_text(title, "title", 200)
    body = clean_body(body, required=True)
    key = normalise_title(title)
    check_title_free(session, project, key)
    article = Article(
        project_id=project.id,
        title=title,
        title_key=key,
        language=clean_language(project, language),
        created_by_id=actor.id,
    )
    insert_article(session, article)
    write_revision(session, actor, project, article, body, 0, title, summary)
    rendering.refresh_linking(session, project, key)
    audit.record(session, actor, "wiki.article_create", project, article, title=title)
    events.queue(
        session,
        "wiki_article_created",
        project,
        article=article,
        project=project,
        user=actor,
    )
    return article


def insert_article(session: Session, article: Article) -> None:
    """Flush the new row; a title taken by a concurrent save is a validation error."""
    try:
        with session.begin_nested():
            session.add(article)
            session.flush()
    except IntegrityError:
        raise ValidationError(
            _("An article with this title exists already."), field="title"
        ) from None


def save_revision(
    session: Session,
    actor: User,
    project: Project,
    article: Article,
    *,
    body: str,
    base_number: int,
    title: str | None = None,
    summary: str = "",
) -> Revision:
    """Save new text edited from revision ``base_number`` (a new title renames).

    :raises EditConflict: another save landed since ``base_number``.
    """
    policy.check_article(project, article)
    require(actor, "wiki.edit", project, article)
    title = required_text(title or article.title, "title", 200)
    old_key, key = article.title_key, normalise_title(title)
    if key != old_key:
        check_title_free(session, project, key, but=article.id)
    revision = write_revision(
        session, actor, project, article, clean_body(body), base_number, title, summary
    )
    if key != old_key:
        rendering.refresh_linking(session, project, old_key, key)
    return revision


def write_revision(
    session: Session,
    actor: User,
    project: Project,
    article: Article,
    body: str,
    base_number: int,
    title: str,
    summary: str,
) -> Revision:
    if not claim_number(session, article, base_number, title):
        raise conflict(session, article, base_number, body)
    revision = Revision(
        article_id=article.id,
        number=base_number + 1,
        base_number=base_number,
        title=title,
        body=body,
        html=rendering.render_body(session, project, body),
        summary=" ".join(summary.split())[:300],
        author_id=actor.id,
        created_at=article.updated_at,
        needs_review=needs_review(actor, project),
    )
    session.add(revision)
    session.flush()
    rendering.record_links(session, article, body)
    announce_save(session, actor, project, article, revision)
    return revision


def needs_review(actor: User, project: Project) -> bool:
    """Pupils' edits wait for a teacher's review, unless the space switched that off."""
    if not actor.is_pupil:
        return False
    return bool(plugin_settings(project, PLUGIN).get("review_pupil_edits", True))


def announce_save(
    session: Session,
    actor: User,
    project: Project,
    article: Article,
    revision: Revision,
) -> None:
    audit.record(
        session, actor, "wiki.article_save", project, article, number=revision.number
    )
    search_changed(session, project)
    events.queue(
        session,
        "wiki_article_saved",
        project,
        article=article,
        revision=revision,
        project=project,
        user=actor,
    )


def claim_number(
    session: Session, article: Article, base_number: int, title: str
) -> bool:
    """The compare-and-set: True when this save took ``base_number + 1``."""
    now, key = utcnow(), normalise_title(title)
    result = session.execute(
        update(Article)
        .where(Article.id == article.id, Article.current_number == base_number)
        .values(
            current_number=base_number + 1, title=title, title_key=key, updated_at=now
        )
        .execution_options(synchronize_session=False)
    )
    if result.rowcount != 1:
        return False
    values = {"current_number": base_number + 1, "title": title, "title_key": key}
    for name, value in {**values, "updated_at": now}.items():
        set_committed_value(article, name, value)
    return True


def conflict(
    session: Session, article: Article, base_number: int, mine: str
) -> EditConflict:
    current = session.scalar(
        select(Revision)
        .where(Revision.article_id == article.id)
        .order_by(Revision.number.desc())
        .limit(1)
    )
    return EditConflict(
        base_number=base_number,
        current_number=current.number if current else 0,
        mine=mine,
        theirs=current.body if current else "",
    )


def get_revision(session: Session, article: Article, number: int) -> Revision:
    revision = session.scalar(
        select(Revision)
        .where(Revision.article_id == article.id, Revision.number == number)
        .options(joinedload(Revision.author))
    )
    if revision is None:
        raise NotFound(f"revision {number}")
    return revision


def revert(
    session: Session, actor: User, project: Project, article: Article, number: int
) -> Revision:
    """Save the text of revision ``number`` again (history is kept). A patroller's
    revert also marks that revision and the edits it undoes as reviewed: a teacher
    has looked at them."""
    policy.check_article(project, article)
    old = get_revision(session, article, number)
    undone = unreviewed_since(session, article, number)
    revision = save_revision(
        session,
        actor,
        project,
        article,
        body=old.body,
        title=old.title,
        base_number=article.current_number,
        summary=f"Reverted to revision {number}",
    )
    if can(actor, "wiki.patrol", project):
        for item in undone:
            item.reviewed_at, item.reviewed_by_id = revision.created_at, actor.id
    return revision


def unreviewed_since(session: Session, article: Article, number: int) -> list[Revision]:
    return list(
        session.scalars(
            select(Revision).where(
                Revision.article_id == article.id,
                Revision.number >= number,
                Revision.needs_review.is_(True),
                Revision.reviewed_at.is_(None),
            )
        )
    )
