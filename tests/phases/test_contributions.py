"""The core's contributions (pages and materials) and the space-template event."""

from __future__ import annotations

import io

import pytest
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.core_plugins.contributions import space_contributions
from etwincms.db import commit
from etwincms.models import Page, Visibility
from etwincms.services import materials, pages, revisions, spaces
from etwincms.testing import Factory, SpaceWithMembers

from .plugin import ItemsPlugin


def test_pages_are_contributions_by_their_first_author(
    session: Session, space: SpaceWithMembers
) -> None:
    project, users = space.project, space.users
    page = pages.create_page(session, users["pupil_lead"], project, title="Our town")
    revisions.save_revision(
        session, users["teacher"], project, page, body="Edited", base_number=1
    )
    commit(session)
    found = {item.id: item for item in space_contributions(project=project)}
    item = found[f"page:{page.id}"]
    assert (item.type, item.plugin, item.title) == ("page", "core", "Our town")
    assert item.author_id == users["pupil_lead"].id
    assert item.url == f"/s/{project.slug}/{page.path}"
    assert not item.public and not item.output


@pytest.mark.parametrize(("space_public", "expected"), [(True, True), (False, False)])
def test_a_public_page_is_a_public_output_only_in_a_public_space(
    session: Session, space: SpaceWithMembers, space_public: bool, expected: bool
) -> None:
    project, admin = space.project, space.users["admin"]
    project.is_public = space_public
    page = pages.create_page(session, admin, project, title="Results")
    pages.set_page_access(session, admin, project, page, visibility=Visibility.PUBLIC)
    commit(session)
    item = {i.id: i for i in space_contributions(project=project)}[f"page:{page.id}"]
    assert item.public is expected and item.output is expected


def test_trashed_pages_are_not_contributions(
    session: Session, space: SpaceWithMembers
) -> None:
    project, admin = space.project, space.users["admin"]
    page = pages.create_page(session, admin, project, title="Draft")
    page.deleted_at = page.created_at
    commit(session)
    assert f"page:{page.id}" not in {i.id for i in space_contributions(project=project)}


def test_materials_are_members_only_contributions(
    session: Session, space: SpaceWithMembers
) -> None:
    project, teacher = space.project, space.users["teacher"]
    material = materials.attach_material(
        session, teacher, project, io.BytesIO(b"hello"), filename="plan.txt"
    )
    commit(session)
    item = {i.id: i for i in space_contributions(project=project)}[
        f"material:{material.id}"
    ]
    assert (item.type, item.title, item.author_id) == (
        "material",
        "plan.txt",
        teacher.id,
    )
    assert not item.public
    assert item.url == f"/s/{project.slug}/-/materials/{material.id}"


@pytest.fixture
def items_plugin() -> ItemsPlugin:
    """Named like one of the Erasmus+ template's tools, so the template switches it on."""
    return ItemsPlugin(name="survey")


@pytest.mark.parametrize("template", ["erasmus_blended", "blank"])
def test_a_space_made_from_a_template_tells_its_plugins(
    session: Session, make: Factory, items_plugin: ItemsPlugin, template: str
) -> None:
    founder = make.user("founder", school=make.school("es"))
    project = make.space(founder, title="Tourism", template=template)
    assert items_plugin.applied == []  # events wait for the commit
    commit(session)
    assert items_plugin.applied == [
        {"project": project.slug, "template": template, "user": founder.id}
    ]


def test_no_template_no_template_event(
    session: Session, make: Factory, items_plugin: ItemsPlugin
) -> None:
    make.space(make.user("founder"), title="Plain")
    commit(session)
    assert items_plugin.applied == []


def test_a_rolled_back_space_tells_no_one(
    session: Session, make: Factory, items_plugin: ItemsPlugin
) -> None:
    founder = make.user("founder")
    commit(session)
    spaces.create_space(session, founder, title="Oops", template="blank")
    session.rollback()
    commit(session)
    assert items_plugin.applied == []


def test_the_erasmus_template_keeps_its_phase_pages(
    session: Session, make: Factory
) -> None:
    founder = make.user("founder", school=make.school("es"))
    project = make.space(founder, title="Tourism", template="erasmus_blended")
    commit(session)
    titles = set(
        session.scalars(select(Page.title).where(Page.project_id == project.id))
    )
    assert {
        "Before the mobility",
        "During the mobility",
        "After the mobility",
        "Dissemination",
    } <= titles
