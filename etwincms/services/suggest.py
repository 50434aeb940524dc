"""Page titles for the editor's ``[[`` suggestions: readable pages whose title matches.

Matching is done in Python after one SELECT of the space's titles, because SQLite's
``lower()`` folds ASCII only and spaces are written in many languages. Titles that
start with the typed text come before titles that merely contain it.
"""

from __future__ import annotations

from sqlalchemy import select
from sqlalchemy.orm import Session

from ..content.markdown import normalise_title
from ..models import Page, Project, User
from ..permissions import can

LIMIT = 8


def suggest_titles(
    session: Session, actor: User | None, project: Project, typed: str
) -> list[Page]:
    """Up to ``LIMIT`` live pages readable by ``actor`` whose title matches ``typed``."""
    needle = normalise_title(typed)
    pages = session.scalars(
        select(Page)
        .where(Page.project_id == project.id, Page.deleted_at.is_(None))
        .order_by(Page.title)
    )
    ranked = sorted(
        (rank, page.title.casefold(), page.id, page)
        for page in pages
        if (rank := match_rank(normalise_title(page.title), needle)) is not None
    )
    found = (page for *_order, page in ranked)
    return [page for page in found if can(actor, "page.view", project, page)][:LIMIT]


def match_rank(title: str, needle: str) -> int | None:
    """0 for a prefix match, 1 for a match elsewhere, None for no match."""
    if title.startswith(needle):
        return 0
    return 1 if needle in title else None
