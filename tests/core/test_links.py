"""What links here and where a material is used: kept from the rendered HTML at save."""

from __future__ import annotations

import io
from typing import Any

import pytest
from flask import Flask

from etwincms.content.links import find_references
from etwincms.db import commit
from etwincms.models import Visibility
from etwincms.services import links, materials, pages, revisions
from etwincms.testing import (
    Factory,
    RoleClient,
    SpaceWithMembers,
    count_statements,
)


@pytest.fixture
def world(session: Any, make: Factory) -> dict[str, Any]:
    teacher = make.user("teacher", school=make.school("es"))
    project = make.space(teacher, title="Green Roots", is_public=True)
    return {"session": session, "teacher": teacher, "project": project}


def create(world: dict[str, Any], title: str, body: str = "", **kw: Any) -> Any:
    return pages.create_page(
        world["session"],
        world["teacher"],
        world["project"],
        title=title,
        body=body,
        **kw,
    )


def save(world: dict[str, Any], page: Any, body: str, edited: Any = None) -> None:
    """A save from the current revision; ``edited``: that revision, as the editor
    names the one it loaded (whose links are then known)."""
    revisions.save_revision(
        world["session"],
        world["teacher"],
        world["project"],
        page,
        body=body,
        base_number=page.current_number,
        edited=edited,
    )


def save_from_edited(world: dict[str, Any], page: Any, body: str) -> None:
    current = revisions.get_revision(world["session"], page, page.current_number)
    save(world, page, body, edited=current)


def link_writes(statements: list[str]) -> list[str]:
    return [s for s in statements if "page_link" in s or "material_use" in s]


def test_find_references_reads_page_and_material_addresses_of_this_space() -> None:
    html = (
        '<a href="/s/roots/-/id/7">x</a><a href="/s/roots/-/id/7#top">again</a>'
        '<img src="/s/roots/-/materials/3/photo.jpg">'
        '<a href="/s/other/-/id/9">other space</a><a href="/s/roots/-/id/12x">no</a>'
    )
    refs = find_references(html, "roots")
    assert refs.page_ids == {7}
    assert refs.material_ids == {3}


def test_wiki_links_are_listed_on_the_target_and_follow_edits(
    world: dict[str, Any],
) -> None:
    glossary = create(world, "Glossary")
    diary = create(world, "Diary", "See the [[Glossary]].")
    plan = create(world, "Plan", "Words: [[glossary]] and [[Diary]].")
    session, teacher, project = world["session"], world["teacher"], world["project"]
    assert links.links_here(session, teacher, project, glossary) == [diary, plan]
    save(world, diary, "No links any more.")
    assert links.links_here(session, teacher, project, glossary) == [plan]
    assert links.links_here(session, teacher, project, diary) == [plan]


def test_a_save_that_changes_no_link_writes_no_link_rows(
    app: Flask, world: dict[str, Any]
) -> None:
    glossary, plan = create(world, "Glossary"), create(world, "Plan")
    diary = create(world, "Diary", "See the [[Glossary]].")
    world["session"].flush()  # the new page's own link rows
    with count_statements(app) as statements:
        save_from_edited(world, diary, "See the [[glossary]], now with more words.")
    assert link_writes(statements) == []
    session, teacher, project = world["session"], world["teacher"], world["project"]
    assert links.links_here(session, teacher, project, glossary) == [diary]
    with count_statements(app) as statements:
        save_from_edited(world, diary, "The [[Plan]] replaces the glossary.")
    assert link_writes(statements) != []
    assert links.links_here(session, teacher, project, glossary) == []
    assert links.links_here(session, teacher, project, plan) == [diary]


def test_a_new_page_without_links_writes_no_link_rows(
    app: Flask, world: dict[str, Any]
) -> None:
    with count_statements(app) as statements:
        create(world, "Diary", "No links yet.")
    assert link_writes(statements) == []


def test_saving_in_the_editor_keeps_what_links_here(
    client: Any, auth: Any, space: SpaceWithMembers, session: Any
) -> None:
    admin, project = space.users["admin"], space.project
    target = pages.create_page(session, admin, project, title="Compost")
    pages.create_page(session, admin, project, title="Worms")
    pages.create_page(session, admin, project, title="Diary", body="[[Compost]]")
    commit(session)
    browser = RoleClient(client, auth, space.users, base=f"/s/{project.slug}")
    browser.login("teacher")
    slug = project.slug

    def edit(body: str, base: int) -> None:
        form = {"title": "Diary", "body": body, "base": base}
        assert browser.post("/-/edit/diary", form).status_code == 302

    def sources(path: str) -> str:
        return client.get(f"/s/{slug}/-/links/{path}").get_data(as_text=True)

    edit("[[Compost]] again, same link.", 1)
    assert ">Diary</a>" in sources(target.path)
    edit("Now about [[Worms]].", 2)
    assert ">Diary</a>" not in sources(target.path)
    assert ">Diary</a>" in sources("worms")


def test_links_from_trashed_or_unreadable_pages_are_not_listed(
    world: dict[str, Any], make: Factory
) -> None:
    target = create(world, "Target", visibility=Visibility.PUBLIC)
    shown = create(world, "Results", "[[Target]]", visibility=Visibility.PUBLIC)
    members_only = create(world, "Planning", "[[Target]]")
    trashed = create(world, "Old", "[[Target]]")
    session, project = world["session"], world["project"]
    pages.trash_page(session, world["teacher"], project, trashed)
    visitor = make.user("visitor", school=make.school("de"))
    everyone = links.links_here(session, world["teacher"], project, target)
    assert everyone == [members_only, shown]
    assert links.links_here(session, visitor, project, target) == [shown]
    assert links.links_here(session, None, project, target) == [shown]


def test_materials_know_which_pages_use_them(world: dict[str, Any]) -> None:
    session, teacher, project = world["session"], world["teacher"], world["project"]
    photo = materials.attach_material(
        session, teacher, project, io.BytesIO(b"x"), filename="photo.txt"
    )
    url = f"/s/{project.slug}/-/materials/{photo.id}/photo.txt"
    page = create(world, "Gallery", f"[The photo]({url})")
    assert links.pages_using(session, teacher, project, photo) == [page]
    save(world, page, "Gone.")
    assert links.pages_using(session, teacher, project, photo) == []


def test_the_what_links_here_page_lists_sources_and_offers_help_when_empty(
    client: Any, auth: Any, space: SpaceWithMembers, session: Any
) -> None:
    admin, project = space.users["admin"], space.project
    target = pages.create_page(session, admin, project, title="Compost")
    pages.create_page(session, admin, project, title="Diary", body="[[Compost]]")
    commit(session)
    space.login(auth, "pupil")
    slug = project.slug
    html = client.get(f"/s/{slug}/-/links/{target.path}").get_data(as_text=True)
    assert ">Diary</a>" in html
    empty = client.get(f"/s/{slug}/-/links/diary").get_data(as_text=True)
    assert "No page links here yet" in empty


def test_a_missing_link_target_offers_to_create_the_page(
    client: Any, auth: Any, space: SpaceWithMembers
) -> None:
    space.login(auth, "teacher")
    answer = client.get(f"/s/{space.project.slug}/-/missing?title=Worm+farm")
    assert answer.status_code == 404
    assert "/-/new?title=Worm+farm" in answer.get_data(as_text=True)
