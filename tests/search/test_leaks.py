"""No leaks: for every kind of searcher, search finds exactly what ``can()`` allows.

The corpus mixes a members-only space, another space the searchers (but its admin) are
not in, and a public space; public and members-only pages, a trashed page, materials,
forum topics in a space with the forum on and in one with it off, a working group with
its page, file and forum topic, and a role override that takes materials away from
observers. For each searcher the expected titles are
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
from etwincms.groups import services as group_services
from etwincms.models import Material, Page, Project, Revision, Role, Visibility
from etwincms.permissions import can
from etwincms.services import materials, pages, spaces
from etwincms.services import plugins as space_plugins
from etwincms.services.search import SearchQuery, search
from etwincms.testing import Factory, SpaceWithMembers
from etwincms_forum import groups as forum_groups
from etwincms_forum import policy as forum_policy
from etwincms_forum import services as forum_services
from etwincms_forum.models import Forum, Topic

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
    working_group(session, space)
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


def working_group(session: Session, space: SpaceWithMembers) -> None:
    """The group "Kites" of space A (only the pupil lead in it): its page under the
    group's page, a file attached there and a topic in the group's forum category."""
    admin, project = space.users["admin"], space.project
    group = group_services.create_group(
        session, admin, project, "Kites", [space.users["pupil_lead"].id]
    )
    commit(session)  # the forum hears of the group and opens its category
    root = session.get(Page, group.root_page_id)
    notes = page(session, admin, project, "A group page", parent=root)
    materials.attach_material(
        session,
        admin,
        project,
        io.BytesIO(b"z"),
        filename=f"A group {WORD} sheet.txt",
        page=notes,
    )
    category = forum_groups.category_of(session, project, group.id)
    assert category is not None
    forum_services.create_topic(
        session, admin, project, category, title=f"A group topic {WORD}", body=WORD
    )


def expected(session: Session, user: Any, corpus: dict[str, Project]) -> set[str]:
    """What ``can()`` (and the forum's rule for topics) lets ``user`` read, object by
    object."""
    live = select(Page, Revision.body).join(
        Revision,
        (Revision.page_id == Page.id) & (Revision.number == Page.current_number),
    )
    found = {
        p.title
        for p, body in session.execute(live.where(Page.deleted_at.is_(None)))
        if WORD in body
        and can(user, "page.view", session.get(Project, p.project_id), p)
    }
    found |= {
        m.original_name
        for m in session.scalars(select(Material).where(Material.deleted_at.is_(None)))
        if can(user, "material.view", session.get(Project, m.project_id), m)
    }
    for topic in session.scalars(select(Topic)):
        project = session.get(Project, topic.project_id)
        forum_on = "forum" in spaces.enabled_plugins(project)
        if (
            forum_on
            and can(user, "forum.view", project)
            and forum_policy.may_read_topic(user, project, topic)
        ):
            found.add(topic.title)
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
