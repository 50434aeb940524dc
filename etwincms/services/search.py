"""The search service: what the results page and the API call.

``search(session, actor, SearchQuery(...)) -> SearchResults``: one page of hits with
highlighted snippets, facet counts by space, type and language, and a spelling
suggestion when nothing matches. What the searcher may read is decided here with
``can()`` (a :class:`~etwincms.search.backend.Scope`: spaces whose members-only content
they read, spaces whose public content they read, each space's switched-on plugins)
and the backend filters by it inside the query, so totals and pages have no holes.
Plugins' narrower rules reach the query as audiences (``search_audiences``: a working
group's pages, files and topics are found by its members and the teachers only). A page
or file hit is also checked with ``can()`` before it is shown.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import datetime

from flask_babel import gettext as _
from markupsafe import Markup
from sqlalchemy import or_, select
from sqlalchemy.orm import Session

from ..models import (
    Membership,
    MembershipStatus,
    Project,
    ProjectStatus,
    User,
)
from ..permissions import can, granted, remember_memberships
from ..plugins import project_hooks
from ..search.backend import BackendQuery, Hit, Scope
from ..search.engine import get_backend
from ..state import get_state
from . import core_items
from .spaces import enabled_plugins

MAX_QUERY = 200


@dataclass(frozen=True, slots=True)
class SearchQuery:
    text: str
    space: str | None = None
    type: str | None = None
    language: str | None = None
    page: int = 1
    per_page: int = 20


@dataclass(frozen=True, slots=True)
class SearchHit:
    type: str
    title: str
    url: str
    snippet: Markup
    space_slug: str
    space_title: str
    updated_at: datetime | None
    language: str = ""


@dataclass(slots=True)
class SearchResults:
    query: SearchQuery
    hits: list[SearchHit] = field(default_factory=list)
    total: int = 0
    facets: dict[str, Counter[str]] = field(default_factory=dict)
    suggestion: str | None = None

    @property
    def pages(self) -> int:
        return max(1, math.ceil(self.total / self.query.per_page))


def search(session: Session, actor: User | None, query: SearchQuery) -> SearchResults:
    """What ``actor`` may read that matches ``query``: one page, with facets."""
    text = " ".join(query.text.split())[:MAX_QUERY]
    results = SearchResults(query)
    if not text:
        return results
    spaces = readable_spaces(session, actor)
    scope = scope_of(actor, spaces.values())
    by_slug = {project.slug: project for project in spaces.values()}
    chosen = by_slug.get(query.space or "")
    if query.space and chosen is None:
        return results
    found = get_backend().search(
        BackendQuery(
            text,
            scope,
            space=chosen.id if chosen else None,
            type=query.type or None,
            language=query.language or None,
            page=max(query.page, 1),
            per_page=query.per_page,
        )
    )
    readable = readable_hits(session, actor, found.hits, spaces)
    results.suggestion = found.suggestion
    results.total = found.total - (len(found.hits) - len(readable))
    results.hits = [shown(hit, spaces) for hit in readable]
    results.facets = {
        "space": Counter(
            {
                spaces[int(pid)].slug: n
                for pid, n in found.facets.get("space", {}).items()
            }
        ),
        "type": found.facets.get("type", Counter()),
        "language": found.facets.get("language", Counter()),
    }
    return results


def readable_hits(
    session: Session, actor: User | None, hits: list[Hit], spaces: dict[int, Project]
) -> list[Hit]:
    """The hits ``actor`` may read; pages and files are checked again one by one with
    ``can()`` (:mod:`.core_items`).

    The scope already keeps out what ``can()`` refuses (a working group's items through
    their audience), so this drops something only while the index lags behind a change
    (a page just moved into a group, before its outbox row is applied): the total is
    lowered by what the page drops, the facets are not.
    """
    hits = [hit for hit in hits if hit.project_id in spaces]
    loaded = core_items.load(session, (hit.id for hit in hits))
    return [
        hit
        for hit in hits
        if core_items.may_read(actor, spaces[hit.project_id], hit.id, loaded)
    ]


def readable_spaces(session: Session, actor: User | None) -> dict[int, Project]:
    """Candidate spaces: the actor's own and the public ones, kept if ``can()`` agrees."""
    own = (
        select(Membership.project_id).where(
            Membership.user_id == actor.id,
            Membership.status == MembershipStatus.ACTIVE,
        )
        if actor is not None
        else None
    )
    public = Project.is_public.is_(True) & (Project.status != ProjectStatus.DRAFT)
    condition = or_(public, Project.id.in_(own)) if own is not None else public
    if actor is not None and actor.is_site_admin:
        condition = Project.id.is_not(None)  # site admins may read every space
    projects = list(session.scalars(select(Project).where(condition)))
    remember_memberships(session, actor, projects)
    return {p.id: p for p in projects if can(actor, "space.view", p)}


def scope_of(actor: User | None, spaces: Iterable[Project]) -> Scope:
    member, public, types, audiences = set(), set(), {}, {}
    for project in spaces:
        wanted = searchable_types(project)
        asked = {MEMBER_READ, *(need for need in wanted.values() if need)}
        allowed = granted(actor, asked, project)
        if MEMBER_READ in allowed:
            member.add(project.id)
            audiences[project.id] = audiences_held(actor, project)
        elif project.is_public:
            public.add(project.id)
        types[project.id] = frozenset(
            name
            for name, capability in wanted.items()
            if capability is None or capability in allowed
        )
    return Scope(frozenset(member), frozenset(public), types, audiences)


def audiences_held(actor: User | None, project: Project) -> frozenset[str]:
    """The audience tags ``actor`` holds in ``project`` (``search_audiences``)."""
    answers = project_hooks(project).search_audiences(user=actor, project=project)
    return frozenset(tag for tags in answers for tag in tags)


#: Reading a space's members-only content (its pages that are not public).
MEMBER_READ = "page.view"
#: The core's document types and what reading them needs beyond reading the space.
CORE_TYPES = {"page": None, "material": "material.view"}


def searchable_types(project: Project) -> dict[str, str | None]:
    """Document types that may be found in ``project`` (the core's, and those of the
    plugins switched on there), each with the capability reading it needs."""
    registered = get_state().registries.content_types
    on = enabled_plugins(project)
    wanted: dict[str, str | None] = dict(CORE_TYPES)
    for name, content_type in registered.items():
        if content_type.searchable and registered.owner[name] in on:
            wanted[name] = content_type.view_capability
    return wanted


def type_titles() -> dict[str, str]:
    """Each searchable content type's name for people (``forum_topic`` -> "Forum topic")."""
    core = {"page": _("Page"), "material": _("Material")}
    plugins = get_state().registries.content_types.items()
    return core | {name: str(kind.label) for name, kind in plugins}


def shown(hit: Hit, spaces: dict[int, Project]) -> SearchHit:
    project = spaces[hit.project_id]
    return SearchHit(
        type=hit.type,
        title=hit.title,
        url=hit.url,
        # The backend escaped the text and added only <mark> elements.
        snippet=Markup(hit.snippet),  # noqa: S704
        space_slug=project.slug,
        space_title=project.title,
        updated_at=hit.updated_at,
        language=hit.language,
    )
