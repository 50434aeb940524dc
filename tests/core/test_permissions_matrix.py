"""The permission matrix: every core capability x every role x every kind of space and page.

The tables below ARE the specification: each answer was typed out by hand from
``docs/permissions.md`` and is never derived from the capability registry or the default
roles in the code. To change an answer, change the docs first.

Columns: ``admin``, ``teach`` (teacher), ``lead`` (pupil lead), ``pupil``, ``obs``
(observer), ``anon`` (signed out), ``other`` (a teacher who is admin of ANOTHER space, not
a member of this one), ``site`` (site admin). ``Y`` = allowed, ``N`` = refused.

Spaces: ``public`` (public, active), ``private`` (not public, active), ``archived``
(public, archived), ``draft`` (public, but a draft). Every space has the same members and
six pages, one per visibility (members, public) x edit policy (admins, teachers, members).
Test ids read ``capability-actor[-visibility-edit policy]@space``.
"""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass
from typing import Any

import pytest
from flask import Flask
from flask_login import AnonymousUserMixin
from sqlalchemy import select, text
from sqlalchemy.orm import Session

from etwincms import permissions
from etwincms.app import create_app
from etwincms.db import Base
from etwincms.errors import ValidationError
from etwincms.models import (
    EditPolicy,
    Membership,
    Page,
    Project,
    ProjectStatus,
    Role,
    User,
    Visibility,
)
from etwincms.permissions import can
from etwincms.plugins import CORE_PLUGINS
from etwincms.services.pages import create_page, restore_page, trash_page
from etwincms.services.spaces import archive_space, set_role_override
from etwincms.testing import Factory, make_config, postgres_admin, with_search_path

# The matrix builds its world in a database of its own (``own_database``): kept in the
# PostgreSQL pass (tests/conftest.py).
pytestmark = pytest.mark.database

# -- The tables: the spec -----------------------------------------------------------------

#: Header abbreviation -> actor.
COLUMNS = {
    "admin": "admin",
    "teach": "teacher",
    "lead": "pupil_lead",
    "pupil": "pupil",
    "obs": "observer",
    "anon": "anonymous",
    "other": "non_member",
    "site": "site_admin",
}

# (a) A public, active space; asked without an object. Without a page, page.view means
# "read members-only pages" and page.edit ignores edit policies.
PUBLIC_SPACE = """
capability       admin teach lead pupil obs anon other site
space.view         Y     Y    Y    Y    Y   Y    Y     Y
space.edit         Y     N    N    N    N   N    N     Y
space.archive      Y     N    N    N    N   N    N     Y
space.plugins      Y     N    N    N    N   N    N     Y
member.view        Y     Y    Y    Y    Y   N    N     Y
member.manage      Y     N    N    N    N   N    N     Y
pupil.manage       Y     Y    N    N    N   N    N     Y
page.view          Y     Y    Y    Y    Y   N    N     Y
page.history       Y     Y    Y    Y    Y   N    N     Y
page.create        Y     Y    Y    N    N   N    N     Y
page.edit          Y     Y    Y    Y    N   N    N     Y
page.move          Y     Y    Y    N    N   N    N     Y
page.delete        Y     Y    N    N    N   N    N     Y
page.restore       Y     Y    N    N    N   N    N     Y
page.publish       Y     Y    N    N    N   N    N     Y
material.view      Y     Y    Y    Y    Y   N    N     Y
material.upload    Y     Y    Y    Y    N   N    N     Y
material.delete    Y     Y    N    N    N   N    N     Y
audit.view         Y     N    N    N    N   N    N     Y
export.create    Y     Y    N    N    N   N    N     Y
groups.manage    Y     Y    N    N    N   N    N     Y
moderation.consent Y     Y    N    N    N   N    N     Y
moderation.review Y     Y    N    N    N   N    N     Y
moderation.shown Y     Y    N    N    N   N    N     Y
phases.manage    Y     Y    N    N    N   N    N     Y
reports.view     Y     Y    N    N    N   N    N     Y
"""

# (c) The same, not public: outsiders do not even see the space.
PRIVATE_SPACE = """
capability       admin teach lead pupil obs anon other site
space.view         Y     Y    Y    Y    Y   N    N     Y
space.edit         Y     N    N    N    N   N    N     Y
space.archive      Y     N    N    N    N   N    N     Y
space.plugins      Y     N    N    N    N   N    N     Y
member.view        Y     Y    Y    Y    Y   N    N     Y
member.manage      Y     N    N    N    N   N    N     Y
pupil.manage       Y     Y    N    N    N   N    N     Y
page.view          Y     Y    Y    Y    Y   N    N     Y
page.history       Y     Y    Y    Y    Y   N    N     Y
page.create        Y     Y    Y    N    N   N    N     Y
page.edit          Y     Y    Y    Y    N   N    N     Y
page.move          Y     Y    Y    N    N   N    N     Y
page.delete        Y     Y    N    N    N   N    N     Y
page.restore       Y     Y    N    N    N   N    N     Y
page.publish       Y     Y    N    N    N   N    N     Y
material.view      Y     Y    Y    Y    Y   N    N     Y
material.upload    Y     Y    Y    Y    N   N    N     Y
material.delete    Y     Y    N    N    N   N    N     Y
audit.view         Y     N    N    N    N   N    N     Y
export.create    Y     Y    N    N    N   N    N     Y
groups.manage    Y     Y    N    N    N   N    N     Y
moderation.consent Y     Y    N    N    N   N    N     Y
moderation.review Y     Y    N    N    N   N    N     Y
moderation.shown Y     Y    N    N    N   N    N     Y
phases.manage    Y     Y    N    N    N   N    N     Y
reports.view     Y     Y    N    N    N   N    N     Y
"""

# (d) A public, archived space: every W capability refused to all but site admins; reads
# are kept, and space.archive (not W) still lets the admin reopen.
ARCHIVED_SPACE = """
capability       admin teach lead pupil obs anon other site
space.view         Y     Y    Y    Y    Y   Y    Y     Y
space.edit         N     N    N    N    N   N    N     Y
space.archive      Y     N    N    N    N   N    N     Y
space.plugins      N     N    N    N    N   N    N     Y
member.view        Y     Y    Y    Y    Y   N    N     Y
member.manage      N     N    N    N    N   N    N     Y
pupil.manage       N     N    N    N    N   N    N     Y
page.view          Y     Y    Y    Y    Y   N    N     Y
page.history       Y     Y    Y    Y    Y   N    N     Y
page.create        N     N    N    N    N   N    N     Y
page.edit          N     N    N    N    N   N    N     Y
page.move          N     N    N    N    N   N    N     Y
page.delete        N     N    N    N    N   N    N     Y
page.restore       N     N    N    N    N   N    N     Y
page.publish       N     N    N    N    N   N    N     Y
material.view      Y     Y    Y    Y    Y   N    N     Y
material.upload    N     N    N    N    N   N    N     Y
material.delete    N     N    N    N    N   N    N     Y
audit.view         Y     N    N    N    N   N    N     Y
export.create    Y     Y    N    N    N   N    N     Y
groups.manage    N     N    N    N    N   N    N     Y
moderation.consent N     N    N    N    N   N    N     Y
moderation.review N     N    N    N    N   N    N     Y
moderation.shown N     N    N    N    N   N    N     Y
phases.manage    N     N    N    N    N   N    N     Y
reports.view     Y     Y    N    N    N   N    N     Y
"""

# (e) A draft space marked public: outsiders see nothing; members keep their roles.
DRAFT_SPACE = """
capability       admin teach lead pupil obs anon other site
space.view         Y     Y    Y    Y    Y   N    N     Y
space.edit         Y     N    N    N    N   N    N     Y
space.archive      Y     N    N    N    N   N    N     Y
space.plugins      Y     N    N    N    N   N    N     Y
member.view        Y     Y    Y    Y    Y   N    N     Y
member.manage      Y     N    N    N    N   N    N     Y
pupil.manage       Y     Y    N    N    N   N    N     Y
page.view          Y     Y    Y    Y    Y   N    N     Y
page.history       Y     Y    Y    Y    Y   N    N     Y
page.create        Y     Y    Y    N    N   N    N     Y
page.edit          Y     Y    Y    Y    N   N    N     Y
page.move          Y     Y    Y    N    N   N    N     Y
page.delete        Y     Y    N    N    N   N    N     Y
page.restore       Y     Y    N    N    N   N    N     Y
page.publish       Y     Y    N    N    N   N    N     Y
material.view      Y     Y    Y    Y    Y   N    N     Y
material.upload    Y     Y    Y    Y    N   N    N     Y
material.delete    Y     Y    N    N    N   N    N     Y
audit.view         Y     N    N    N    N   N    N     Y
export.create    Y     Y    N    N    N   N    N     Y
groups.manage    Y     Y    N    N    N   N    N     Y
moderation.consent Y     Y    N    N    N   N    N     Y
moderation.review Y     Y    N    N    N   N    N     Y
moderation.shown Y     Y    N    N    N   N    N     Y
phases.manage    Y     Y    N    N    N   N    N     Y
reports.view     Y     Y    N    N    N   N    N     Y
"""

# Site-level capabilities, asked with project=None. The space admin, the teacher and the
# outsider are teachers; the observer is staff; pupils are pupils.
SITE = """
capability       admin teach lead pupil obs anon other site
space.create       Y     Y    N    N    Y   N    Y     Y
user.create        N     N    N    N    N   N    N     Y
"""

# (b) Page capabilities on each of the six pages of the public, active space. page.create
# on a page means creating a subpage of it. The edit policy narrows page.edit only.
PUBLIC_SPACE_PAGES = """
capability    visibility policy    admin teach lead pupil obs anon other site
page.view     members    admins      Y     Y    Y    Y    Y   N    N     Y
page.view     members    teachers    Y     Y    Y    Y    Y   N    N     Y
page.view     members    members     Y     Y    Y    Y    Y   N    N     Y
page.view     public     admins      Y     Y    Y    Y    Y   Y    Y     Y
page.view     public     teachers    Y     Y    Y    Y    Y   Y    Y     Y
page.view     public     members     Y     Y    Y    Y    Y   Y    Y     Y
page.history  members    admins      Y     Y    Y    Y    Y   N    N     Y
page.history  members    teachers    Y     Y    Y    Y    Y   N    N     Y
page.history  members    members     Y     Y    Y    Y    Y   N    N     Y
page.history  public     admins      Y     Y    Y    Y    Y   N    N     Y
page.history  public     teachers    Y     Y    Y    Y    Y   N    N     Y
page.history  public     members     Y     Y    Y    Y    Y   N    N     Y
page.edit     members    admins      Y     N    N    N    N   N    N     Y
page.edit     members    teachers    Y     Y    N    N    N   N    N     Y
page.edit     members    members     Y     Y    Y    Y    N   N    N     Y
page.edit     public     admins      Y     N    N    N    N   N    N     Y
page.edit     public     teachers    Y     Y    N    N    N   N    N     Y
page.edit     public     members     Y     Y    Y    Y    N   N    N     Y
page.move     members    admins      Y     Y    Y    N    N   N    N     Y
page.move     members    teachers    Y     Y    Y    N    N   N    N     Y
page.move     members    members     Y     Y    Y    N    N   N    N     Y
page.move     public     admins      Y     Y    Y    N    N   N    N     Y
page.move     public     teachers    Y     Y    Y    N    N   N    N     Y
page.move     public     members     Y     Y    Y    N    N   N    N     Y
page.delete   members    admins      Y     Y    N    N    N   N    N     Y
page.delete   members    teachers    Y     Y    N    N    N   N    N     Y
page.delete   members    members     Y     Y    N    N    N   N    N     Y
page.delete   public     admins      Y     Y    N    N    N   N    N     Y
page.delete   public     teachers    Y     Y    N    N    N   N    N     Y
page.delete   public     members     Y     Y    N    N    N   N    N     Y
page.restore  members    admins      Y     Y    N    N    N   N    N     Y
page.restore  members    teachers    Y     Y    N    N    N   N    N     Y
page.restore  members    members     Y     Y    N    N    N   N    N     Y
page.restore  public     admins      Y     Y    N    N    N   N    N     Y
page.restore  public     teachers    Y     Y    N    N    N   N    N     Y
page.restore  public     members     Y     Y    N    N    N   N    N     Y
page.publish  members    admins      Y     Y    N    N    N   N    N     Y
page.publish  members    teachers    Y     Y    N    N    N   N    N     Y
page.publish  members    members     Y     Y    N    N    N   N    N     Y
page.publish  public     admins      Y     Y    N    N    N   N    N     Y
page.publish  public     teachers    Y     Y    N    N    N   N    N     Y
page.publish  public     members     Y     Y    N    N    N   N    N     Y
page.create   members    admins      Y     Y    Y    N    N   N    N     Y
page.create   members    teachers    Y     Y    Y    N    N   N    N     Y
page.create   members    members     Y     Y    Y    N    N   N    N     Y
page.create   public     admins      Y     Y    Y    N    N   N    N     Y
page.create   public     teachers    Y     Y    Y    N    N   N    N     Y
page.create   public     members     Y     Y    Y    N    N   N    N     Y
"""

# (d) Pages of the archived (public) space: readable as before, never writable.
ARCHIVED_SPACE_PAGES = """
capability    visibility policy    admin teach lead pupil obs anon other site
page.view     members    members     Y     Y    Y    Y    Y   N    N     Y
page.view     public     members     Y     Y    Y    Y    Y   Y    Y     Y
page.history  members    members     Y     Y    Y    Y    Y   N    N     Y
page.history  public     members     Y     Y    Y    Y    Y   N    N     Y
page.edit     members    members     N     N    N    N    N   N    N     Y
page.edit     public     members     N     N    N    N    N   N    N     Y
page.move     members    members     N     N    N    N    N   N    N     Y
page.move     public     members     N     N    N    N    N   N    N     Y
page.delete   members    members     N     N    N    N    N   N    N     Y
page.delete   public     members     N     N    N    N    N   N    N     Y
page.restore  members    members     N     N    N    N    N   N    N     Y
page.restore  public     members     N     N    N    N    N   N    N     Y
page.publish  members    members     N     N    N    N    N   N    N     Y
page.publish  public     members     N     N    N    N    N   N    N     Y
page.create   members    members     N     N    N    N    N   N    N     Y
page.create   public     members     N     N    N    N    N   N    N     Y
"""

# (c) Pages of the private space: even a public page stays hidden from outsiders.
PRIVATE_SPACE_PAGES = """
capability    visibility policy    admin teach lead pupil obs anon other site
page.view     members    members     Y     Y    Y    Y    Y   N    N     Y
page.view     public     members     Y     Y    Y    Y    Y   N    N     Y
page.history  members    members     Y     Y    Y    Y    Y   N    N     Y
page.history  public     members     Y     Y    Y    Y    Y   N    N     Y
page.edit     members    members     Y     Y    Y    Y    N   N    N     Y
page.edit     public     members     Y     Y    Y    Y    N   N    N     Y
"""

# (e) Pages of the draft space (marked public): the same as private.
DRAFT_SPACE_PAGES = """
capability    visibility policy    admin teach lead pupil obs anon other site
page.view     members    members     Y     Y    Y    Y    Y   N    N     Y
page.view     public     members     Y     Y    Y    Y    Y   N    N     Y
page.history  members    members     Y     Y    Y    Y    Y   N    N     Y
page.history  public     members     Y     Y    Y    Y    Y   N    N     Y
page.edit     members    members     Y     Y    Y    Y    N   N    N     Y
page.edit     public     members     Y     Y    Y    Y    N   N    N     Y
"""

# A public page (edit policy: members) in the trash of the public space: neither read nor
# edited; only page.restore and page.history apply.
TRASHED_PAGE = """
capability       admin teach lead pupil obs anon other site
page.view          N     N    N    N    N   N    N     Y
page.history       Y     Y    Y    Y    Y   N    N     Y
page.edit          N     N    N    N    N   N    N     Y
page.move          N     N    N    N    N   N    N     Y
page.delete        N     N    N    N    N   N    N     Y
page.restore       Y     Y    N    N    N   N    N     Y
page.publish       N     N    N    N    N   N    N     Y
page.create        N     N    N    N    N   N    N     Y
"""

# pupil.manage on a membership of the space (rows: who asks; columns: whose membership).
# Teachers look after their own school's pupils (and pupil leads); admins after every
# pupil; nobody in the space manages a teacher or an admin through pupil.manage.
PUPIL_MANAGE = """
manager      pupil_es lead_es pupil_fr teacher_es admin
admin           Y        Y       Y        N        N
teacher_es      Y        Y       N        N        N
teacher_fr      N        N       Y        N        N
lead_es         N        N       N        N        N
pupil_es        N        N       N        N        N
observer        N        N       N        N        N
site_admin      Y        Y       Y        Y        Y
"""

#: The capabilities docs/permissions.md marks NP (never grantable to pupil roles).
NOT_FOR_PUPILS = (
    "space.edit",
    "space.archive",
    "space.plugins",
    "member.manage",
    "pupil.manage",
    "page.publish",
    "audit.view",
    "export.create",
    "groups.manage",
    "moderation.consent",
    "moderation.review",
    "moderation.shown",
    "reports.view",
)

Answers = dict[tuple[str, ...], dict[str, bool]]


def parse(table: str, keys: int = 1) -> Answers:
    """``{key columns: {column: answer}}`` from a table of Y/N answers."""
    header, *rows = (line.split() for line in table.strip().splitlines())
    parsed: Answers = {}
    for row in rows:
        key = tuple(row[:keys])
        if key in parsed:
            raise ValueError(f"row {key} appears twice")
        answers = zip(header[keys:], row[keys:], strict=True)
        parsed[key] = {column: {"Y": True, "N": False}[a] for column, a in answers}
    return parsed


def actor_table(table: str, keys: int = 1) -> Answers:
    """A table whose answer columns are the actors (abbreviated as in COLUMNS)."""
    parsed = parse(table, keys)
    return {
        key: {COLUMNS[column]: answer for column, answer in row.items()}
        for key, row in parsed.items()
    }


SPACE_TABLES = {
    "public": actor_table(PUBLIC_SPACE),
    "private": actor_table(PRIVATE_SPACE),
    "archived": actor_table(ARCHIVED_SPACE),
    "draft": actor_table(DRAFT_SPACE),
}
PAGE_TABLES = {
    "public": actor_table(PUBLIC_SPACE_PAGES, keys=3),
    "private": actor_table(PRIVATE_SPACE_PAGES, keys=3),
    "archived": actor_table(ARCHIVED_SPACE_PAGES, keys=3),
    "draft": actor_table(DRAFT_SPACE_PAGES, keys=3),
}
SITE_TABLE = actor_table(SITE)
TRASHED_TABLE = actor_table(TRASHED_PAGE)


def cases(space: str, table: Answers) -> list[Any]:
    """One pytest case per cell: (space, key, actor, expected answer)."""
    return [
        pytest.param(
            space,
            key,
            actor,
            expected,
            id=f"{'-'.join((key[0], actor, *key[1:]))}@{space}",
        )
        for key, answers in table.items()
        for actor, expected in answers.items()
    ]


# -- The world the matrix asks about: built once for the whole module ---------------------


@dataclass
class World:
    app: Flask
    people: dict[str, User | None]
    spaces: dict[str, Project]
    #: (space, visibility, edit policy) -> page
    pages: dict[tuple[str, str, str], Page]
    trashed: Page

    def ask(
        self, actor: str, capability: str, space: str | None, obj: Any = None
    ) -> bool:
        project = None if space is None else self.spaces[space]
        with self.app.app_context():
            return can(self.people[actor], capability, project, obj)


def build_world(app: Flask, session: Session) -> World:
    """The people, four spaces with the same members, six pages each, a trashed page."""
    make = Factory(session)
    es, fr = make.school("es"), make.school("fr")
    admin = make.user("admin", school=es)
    people: dict[str, User | None] = {
        "admin": admin,
        "teacher": make.user("teacher", school=es),
        "pupil_lead": make.user("lead", kind="pupil", school=es),
        "pupil": make.user("pupil", kind="pupil", school=es),
        "observer": make.user("observer", kind="staff"),
        "anonymous": None,
        "non_member": make.user("outsider", school=fr),
        "site_admin": make.user("root", kind="staff", site_admin=True),
    }
    make.space(people["non_member"], title="Another space")
    spaces: dict[str, Project] = {}
    pages: dict[tuple[str, str, str], Page] = {}
    for name in SPACE_TABLES:
        space = make.space(
            admin, title=f"The {name} space", is_public=name != "private"
        )
        for role in ("teacher", "pupil_lead", "pupil", "observer"):
            make.member(space, people[role], role)
        for visibility in Visibility:
            for policy in EditPolicy:
                pages[name, visibility.value, policy.value] = create_page(
                    session,
                    admin,
                    space,
                    title=f"{visibility} {policy}",
                    visibility=visibility,
                    edit_policy=policy,
                )
        spaces[name] = space
    public = spaces["public"]
    trashed = create_page(
        session, admin, public, title="Trashed", visibility=Visibility.PUBLIC
    )
    trash_page(session, admin, public, trashed)
    archive_space(session, admin, spaces["archived"])
    spaces["draft"].status = ProjectStatus.DRAFT
    session.commit()
    return World(app, people, spaces, pages, trashed)


@contextmanager
def own_database() -> Iterator[str | None]:
    """None (a SQLite file) or a PostgreSQL schema of the matrix's own.

    Its own schema, so that the function-scoped ``app`` fixtures of the other tests, which
    truncate every table when they end, never touch the module's world.
    """
    url = os.environ.get("ETWINCMS_TEST_DATABASE_URL")
    if not url:
        yield None
        return
    schema = f"etwmatrix_{os.getpid()}"
    with postgres_admin(url) as connection:
        connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))
        connection.execute(text(f"CREATE SCHEMA {schema}"))
    try:
        yield with_search_path(url, schema)
    finally:
        with postgres_admin(url) as connection:
            connection.execute(text(f"DROP SCHEMA IF EXISTS {schema} CASCADE"))


@pytest.fixture(scope="module")
def world(tmp_path_factory: pytest.TempPathFactory) -> Iterator[World]:
    with own_database() as url:
        app = create_app(make_config(tmp_path_factory.mktemp("matrix"), url))
        database = app.extensions["etwincms"].db
        Base.metadata.create_all(database.engine)
        session = database.session()
        try:
            with app.test_request_context("/"):
                built = build_world(app, session)
            yield built
        finally:
            session.close()
            database.dispose()


# -- The matrix ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("space", "key", "actor", "expected"),
    [case for space, table in SPACE_TABLES.items() for case in cases(space, table)],
)
def test_space_capabilities(
    world: World, space: str, key: tuple[str], actor: str, expected: bool
) -> None:
    (capability,) = key
    assert world.ask(actor, capability, space) is expected


@pytest.mark.parametrize(
    ("space", "key", "actor", "expected"),
    [case for space, table in PAGE_TABLES.items() for case in cases(space, table)],
)
def test_page_capabilities(
    world: World, space: str, key: tuple[str, str, str], actor: str, expected: bool
) -> None:
    capability, visibility, policy = key
    page = world.pages[space, visibility, policy]
    assert world.ask(actor, capability, space, page) is expected


@pytest.mark.parametrize(
    ("space", "key", "actor", "expected"), cases("public", TRASHED_TABLE)
)
def test_trashed_page_capabilities(
    world: World, space: str, key: tuple[str], actor: str, expected: bool
) -> None:
    (capability,) = key
    assert world.ask(actor, capability, space, world.trashed) is expected


@pytest.mark.parametrize(
    ("space", "key", "actor", "expected"), cases("site", SITE_TABLE)
)
def test_site_capabilities(
    world: World, space: str, key: tuple[str], actor: str, expected: bool
) -> None:
    (capability,) = key
    assert world.ask(actor, capability, None) is expected


@pytest.mark.parametrize("space", SPACE_TABLES)
@pytest.mark.parametrize("actor", COLUMNS.values())
def test_granted_gives_the_tables_answers_in_one_call(
    world: World, space: str, actor: str
) -> None:
    """``granted()``, which a search asks once per space, answers as the table does."""
    table = SPACE_TABLES[space]
    expected = {key[0] for key, answers in table.items() if answers[actor]}
    with world.app.app_context():
        answer = permissions.granted(
            world.people[actor], [key[0] for key in table], world.spaces[space]
        )
    assert answer == expected


def test_the_tables_cover_every_core_capability(app: Flask) -> None:
    registry = app.extensions["etwincms"].permissions
    core = {name for name, owner in registry.owner.items() if owner in CORE_PLUGINS}
    for space, table in SPACE_TABLES.items():
        assert {key[0] for key in table} | {key[0] for key in SITE_TABLE} == core, space
    page_capabilities = {name for name in core if name.startswith("page.")}
    every_page = {
        (capability, visibility.value, policy.value)
        for capability in page_capabilities
        for visibility in Visibility
        for policy in EditPolicy
    }
    assert set(PAGE_TABLES["public"]) == every_page
    assert {key[0] for key in TRASHED_TABLE} == page_capabilities


# -- Who counts as anonymous --------------------------------------------------------------


def test_an_unknown_capability_raises_key_error(
    session: Session, make: Factory
) -> None:
    admin = make.user("admin")
    space = make.space(admin, title="Space")
    with pytest.raises(KeyError, match=r"page\.eddit"):
        can(admin, "page.eddit", space)
    with pytest.raises(KeyError):
        can(None, "page.eddit", None)


def open_space(session: Session, make: Factory) -> tuple[Project, Page, Page]:
    """A public space with a members-only and a public page (edit policy: members)."""
    admin = make.user("admin", school=make.school("es"))
    space = make.space(admin, title="Open", is_public=True)
    members_page = create_page(session, admin, space, title="Members only")
    public_page = create_page(
        session, admin, space, title="Public", visibility=Visibility.PUBLIC
    )
    return space, members_page, public_page


def assert_anonymous(user: Any, space: Project, members: Page, public: Page) -> None:
    assert can(user, "space.view", space)
    assert can(user, "page.view", space, public)
    assert not can(user, "page.view", space, members)
    assert not can(user, "page.history", space, public)
    assert not can(user, "page.edit", space, public)
    assert not can(user, "member.view", space)
    assert not can(user, "space.create", None)


def test_an_inactive_account_is_anonymous(session: Session, make: Factory) -> None:
    space, members_page, public_page = open_space(session, make)
    teacher = make.user("teacher")
    make.member(space, teacher, "teacher")
    root = make.user("root", kind="staff", site_admin=True)
    assert can(teacher, "page.edit", space, members_page)
    assert can(root, "user.create", None)
    teacher.is_active_account = False
    root.is_active_account = False
    for user in (teacher, root):
        assert_anonymous(user, space, members_page, public_page)
    assert not can(root, "user.create", None)


def test_a_signed_out_visitor_is_anonymous(session: Session, make: Factory) -> None:
    space, members_page, public_page = open_space(session, make)
    assert_anonymous(AnonymousUserMixin(), space, members_page, public_page)
    assert_anonymous(None, space, members_page, public_page)


# -- Overrides per space ------------------------------------------------------------------


def space_with_roles(make: Factory) -> dict[str, Any]:
    es = make.school("es")
    people = {
        "admin": make.user("admin", school=es),
        "teacher": make.user("teacher", school=es),
        "lead": make.user("lead", kind="pupil", school=es),
        "pupil": make.user("pupil", kind="pupil", school=es),
    }
    space = make.space(people["admin"], title="Overrides")
    make.member(space, people["teacher"], "teacher")
    make.member(space, people["lead"], "pupil_lead")
    make.member(space, people["pupil"], "pupil")
    return {"space": space, **people}


def test_a_space_may_give_pupils_page_create(session: Session, make: Factory) -> None:
    w = space_with_roles(make)
    space, pupil = w["space"], w["pupil"]
    assert not can(pupil, "page.create", space)
    set_role_override(session, w["admin"], space, Role.PUPIL, "page.create", True)
    assert can(pupil, "page.create", space)
    assert create_page(session, pupil, space, title="By a pupil").title == "By a pupil"
    set_role_override(session, w["admin"], space, Role.PUPIL, "page.create", None)
    assert not can(pupil, "page.create", space)


def test_np_capabilities_are_never_given_to_pupils(
    session: Session, make: Factory
) -> None:
    w = space_with_roles(make)
    space = w["space"]
    for role in (Role.PUPIL, Role.PUPIL_LEAD):
        for capability in NOT_FOR_PUPILS:
            with pytest.raises(ValidationError):
                set_role_override(session, w["admin"], space, role, capability, True)
    assert space.role_overrides == {}
    # Stored anyway (an old import, a hand-edited row): can() ignores it.
    space.role_overrides = {
        role: dict.fromkeys(NOT_FOR_PUPILS, True) for role in ("pupil", "pupil_lead")
    }
    session.flush()
    for user in (w["pupil"], w["lead"]):
        for capability in NOT_FOR_PUPILS:
            assert not can(user, capability, space), (user.username, capability)


def test_the_admin_role_cannot_be_overridden(session: Session, make: Factory) -> None:
    w = space_with_roles(make)
    space, admin = w["space"], w["admin"]
    for capability, granted in (("page.edit", False), ("member.manage", False)):
        with pytest.raises(ValidationError):
            set_role_override(session, admin, space, Role.ADMIN, capability, granted)
    assert space.role_overrides == {}
    assert can(admin, "page.edit", space)
    assert can(admin, "member.manage", space)


def test_a_stored_admin_override_is_ignored(session: Session, make: Factory) -> None:
    """'The admin role cannot be overridden (a space must always be manageable)'."""
    w = space_with_roles(make)
    space, admin = w["space"], w["admin"]
    space.role_overrides = {"admin": {"space.edit": False, "member.manage": False}}
    session.flush()
    assert can(admin, "space.edit", space)
    assert can(admin, "member.manage", space)


def test_a_space_may_take_page_edit_from_teachers(
    session: Session, make: Factory
) -> None:
    w = space_with_roles(make)
    space, admin, teacher, pupil = w["space"], w["admin"], w["teacher"], w["pupil"]
    page = create_page(session, admin, space, title="Shared")
    assert can(teacher, "page.edit", space, page)
    set_role_override(session, admin, space, Role.TEACHER, "page.edit", False)
    assert not can(teacher, "page.edit", space, page)
    assert not can(teacher, "page.edit", space)
    assert can(admin, "page.edit", space, page)
    assert can(pupil, "page.edit", space, page)
    assert can(teacher, "page.create", space)


# -- pupil.manage, the trash --------------------------------------------------------------


def test_teachers_manage_only_their_own_schools_pupils(
    session: Session, make: Factory
) -> None:
    es, fr = make.school("es"), make.school("fr")
    admin = make.user("admin", school=es)
    space = make.space(admin, title="Two schools")
    people = {
        "admin": admin,
        "teacher_es": make.user("teacher-es", school=es),
        "teacher_fr": make.user("teacher-fr", school=fr),
        "pupil_es": make.user("pupil-es", kind="pupil", school=es),
        "lead_es": make.user("lead-es", kind="pupil", school=es),
        "pupil_fr": make.user("pupil-fr", kind="pupil", school=fr),
        "observer": make.user("observer", kind="staff"),
        "site_admin": make.user("root", kind="staff", site_admin=True),
    }
    memberships = {
        "teacher_es": make.member(space, people["teacher_es"], "teacher", school=es),
        "teacher_fr": make.member(space, people["teacher_fr"], "teacher", school=fr),
        "pupil_es": make.member(space, people["pupil_es"], "pupil", school=es),
        "lead_es": make.member(space, people["lead_es"], "pupil_lead", school=es),
        "pupil_fr": make.member(space, people["pupil_fr"], "pupil", school=fr),
    }
    make.member(space, people["observer"], "observer")
    memberships["admin"] = session.scalars(
        select(Membership).where(Membership.user_id == admin.id)
    ).one()
    expected = parse(PUPIL_MANAGE)
    actual = {
        (manager,): {
            target: can(people[manager], "pupil.manage", space, memberships[target])
            for target in answers
        }
        for (manager,), answers in expected.items()
    }
    assert actual == expected
    # The pupil's account, too: a teacher manages the users of their own school.
    teacher_es = people["teacher_es"]
    assert can(teacher_es, "pupil.manage", space, people["pupil_es"])
    assert not can(teacher_es, "pupil.manage", space, people["pupil_fr"])
    assert not can(teacher_es, "pupil.manage", space, people["teacher_fr"])
    assert can(admin, "pupil.manage", space, people["pupil_fr"])


def test_a_teacher_restores_a_trashed_page(session: Session, make: Factory) -> None:
    w = space_with_roles(make)
    space, teacher, pupil = w["space"], w["teacher"], w["pupil"]
    page = create_page(session, w["admin"], space, title="Oops")
    trash_page(session, teacher, space, page)
    assert not can(pupil, "page.view", space, page)
    assert not can(teacher, "page.view", space, page)
    assert can(teacher, "page.restore", space, page)
    assert not can(pupil, "page.restore", space, page)
    restore_page(session, teacher, space, page)
    assert can(pupil, "page.view", space, page)
