"""No leaks: for every kind of searcher, search finds exactly what ``can()`` allows.

The corpus mixes a members-only space, another space the searchers (but its admin) are
not in, and a public space; public and members-only pages, a trashed page, materials,
forum topics in a space with the forum on and in one with it off, and a role override
that takes materials away from observers. For each searcher the expected titles are
computed object by object with ``can()`` alone and compared with everything the search
returns, page by page.
"""

from __future__ import annotations

import io
from typing import Any

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

import etwincms_forum
from etwincms.db import commit
from etwincms.models import Material, Page, Project, Role, Visibility
from etwincms.permissions import can
from etwincms.services import materials, pages, spaces
from etwincms.services import plugins as space_plugins
from etwincms.services.search import SearchQuery, search
from etwincms.testing import Factory, SpaceWithMembers
from etwincms_forum import services as forum_services
from etwincms_forum.models import Forum

WORD = "zeta"
SEARCHERS = (
    "admin",
    "teacher",
    "pupil_lead",
    "pupil",
    "observer",
    "outsider",
    "site_admin",
    None,
)


@pytest.fixture
def plugins() -> list[Any]:
    return [etwincms_forum]


def page(session: Session, user: Any, project: Project, title: str, **kw: Any) -> Page:
    return pages.create_page(
        session, user, project, title=title, body=f"{WORD} text", **kw
    )


def topic(session: Session, user: Any, project: Project, title: str) -> None:
    space_plugins.enable_plugin(session, user, project, "forum")
    forum_services.ensure_default_forum(session, None, project)
    general = session.scalar(select(Forum).where(Forum.project_id == project.id))
    forum_services.create_topic(session, user, project, general, title=title, body=WORD)


@pytest.fixture
def corpus(
    session: Session, space: SpaceWithMembers, make: Factory
) -> dict[str, Project]:
    admin, private = space.users["admin"], space.project
    page(session, admin, private, "A members page")
    page(session, admin, private, "A public page", visibility=Visibility.PUBLIC)
    trashed = page(session, admin, private, "A trashed page")
    pages.trash_page(session, admin, private, trashed)
    materials.attach_material(
        session, admin, private, io.BytesIO(b"x"), filename=f"A {WORD} sheet.txt"
    )
    topic(session, admin, private, f"A forum topic {WORD}")
    spaces.set_role_override(
        session, admin, private, Role.OBSERVER, "material.view", False
    )
    other = session.scalar(select(Project).where(Project.title == "Another space"))
    page(session, space.users["outsider"], other, "B members page")
    page(
        session,
        space.users["outsider"],
        other,
        "B public page",
        visibility=Visibility.PUBLIC,
    )
    public = make.space(admin, title="Open space", is_public=True)
    page(session, admin, public, "C members page")
    page(session, admin, public, "C public page", visibility=Visibility.PUBLIC)
    materials.attach_material(
        session, admin, public, io.BytesIO(b"y"), filename=f"C {WORD} sheet.txt"
    )
    topic(session, admin, public, f"C forum topic {WORD}")
    space_plugins.disable_plugin(session, admin, public, "forum")
    commit(session)
    return {"A": private, "B": other, "C": public}


def expected(session: Session, user: Any, corpus: dict[str, Project]) -> set[str]:
    """What ``can()`` lets ``user`` read, object by object."""
    found = {
        p.title
        for p in session.scalars(select(Page).where(Page.deleted_at.is_(None)))
        if can(user, "page.view", session.get(Project, p.project_id), p)
    }
    found |= {
        m.original_name
        for m in session.scalars(select(Material).where(Material.deleted_at.is_(None)))
        if can(user, "material.view", session.get(Project, m.project_id))
    }
    for label in ("A", "C"):  # the spaces where a topic was started
        project = corpus[label]
        forum_on = "forum" in spaces.enabled_plugins(project)
        if forum_on and can(user, "forum.view", project):
            found |= {f"{label} forum topic {WORD}"}
    return found


def found(session: Session, user: Any) -> set[str]:
    """Every title the search returns, walking all its pages (totals must agree)."""
    titles: list[str] = []
    for number in range(1, 30):
        results = search(session, user, SearchQuery(WORD, page=number, per_page=3))
        titles += [hit.title for hit in results.hits]
        if number >= results.pages:
            break
    assert len(titles) == results.total
    return set(titles)


@pytest.mark.parametrize("who", SEARCHERS)
def test_search_finds_exactly_what_can_allows(
    session: Session,
    space: SpaceWithMembers,
    corpus: dict[str, Project],
    who: str | None,
) -> None:
    user = space.users[who] if who else None
    assert found(session, user) == expected(session, user, corpus)
