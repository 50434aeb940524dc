"""The sidebar's tree, kept per viewer until the space or the site changes: the page
shown is marked, a mover's token works, and nobody sees another viewer's tree."""

from __future__ import annotations

import re

from flask import Flask
from flask.testing import FlaskClient
from sqlalchemy.orm import Session

from etwincms.models import Page, Visibility
from etwincms.services import pages
from etwincms.testing import AuthActions, Factory, SpaceWithMembers, count_statements
from etwincms.web.sidebar import CSRF_SLOT, SidebarTree


def tree_of(html: str) -> str:
    found = re.search(r'<ul class="tree".*?</nav>', html, re.S)
    assert found is not None, html
    return found.group(0)


def add_pages(space: SpaceWithMembers, session: Session) -> tuple[Page, Page]:
    admin, project = space.users["admin"], space.project
    project.is_public = True
    public = pages.create_page(
        session, admin, project, title="Garden", visibility=Visibility.PUBLIC
    )
    members = pages.create_page(session, admin, project, title="Plans")
    session.commit()
    return public, members


def test_the_page_shown_is_marked_in_a_kept_tree(
    client: FlaskClient, space: SpaceWithMembers, session: Session, auth: AuthActions
) -> None:
    public, members = add_pages(space, session)
    auth.login("pupil_user")
    base = f"/s/{space.project.slug}/"
    for shown, other in ((public, members), (members, public), (public, members)):
        tree = tree_of(client.get(base + shown.path).get_data(as_text=True))
        assert f'data-path="{shown.path}" aria-current="page"' in tree
        assert f'data-path="{other.path}" aria-current' not in tree
    assert "aria-current" not in tree_of(client.get(base).get_data(as_text=True))


def test_a_kept_tree_costs_no_statement_of_its_own(
    app: Flask,
    client: FlaskClient,
    space: SpaceWithMembers,
    session: Session,
    auth: AuthActions,
) -> None:
    public, _members = add_pages(space, session)
    app.config["PAGE_CACHE_VERIFY"] = False  # which renders every kept tree again
    auth.login("pupil_user")
    url = f"/s/{space.project.slug}/{public.path}"
    with count_statements(app) as first:
        client.get(url)
    with count_statements(app) as again:  # another address: not a kept page
        client.get(url + "?again")
    assert len(again) == len(first) - 1
    assert not any("ORDER BY page.depth" in statement for statement in again)


def test_each_viewer_has_their_own_tree(
    client: FlaskClient, space: SpaceWithMembers, session: Session, auth: AuthActions
) -> None:
    public, _members = add_pages(space, session)
    url = f"/s/{space.project.slug}/{public.path}"
    visitor = tree_of(client.get(url).get_data(as_text=True))
    auth.login("pupil_user")
    member = tree_of(client.get(url).get_data(as_text=True))
    assert "Plans" in member and "Plans" not in visitor
    auth.logout()
    assert "Plans" not in tree_of(client.get(url).get_data(as_text=True))


def test_a_page_made_public_joins_the_visitors_tree_at_once(
    client: FlaskClient, space: SpaceWithMembers, session: Session
) -> None:
    public, members = add_pages(space, session)
    url = f"/s/{space.project.slug}/{public.path}"
    assert "Plans" not in tree_of(client.get(url).get_data(as_text=True))
    session.get_one(Page, members.id).visibility = Visibility.PUBLIC
    session.commit()
    assert "Plans" in tree_of(client.get(url).get_data(as_text=True))


def test_a_movers_kept_tree_carries_a_token_that_moves_pages(
    client: FlaskClient, space: SpaceWithMembers, session: Session, auth: AuthActions
) -> None:
    public, members = add_pages(space, session)
    auth.login("admin_user")
    url = f"/s/{space.project.slug}/{public.path}"
    client.get(url)  # kept now
    tree = tree_of(client.get(url).get_data(as_text=True))
    token = re.search(r'data-csrf="([^"]+)"', tree)
    move_url = re.search(r'data-move-url="([^"]+)"', tree)
    assert token is not None and move_url is not None
    assert token.group(1) != CSRF_SLOT
    moved = client.post(
        move_url.group(1),
        data={"page": members.id, "parent": public.id, "position": 0},
        headers={"X-CSRFToken": token.group(1), "Accept": "application/json"},
    )
    assert moved.status_code == 200, moved.get_data(as_text=True)
    assert "garden/plans" in tree_of(client.get(url).get_data(as_text=True))


def test_a_transaction_that_wrote_never_keeps_its_tree(
    app: Flask, make: Factory, session: Session
) -> None:
    admin = make.user("maria", school=make.school("es"))
    project = make.space(admin, title="Open Space", is_public=True)
    session.commit()
    project.title = "Renamed, not committed"
    sidebar = SidebarTree(session, None, project)
    assert sidebar.kept() is None
    session.rollback()
