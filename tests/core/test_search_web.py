"""The search box and results page: only what the searcher may read, highlighted, paged."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.models import Visibility
from etwincms.services import materials, pages
from etwincms.services.search import SearchQuery, search
from etwincms.testing import AuthActions, SpaceWithMembers


@pytest.fixture
def compost(session: Any, space: SpaceWithMembers) -> None:
    admin, project = space.users["admin"], space.project
    pages.create_page(
        session,
        admin,
        project,
        title="Compost diary",
        body="We turned the <b>compost</b> heap.",
        visibility=Visibility.PUBLIC,
    )
    pages.create_page(
        session, admin, project, title="Plans", body="Buy a compost thermometer."
    )
    project.is_public = True
    commit(session)


def found(client: FlaskClient, query: str) -> str:
    return client.get(f"/search?{query}").get_data(as_text=True)


def test_members_find_all_pages_with_the_word_highlighted(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, compost: None
) -> None:
    space.login(auth, "pupil")
    html = found(client, "q=COMPOST")
    assert "2 results" in html
    assert html.index("Compost diary") < html.index("Plans")
    assert "<mark>compost</mark>" in html
    assert "&lt;b&gt;" in html and "<b>compost" not in html


def test_visitors_find_only_public_pages(client: FlaskClient, compost: None) -> None:
    html = found(client, "q=compost")
    assert "1 result" in html and "Compost diary" in html and "Plans" not in html


def test_members_of_another_space_do_not_find_private_pages(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, compost: None
) -> None:
    space.project.is_public = False
    commit()
    space.login(auth, "outsider")
    assert "0 results" in found(client, "q=compost")


def test_every_word_must_match_and_the_space_filter_narrows(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers, compost: None
) -> None:
    space.login(auth, "teacher")
    assert "1 result" in found(client, "q=compost+thermometer")
    assert "0 results" in found(client, "q=compost&space=another-space")
    assert "2 results" in found(client, f"q=compost&space={space.project.slug}")


def test_results_are_paged_without_holes(session: Any, space: SpaceWithMembers) -> None:
    admin, project = space.users["admin"], space.project
    for number in range(25):
        pages.create_page(session, admin, project, title=f"Worms {number}")
    commit(session)
    first = search(session, space.users["pupil"], SearchQuery("worms"))
    second = search(session, space.users["pupil"], SearchQuery("worms", page=2))
    assert (first.total, first.pages, len(first.hits), len(second.hits)) == (
        25,
        2,
        20,
        5,
    )
    titles = {hit.title for hit in first.hits} | {hit.title for hit in second.hits}
    assert len(titles) == 25


def test_every_page_has_a_search_box_scoped_to_the_space(
    client: FlaskClient, auth: AuthActions, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    home = client.get(f"/s/{space.project.slug}/").get_data(as_text=True)
    assert 'role="search"' in home
    assert f'name="space" value="{space.project.slug}"' in home
    dashboard = client.get("/spaces").get_data(as_text=True)
    assert 'role="search"' in dashboard and 'name="space"' not in dashboard


def test_kind_and_language_filters_narrow_and_keep_each_other(
    client: FlaskClient,
    auth: AuthActions,
    session: Any,
    space: SpaceWithMembers,
    compost: None,
) -> None:
    materials.attach_material(
        session,
        space.users["admin"],
        space.project,
        io.BytesIO(b"notes"),
        filename="compost-rota.txt",
    )
    commit(session)
    space.login(auth, "pupil")
    html = found(client, "q=compost")
    assert "3 results" in html
    assert 'href="/search?q=compost&amp;type=material">Material (1)' in html
    assert "/search?q=compost&amp;type=page" in html and "Page (2)" in html
    assert ">Not set (3)<" in html  # the test space has no languages
    language = "xx"
    narrowed = found(client, f"q=compost&type=material&language={language}")
    assert "1 result" in narrowed and "compost-rota.txt" in narrowed
    assert "Plans" not in narrowed
    # Choosing a space keeps the kind and the language; "Everything" drops the kind.
    assert (
        f"/search?q=compost&amp;space={space.project.slug}&amp;type=material"
        in narrowed
    )
    assert (
        f'href="/search?q=compost&amp;language={language}" aria-current' not in narrowed
    )
    assert f'href="/search?q=compost&amp;language={language}">Everything' in narrowed
