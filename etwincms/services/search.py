"""The search service's interface, as the results page and the API call it.

``search(session, actor, SearchQuery(...)) -> SearchResults``: hits with a highlighted
snippet, facet counts by space and type, and pagination, holding only what ``actor``
may read. The engine behind it is deliberately simple for now: a case-insensitive
match on the current text of pages, checked with ``can()`` before counting and paging
(so counts and pages have no holes), over at most ``SCAN_LIMIT`` matches. The full-text
engine (Whoosh, PostgreSQL) replaces ``matching_pages`` without changing this interface.
"""

from __future__ import annotations

import math
import re
from collections import Counter
from dataclasses import dataclass, field
from datetime import datetime

from markupsafe import Markup
from sqlalchemy import and_, func, or_, select
from sqlalchemy.orm import Session

from ..models import Page, Project, ProjectStatus, Revision, User
from ..permissions import can

SCAN_LIMIT = 500
SNIPPET_CHARS = 160
MAX_QUERY = 200


@dataclass(frozen=True, slots=True)
class SearchQuery:
    text: str
    space: str | None = None
    type: str | None = None
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True, slots=True)
class SearchHit:
    type: str
    title: str
    url_args: dict[str, str]
    snippet: Markup
    space_slug: str
    space_title: str
    updated_at: datetime


@dataclass(slots=True)
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, Counter[str]] = field(default_factory=dict)

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))


def search(session: Session, actor: User | None, query: SearchQuery) -> SearchResults:
    """What ``actor`` may read that matches ``query``, one page of it, with facets."""
    text = " ".join(query.text.split())[:MAX_QUERY]
    results = SearchResults(query)
    if not text:
        return results
    readable = [
        (page, revision, project)
        for page, revision, project in matching_pages(session, text)
        if can(actor, "page.view", project, page)
    ]
    results.facets = {
        "space": Counter(project.slug for _p, _r, project in readable),
        "type": Counter("page" for _ in readable),
    }
    chosen = [row for row in readable if wanted(row[2], query)]
    results.total = len(chosen)
    start = (max(query.page, 1) - 1) * query.per_page
    results.hits = [hit(row, text) for row in chosen[start : start + query.per_page]]
    return results


def wanted(project: Project, query: SearchQuery) -> bool:
    return (query.space in (None, "", project.slug)) and query.type in (
        None,
        "",
        "page",
    )


def matching_pages(session: Session, text: str) -> list[tuple[Page, Revision, Project]]:
    """Live pages of live spaces whose title or current text contains every word."""
    words = [word.lower() for word in text.split()]
    haystack = func.lower(Page.title + " " + Revision.body)
    rows = session.execute(
        select(Page, Revision, Project)
        .join(
            Revision,
            and_(Revision.page_id == Page.id, Revision.number == Page.current_number),
        )
        .join(Project, Project.id == Page.project_id)
        .where(
            Page.deleted_at.is_(None),
            Project.status != ProjectStatus.DRAFT,
            *(haystack.contains(word, autoescape=True) for word in words),
        )
        .order_by(title_first(words), Page.updated_at.desc())
        .limit(SCAN_LIMIT)
    )
    return [tuple(row) for row in rows]  # type: ignore[misc]


def title_first(words: list[str]) -> object:
    """Sort pages whose title holds a word before pages that only mention it."""
    in_title = or_(
        *(func.lower(Page.title).contains(w, autoescape=True) for w in words)
    )
    return in_title.desc()


def hit(row: tuple[Page, Revision, Project], text: str) -> SearchHit:
    page, revision, project = row
    return SearchHit(
        type="page",
        title=page.title,
        url_args={"slug": project.slug, "path": page.path},
        snippet=snippet(revision.body, text.split()),
        space_slug=project.slug,
        space_title=project.title,
        updated_at=page.updated_at,
    )


def snippet(body: str, words: list[str]) -> Markup:
    """A window of the text around the first match, escaped, with matches in <mark>."""
    plain = " ".join(body.split())
    pattern = re.compile("|".join(re.escape(word) for word in words), re.IGNORECASE)
    first = pattern.search(plain)
    start = max(0, (first.start() if first else 0) - SNIPPET_CHARS // 3)
    window = plain[start : start + SNIPPET_CHARS]
    parts: list[str | Markup] = ["…" if start else ""]
    last = 0
    for match in pattern.finditer(window):
        parts.append(window[last : match.start()])
        parts.append(Markup("<mark>{}</mark>").format(match.group(0)))
        last = match.end()
    parts.append(window[last:])
    parts.append("…" if start + SNIPPET_CHARS < len(plain) else "")
    return Markup("").join(parts)
