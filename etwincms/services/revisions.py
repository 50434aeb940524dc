"""Saving page text: revisions with optimistic concurrency, history and revert.

A save names the revision it was based on. It lands only if that is still the current
one: ``UPDATE page SET current_number = base + 1 WHERE id = ? AND current_number = base``
is a compare-and-set that the database serialises, on SQLite and PostgreSQL alike. The
loser gets an :class:`~etwincms.errors.EditConflict` carrying both texts, never an
overwrite. Markdown is rendered and sanitized here, once, at save.
"""

from __future__ import annotations

from flask import url_for
from flask_babel import gettext as _
from sqlalchemy import select, update
from sqlalchemy.orm import Session, joinedload
from sqlalchemy.orm.attributes import set_committed_value

from .. import events
from ..content.markdown import normalise_title, wikilink_targets
from ..content.render import render_markdown
from ..db import utcnow
from ..errors import EditConflict, NotFound, ValidationError
from ..hooktypes import LinkTarget
from ..models import Page, Project, Revision, User
from ..permissions import require
from ..plugins import project_hooks
from . import audit, links
from .validation import required_text

MAX_BODY = 1_000_000


def save_revision(
    session: Session,
    actor: User,
    project: Project,
    page: Page,
    *,
    body: str,
    base_number: int,
    title: str | None = None,
    summary: str = "",
    check: bool = True,
    edited: Revision | None = None,
) -> Revision:
    """Save a new revision of ``page`` edited from revision ``base_number``.

    :param edited: That revision, when the caller has loaded it: the save then writes
        link rows only if the links changed.
    :raises EditConflict: another save landed since ``base_number``.
    """
    if check:
        require(actor, "page.edit", project, page)
    title = required_text(title or page.title, "title", 200)
    if len(body) > MAX_BODY:
        raise ValidationError(_("The page is too long."), field="body")
    number = base_number + 1
    # Rendered before the claim: on SQLite the claim takes the database's one write
    # lock, and every other save waits while it is held.
    rendered_html = render_page_body(session, project, body)
    if not claim_number(session, page, base_number, title):
        raise conflict(session, page, base_number, body)
    revision = Revision(
        page_id=page.id,
        number=number,
        base_number=base_number,
        title=title,
        body=body,
        rendered_html=rendered_html,
        summary=" ".join(summary.split())[:300],
        author_id=getattr(actor, "id", None),
    )
    session.add(revision)
    session.flush()
    links.record_references(
        session,
        project,
        page,
        revision.rendered_html,
        previous_html=base_html(edited, base_number),
    )
    audit.record(session, actor, "page.save", project, page, number=number)
    events.queue(
        session,
        "page_saved",
        project,
        page=page,
        revision=revision,
        user=actor,
        is_new=base_number == 0,
    )
    return revision


def base_html(edited: Revision | None, base_number: int) -> str | None:
    """The rendered text the save replaced, if known (a first save replaces nothing)."""
    if base_number == 0:
        return ""
    if edited is not None and edited.number == base_number:
        return edited.rendered_html
    return None


def claim_number(session: Session, page: Page, base_number: int, title: str) -> bool:
    """The compare-and-set: True when this save took ``base_number + 1``."""
    now = utcnow()
    result = session.execute(
        update(Page)
        .where(Page.id == page.id, Page.current_number == base_number)
        .values(current_number=base_number + 1, title=title, updated_at=now)
        .execution_options(synchronize_session=False, content_scope=page.project_id)
    )
    if result.rowcount != 1:
        return False
    for name, value in (
        ("current_number", base_number + 1),
        ("title", title),
        ("updated_at", now),
    ):
        set_committed_value(page, name, value)
    return True


def conflict(session: Session, page: Page, base_number: int, mine: str) -> EditConflict:
    current = session.scalar(
        select(Revision)
        .where(Revision.page_id == page.id)
        .order_by(Revision.number.desc())
        .limit(1)
    )
    return EditConflict(
        base_number=base_number,
        current_number=current.number if current else 0,
        mine=mine,
        theirs=current.body if current else "",
    )


def render_page_body(session: Session, project: Project, body: str) -> str:
    """Render with ``[[wiki links]]`` resolved against the space's pages (one query)."""
    titles = wikilink_targets(body)
    found: dict[str, int] = {}
    if titles:
        # Match in Python: SQLite's lower() folds ASCII only, and titles are multilingual.
        rows = session.execute(
            select(Page.title, Page.id).where(
                Page.project_id == project.id, Page.deleted_at.is_(None)
            )
        )
        found = {
            key: pid for title, pid in rows if (key := normalise_title(title)) in titles
        }
    hooks = project_hooks(project)

    def resolve(title: str) -> LinkTarget:
        page_id = found.get(normalise_title(title))
        if page_id is not None:
            return LinkTarget(
                url_for("pages.by_id", slug=project.slug, page_id=page_id), True
            )
        if ":" in title:  # [[glossary:compost]]: a plugin's link
            plugin_target = hooks.resolve_wikilink(target=title, project=project)
            if plugin_target is not None:
                return plugin_target
        return LinkTarget(missing_page_url(project, title), exists=False)

    return render_markdown(body, resolve, project=project)


def missing_page_url(project: Project, title: str) -> str:
    return url_for("pages.missing", slug=project.slug, title=title)


def revert(
    session: Session, actor: User, project: Project, page: Page, number: int
) -> Revision:
    """Save a new revision with the text of revision ``number`` (history is kept)."""
    old = get_revision(session, page, number)
    return save_revision(
        session,
        actor,
        project,
        page,
        body=old.body,
        title=old.title,
        base_number=page.current_number,
        summary=f"Reverted to revision {number}",
    )


def get_revision(session: Session, page: Page, number: int) -> Revision:
    revision = session.scalar(
        select(Revision).where(Revision.page_id == page.id, Revision.number == number)
    )
    if revision is None:
        raise NotFound(f"revision {number}")
    return revision


def history(
    session: Session, actor: User | None, project: Project, page: Page
) -> list[Revision]:
    """All revisions, newest first, with their authors (members only: names show)."""
    require(actor, "page.history", project, page)
    return list(
        session.scalars(
            select(Revision)
            .where(Revision.page_id == page.id)
            .options(joinedload(Revision.author))
            .order_by(Revision.number.desc())
        )
    )


def refresh_rendering(session: Session, project: Project) -> int:
    """Re-render every current revision of the space (after pages that links name appear).

    Returns how many revisions changed. Used after bulk loads; wiki links point at
    stable page ids, so moves and renames never need this.
    """
    rows = session.execute(
        select(Revision, Page)
        .join(
            Page,
            (Page.id == Revision.page_id) & (Page.current_number == Revision.number),
        )
        .where(Page.project_id == project.id)
    )
    changed = 0
    for revision, page in rows:
        html = render_page_body(session, project, revision.body)
        if html != revision.rendered_html:
            revision.rendered_html, changed = html, changed + 1
            links.record_references(session, project, page, html)
    return changed
