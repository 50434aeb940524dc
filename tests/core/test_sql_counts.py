"""Listing a space's tree and rendering a page cost a fixed number of SQL statements.

The same requests are counted on a space of 9 pages and on one of 1,000 pages, 8 levels
deep: the counts must be equal (and small), whatever the size or depth of the tree. A
space's first request in a process costs one statement more (the working groups' rule,
then kept until the space's groups change).
"""

from __future__ import annotations

import random
from typing import Any

import pytest
from flask import Flask
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.models import Page, Project, Revision, Role, Visibility
from etwincms.permissions import can, forget_memberships
from etwincms.services import pages
from etwincms.services.spaces import enabled_plugins, get_space
from etwincms.testing import AuthActions, Factory, count_statements

DEPTH = 8


def build_tree(session: Any, project: Project, size: int, seed: int = 7) -> Page:
    """``size`` pages, at most DEPTH levels, one chain guaranteed to reach the bottom."""
    rng = random.Random(seed)
    levels: list[list[Page]] = [[] for _ in range(DEPTH)]
    for index in range(size):
        depth = index if index < DEPTH else rng.randrange(DEPTH)
        parent = None if depth == 0 else rng.choice(levels[depth - 1])
        levels[depth].append(new_page(project, parent, index, visibility_for(index)))
    for level in levels:
        session.add_all(level)
        session.flush()
        session.add_all(first_revision(page) for page in level)
    session.flush()
    return levels[DEPTH - 1][0]


def visibility_for(index: int) -> Visibility:
    return Visibility.PUBLIC if index % 3 else Visibility.MEMBERS


def new_page(
    project: Project, parent: Page | None, index: int, visibility: Visibility
) -> Page:
    slug = f"page-{index}"
    page = Page(
        project_id=project.id,
        slug=slug,
        title=f"Page {index}",
        position=index,
        path=f"{parent.path}/{slug}" if parent else slug,
        current_number=1,
        depth=parent.depth + 1 if parent else 0,
        visibility=visibility,
    )
    page.parent_id = parent.id if parent else None
    return page


def first_revision(page: Page) -> Revision:
    return Revision(
        page_id=page.id,
        number=1,
        title=page.title,
        body="text",
        rendered_html="<p>text</p>",
        author_id=None,
    )


@pytest.fixture
def spaces(session: Any, make: Factory) -> dict[str, Any]:
    teacher = make.user("teacher", school=make.school("es"))
    made = {}
    for name, size in (("small", 9), ("large", 1000)):
        project = make.space(teacher, title=f"{name} space", is_public=True)
        made[name] = (project.slug, build_tree(session, project, size).path)
    pupil = make.user("pupil", kind="pupil", school=make.school("es"))
    for project in session.query(Project):
        make.member(project, pupil, Role.PUPIL)
    session.commit()
    return made


def statements_for(app: Flask, client: FlaskClient, url: str) -> list[str]:
    with count_statements(app) as statements:
        response = client.get(url)
    assert response.status_code == 200, url
    return statements


@pytest.mark.slow
@pytest.mark.parametrize("signed_in", [True, False], ids=["member", "anonymous"])
def test_tree_and_page_cost_the_same_on_1000_pages_8_deep(
    app: Flask,
    client: FlaskClient,
    auth: AuthActions,
    spaces: dict[str, Any],
    signed_in: bool,
) -> None:
    if signed_in:
        auth.login("pupil")
    app.config["PAGE_CACHE_VERIFY"] = False  # which would render every kept page again
    counts, first, kept = {}, {}, {}
    for name, (slug, deep_path) in spaces.items():
        first[name] = len(statements_for(app, client, f"/s/{slug}/"))
        kept[name] = len(statements_for(app, client, f"/s/{slug}/"))
        # Another address is another kept page: rendered, as after any change.
        home = statements_for(app, client, f"/s/{slug}/?again")
        page = statements_for(app, client, f"/s/{slug}/{deep_path}")
        counts[name] = (len(home), len(page))
    assert counts["small"] == counts["large"], counts
    assert max(counts["large"]) <= 8, counts
    # The working groups' rule is read once per process and change of a space's groups;
    # the sidebar's tree once per viewer and change of the space.
    assert first == {name: home + 2 for name, (home, _page) in counts.items()}, first
    # A kept page: the stamps, and the member's account for the signed-in one.
    assert kept == {"small": 1 + signed_in, "large": 1 + signed_in}, kept


def test_the_deep_page_is_really_8_levels_down(session: Any, make: Factory) -> None:
    teacher = make.user("teacher")
    project = make.space(teacher)
    deepest = build_tree(session, project, 40)
    assert deepest.depth == DEPTH - 1
    assert deepest.path.count("/") == DEPTH - 1


def search_statements(app: Flask, client: FlaskClient) -> int:
    client.get("/search?q=compost")  # warm: the groups' rule, the index's readers
    with count_statements(app) as statements:
        response = client.get("/search?q=compost")
    assert response.status_code == 200
    assert "Compost 0" in response.get_data(as_text=True)
    return len(statements)


def test_a_search_costs_the_same_with_1_or_40_public_spaces(
    app: Flask, client: FlaskClient, auth: AuthActions, session: Any, make: Factory
) -> None:
    """Every public space is a candidate; asking ``can()`` about each must not cost a
    query each (the searcher's memberships are loaded once)."""
    teacher = make.user("teacher", school=make.school("es"))
    pupil = make.user("pupil", kind="pupil", school=make.school("es"))
    home = make.space(teacher, title="Compost club", is_public=True)
    make.member(home, pupil, Role.PUPIL)
    for index in range(20):
        pages.create_page(
            session, teacher, home, title=f"Compost {index}", body="A compost heap."
        )
    commit(session)
    auth.login("pupil")
    few = search_statements(app, client)
    for index in range(40):
        make.space(teacher, title=f"Other space {index}", is_public=True)
    commit(session)
    assert search_statements(app, client) == few <= 6


@pytest.mark.parametrize("role", [Role.PUPIL, None], ids=["member", "not a member"])
def test_a_space_its_plugins_and_the_readers_membership_are_one_query(
    app: Flask, session: Any, make: Factory, role: Role | None
) -> None:
    teacher = make.user("teacher", school=make.school("es"))
    reader = make.user("reader", kind="pupil", school=make.school("es"))
    project = make.space(teacher, title="Compost club", is_public=True)
    if role is not None:
        make.member(project, reader, role)
    commit(session)
    session.expunge_all()
    forget_memberships(session)
    with count_statements(app) as statements:
        found = get_space(session, reader, project.slug)
        plugins = enabled_plugins(found)
        sees_history = can(reader, "page.history", found)
    assert len(statements) == 1, statements
    assert plugins == enabled_plugins(project)
    assert sees_history is (role is not None)
