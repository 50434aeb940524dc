"""A space to report on: two partner schools, members of every role, and contributions.

Everything the tests expect is written here by hand, in :data:`ITEMS` and
:data:`MEMBERS`, and counted by the tests themselves: the report's numbers are checked
against these, never against the report's own queries.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable
from dataclasses import dataclass, field
from datetime import UTC, date, datetime

from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.hooktypes import Contribution
from etwincms.models import Page, Project, Revision, Role, School, User
from etwincms.services import pages, spaces, users
from etwincms.testing import Factory

from .probe import Probe

ES = "School ES (ES)"
PL = "Zespół Szkół Łączności (PL)"

#: key -> (username, user kind, role in the space, school key or None)
MEMBERS = {
    "admin": ("rep_admin", "teacher", "admin", "es"),
    "teacher_es": ("rep_teacher_es", "teacher", "teacher", "es"),
    "teacher_pl": ("rep_teacher_pl", "teacher", "teacher", "pl"),
    "lead_pl": ("zofia_nowak", "pupil", "pupil_lead", "pl"),
    "pupil_es": ("lucia_garcia", "pupil", "pupil", "es"),
    "pupil_es2": ("mateo_lopez", "pupil", "pupil", "es"),
    "pupil_pl": ("jan_kowalski", "pupil", "pupil", "pl"),
    "observer": ("rep_observer", "staff", "observer", None),
}
PUPILS = ("lead_pl", "pupil_es", "pupil_es2", "pupil_pl")
SCHOOL_LABELS = {"es": ES, "pl": PL, None: ""}


@dataclass(frozen=True)
class Item:
    """One contribution as the test plugin reports it, and the criteria it evidences."""

    pk: int
    plugin: str
    type: str
    author: str | None  # a MEMBERS key, "former" (not a member) or None (erased)
    at: datetime
    output: bool = False
    public: bool = False
    criteria: frozenset[str] = frozenset()

    @property
    def id(self) -> str:
        return f"{self.type}:{self.pk}"

    @property
    def title(self) -> str:
        return f"Item {self.pk} {self.type}"


def at(year: int, month: int, day: int, hour: int = 12, minute: int = 0) -> datetime:
    return datetime(year, month, day, hour, minute, tzinfo=UTC)


C, T, N, R, K = "collaboration", "technology", "innovation", "results", "curriculum"
ITEMS: tuple[Item, ...] = (
    Item(
        1,
        "forum",
        "forum_topic",
        "teacher_pl",
        at(2026, 1, 10),
        criteria=frozenset({C}),
    ),
    Item(
        2, "forum", "forum_post", "pupil_es", at(2026, 1, 11), criteria=frozenset({C})
    ),
    Item(
        3,
        "forum",
        "forum_post",
        "pupil_pl",
        at(2026, 2, 28, 23, 59),
        criteria=frozenset({C}),
    ),
    # 00:00 on the first day of a range is inside it
    Item(
        4,
        "gallery",
        "gallery_album",
        "admin",
        at(2026, 3, 1, 0, 0),
        output=True,
        public=True,
        criteria=frozenset({T, R}),
    ),
    Item(
        5,
        "gallery",
        "gallery_item",
        "pupil_es2",
        at(2026, 3, 2),
        criteria=frozenset({T}),
    ),
    Item(6, "blog", "blog_post", "lead_pl", at(2026, 3, 15), criteria=frozenset({N})),
    Item(7, "blog", "blog_post", "pupil_es", at(2026, 4, 2), criteria=frozenset({N})),
    Item(
        8,
        "glossary",
        "glossary_concept",
        "pupil_pl",
        at(2026, 4, 20),
        output=True,
        criteria=frozenset({K, R}),
    ),
    Item(
        9,
        "survey",
        "survey",
        "teacher_es",
        at(2026, 5, 5),
        output=True,
        criteria=frozenset({N, T, R}),
    ),
    Item(
        10,
        "meetings",
        "meetings_meeting",
        "observer",
        at(2026, 5, 20),
        criteria=frozenset({C}),
    ),
    # the last minute of the range's last day is inside; midnight after it is not
    Item(
        11,
        "embed",
        "embed_item",
        "former",
        at(2026, 5, 31, 23, 59),
        criteria=frozenset({T}),
    ),
    Item(
        12,
        "wiki",
        "wiki_article",
        None,
        at(2026, 6, 1, 0, 0),
        output=True,
        public=True,
        criteria=frozenset({K, C, R}),
    ),
    Item(
        13, "blog", "blog_post", "teacher_pl", at(2026, 6, 20), criteria=frozenset({N})
    ),
    Item(14, "core", "material", "pupil_pl", at(2026, 7, 1), criteria=frozenset({K})),
    Item(
        15,
        "gallery",
        "gallery_album",
        "lead_pl",
        at(2026, 7, 3),
        output=True,
        criteria=frozenset({T, R}),
    ),
)


@dataclass
class World:
    """The space, its people by key, and the items the test plugin reports."""

    project: Project
    people: dict[str, User]
    schools: dict[str, School]
    items: tuple[Item, ...] = ITEMS
    extra: list[Item] = field(default_factory=list)

    def role_of(self, item: Item) -> str:
        if item.author in MEMBERS:
            return MEMBERS[item.author][2]
        return "unknown"

    def school_of(self, item: Item) -> str:
        if item.author in MEMBERS:
            return SCHOOL_LABELS[MEMBERS[item.author][3]]
        return ""

    def school_key_of(self, item: Item) -> str | None:
        return MEMBERS[item.author][3] if item.author in MEMBERS else None

    def contribution(self, item: Item) -> Contribution:
        author = self.people.get(item.author or "")
        return Contribution(
            id=item.id,
            type=item.type,
            plugin=item.plugin,
            title=item.title,
            url=f"/s/{self.project.slug}/-/{item.plugin}/{item.pk}",
            author_id=author.id if author is not None else None,
            created_at=item.at,
            public=item.public,
            output=item.output,
        )


def build_world(session: Session, make: Factory, probe: Probe) -> World:
    """Create the schools, people and space, and hand the items to the test plugin."""
    schools = {
        "es": make.school("es"),
        "pl": users.create_school(
            session, None, name="Zespół Szkół Łączności", country="PL", city="Łódź"
        ),
    }
    people = {key: person(make, spec, schools) for key, spec in MEMBERS.items()}
    people["former"] = make.user("rep_former", school=schools["pl"])
    project = make.space(people["admin"], title="Water for Europe", slug="water")
    spaces.add_partner_school(session, people["admin"], project, schools["pl"])
    for key, (_, _, role, school) in MEMBERS.items():
        if key != "admin":
            make.member(
                project, people[key], Role(role), school=schools.get(school or "")
            )
    pages.create_page(session, people["lead_pl"], project, title="Our river")
    pages.create_page(session, people["teacher_pl"], project, title="Timetable")
    commit(session)
    world = World(project, people, schools)
    probe.items[project.id] = [world.contribution(item) for item in ITEMS]
    world.items = ITEMS + tuple(core_page_items(session, world))
    return world


def core_page_items(session: Session, world: World) -> list[Item]:
    """The space's live pages, read straight from their tables (the core reports them
    as contributions too, authored by their first revision's author)."""
    keys = {user.id: key for key, user in world.people.items()}
    first_authors = dict(
        session.execute(
            select(Revision.page_id, Revision.author_id).where(Revision.number == 1)
        ).all()
    )
    found = session.scalars(
        select(Page).where(
            Page.project_id == world.project.id, Page.deleted_at.is_(None)
        )
    )
    return [
        Item(
            page.id,
            "core",
            "page",
            keys.get(first_authors.get(page.id)),
            page.created_at.replace(tzinfo=UTC),
        )
        for page in found
    ]


def person(
    make: Factory, spec: tuple[str, str, str, str | None], schools: dict
) -> User:
    username, kind, _, school = spec
    return make.user(username, kind=kind, school=schools.get(school or ""))


def expected_counts(world: World, items: Iterable[Item]) -> dict[str, Counter]:
    """What the report must say about ``items``, counted here by hand."""
    chosen = list(items)
    return {
        "by_role": Counter(world.role_of(i) for i in chosen),
        "by_school": Counter(world.school_of(i) for i in chosen),
        "by_type": Counter(i.type for i in chosen),
        "cells": Counter(
            (world.school_of(i), world.role_of(i), i.type) for i in chosen
        ),
    }


def in_range(items: Iterable[Item], start: date, end: date) -> list[Item]:
    return [i for i in items if start <= i.at.date() <= end]
