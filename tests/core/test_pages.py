"""The page tree services: create, move, reorder, trash, restore, revert, access."""

from __future__ import annotations

from typing import Any

import pytest
from sqlalchemy import select

from etwincms.errors import PermissionDenied, ValidationError
from etwincms.models import AuditEntry, EditPolicy, Page, Role, Visibility
from etwincms.services import pages, revisions, tree
from etwincms.testing import Factory


@pytest.fixture
def world(session: Any, make: Factory) -> dict[str, Any]:
    teacher = make.user("teacher", school=make.school("es"))
    project = make.space(teacher, title="Green Roots")
    pupil = make.user("pupil", kind="pupil", school=make.school("es"))
    make.member(project, pupil, Role.PUPIL)
    return {"teacher": teacher, "pupil": pupil, "project": project, "session": session}


def create(
    world: dict[str, Any], title: str, parent: Page | None = None, **kw: Any
) -> Page:
    return pages.create_page(
        world["session"],
        world["teacher"],
        world["project"],
        title=title,
        parent=parent,
        **kw,
    )


def titles(nodes: list[tree.TreeNode]) -> list[Any]:
    return [
        (n.page.title, titles(n.children)) if n.children else n.page.title
        for n in nodes
    ]


def test_create_builds_paths_and_first_revision(world: dict[str, Any]) -> None:
    before = create(world, "Before the mobility")
    icebreakers = create(world, "Icebreakers & Games!", parent=before, body="**Hi**")
    assert icebreakers.path == "before-the-mobility/icebreakers-games"
    assert (icebreakers.depth, icebreakers.current_number) == (1, 1)
    revision = revisions.get_revision(world["session"], icebreakers, 1)
    assert revision.rendered_html == "<p><strong>Hi</strong></p>\n"


def test_titles_that_slug_alike_get_distinct_addresses(world: dict[str, Any]) -> None:
    first, second = create(world, "Über uns"), create(world, "uber uns")
    assert (first.path, second.path) == ("uber-uns", "uber-uns-2")


def test_children_are_ordered_by_creation_then_by_reorder(
    world: dict[str, Any],
) -> None:
    parent = create(world, "During")
    a, b, c = (create(world, name, parent=parent) for name in ("A", "B", "C"))
    pages.reorder_children(
        world["session"], world["teacher"], world["project"], parent, [c.id, a.id, b.id]
    )
    nodes = tree.page_tree(world["session"], world["teacher"], world["project"])
    assert titles(nodes) == [("During", ["C", "A", "B"])]


def test_reorder_must_list_every_child_once(world: dict[str, Any]) -> None:
    parent = create(world, "During")
    a = create(world, "A", parent=parent)
    create(world, "B", parent=parent)
    with pytest.raises(ValidationError, match="exactly once"):
        pages.reorder_children(
            world["session"], world["teacher"], world["project"], parent, [a.id, a.id]
        )


def test_move_rewrites_the_whole_subtree(world: dict[str, Any]) -> None:
    session = world["session"]
    before, after = create(world, "Before"), create(world, "After")
    diary = create(world, "Diary", parent=before)
    week = create(world, "Week 1", parent=diary)
    pages.move_page(session, world["teacher"], world["project"], diary, parent=after)
    session.refresh(week)
    assert (diary.path, diary.depth) == ("after/diary", 1)
    assert (week.path, week.depth) == ("after/diary/week-1", 2)
    page, _ = tree.get_page(
        session, world["teacher"], world["project"], "after/diary/week-1"
    )
    assert page.id == week.id


def test_move_to_top_level_and_into_position(world: dict[str, Any]) -> None:
    session = world["session"]
    a, b = create(world, "A"), create(world, "B")
    child = create(world, "Child", parent=a)
    pages.move_page(
        session, world["teacher"], world["project"], child, parent=None, position=0
    )
    nodes = tree.page_tree(session, world["teacher"], world["project"])
    assert titles(nodes) == ["Child", "A", "B"]
    assert [n.page.position for n in nodes] == [0, 1, 2]
    assert b.position == 2


def test_a_page_cannot_move_into_its_own_subtree(world: dict[str, Any]) -> None:
    parent = create(world, "Parent")
    child = create(world, "Child", parent=parent)
    for target in (parent, child):
        with pytest.raises(ValidationError, match="inside itself"):
            pages.move_page(
                world["session"],
                world["teacher"],
                world["project"],
                parent,
                parent=target,
            )


def test_moving_next_to_a_same_named_page_renames_the_slug(
    world: dict[str, Any],
) -> None:
    a, b = create(world, "A"), create(world, "B")
    create(world, "Notes", parent=a)
    notes_b = create(world, "Notes", parent=b)
    pages.move_page(
        world["session"], world["teacher"], world["project"], notes_b, parent=a
    )
    assert notes_b.path == "a/notes-2"


def test_trash_and_restore_bring_back_exactly_the_subtree(
    world: dict[str, Any],
) -> None:
    session, teacher, project = world["session"], world["teacher"], world["project"]
    before = create(world, "Before")
    diary = create(world, "Diary", parent=before)
    create(world, "Week 1", parent=diary)
    pages.trash_page(session, teacher, project, diary)
    session.commit()
    assert titles(tree.page_tree(session, teacher, project)) == ["Before"]
    assert [p.title for p in tree.trashed_pages(session, teacher, project)] == ["Diary"]
    pages.restore_page(session, teacher, project, diary)
    session.commit()
    assert titles(tree.page_tree(session, teacher, project)) == [
        ("Before", [("Diary", ["Week 1"])])
    ]


def test_restoring_a_page_whose_parent_is_trashed_puts_it_at_top_level(world):
    session, teacher, project = world["session"], world["teacher"], world["project"]
    before = create(world, "Before")
    diary = create(world, "Diary", parent=before)
    pages.trash_page(session, teacher, project, diary)
    pages.trash_page(session, teacher, project, before)
    pages.restore_page(session, teacher, project, diary)
    assert (diary.parent_id, diary.path) == (None, "diary")
    assert titles(tree.page_tree(session, teacher, project)) == ["Diary"]


def test_a_new_page_never_takes_the_address_of_a_trashed_one(
    world: dict[str, Any],
) -> None:
    old = create(world, "Notes")
    pages.trash_page(world["session"], world["teacher"], world["project"], old)
    new = create(world, "Notes")
    assert (old.path, new.path) == ("notes", "notes-2")


def test_pupils_may_not_create_move_or_trash(world: dict[str, Any]) -> None:
    session, pupil, project = world["session"], world["pupil"], world["project"]
    page = create(world, "Planning")
    with pytest.raises(PermissionDenied):
        pages.create_page(session, pupil, project, title="Mine")
    with pytest.raises(PermissionDenied):
        pages.move_page(session, pupil, project, page, parent=None)
    with pytest.raises(PermissionDenied):
        pages.trash_page(session, pupil, project, page)


def test_edit_policy_decides_whether_a_pupil_may_save(world: dict[str, Any]) -> None:
    session, pupil, project = world["session"], world["pupil"], world["project"]
    page = create(world, "Diary", edit_policy=EditPolicy.TEACHERS)
    with pytest.raises(PermissionDenied):
        revisions.save_revision(session, pupil, project, page, body="x", base_number=1)
    pages.set_page_access(
        session, world["teacher"], project, page, edit_policy=EditPolicy.MEMBERS
    )
    revision = revisions.save_revision(
        session, pupil, project, page, body="x", base_number=1
    )
    assert revision.author_id == pupil.id


def test_only_publishers_make_pages_public(world: dict[str, Any]) -> None:
    with pytest.raises(PermissionDenied):
        pages.create_page(
            world["session"],
            world["pupil"],
            world["project"],
            title="Out",
            visibility=Visibility.PUBLIC,
        )
    page = create(world, "Results", visibility=Visibility.PUBLIC)
    assert page.is_public


def test_revert_saves_the_old_text_as_a_new_revision(world: dict[str, Any]) -> None:
    session, teacher, project = world["session"], world["teacher"], world["project"]
    page = create(world, "Evaluation", body="first")
    revisions.save_revision(
        session, teacher, project, page, body="second", base_number=1
    )
    reverted = revisions.revert(session, teacher, project, page, 1)
    assert (reverted.number, reverted.body) == (3, "first")
    assert reverted.summary == "Reverted to revision 1"
    history = revisions.history(session, teacher, project, page)
    assert [r.body for r in history] == ["first", "second", "first"]


def test_title_changes_are_kept_per_revision(world: dict[str, Any]) -> None:
    session, teacher, project = world["session"], world["teacher"], world["project"]
    page = create(world, "Draft title")
    revisions.save_revision(
        session, teacher, project, page, body="", base_number=1, title="Final title"
    )
    assert page.title == "Final title"
    assert page.path == "draft-title"  # addresses stay stable when titles change
    assert revisions.get_revision(session, page, 1).title == "Draft title"


def test_changes_are_audited(world: dict[str, Any]) -> None:
    session, teacher, project = world["session"], world["teacher"], world["project"]
    page = create(world, "Planning")
    pages.trash_page(session, teacher, project, page)
    actions = session.scalars(
        select(AuditEntry.action).where(AuditEntry.project_id == project.id)
    ).all()
    assert {"space.create", "page.create", "page.save", "page.delete"} <= set(actions)


def test_wiki_links_point_to_stable_page_addresses(world: dict[str, Any]) -> None:
    session, project = world["session"], world["project"]
    glossary = create(world, "Glossary")
    page = create(
        world, "Intro", body="See [[glossary]], [[Glossary|terms]] and [[Nowhere]]."
    )
    html = revisions.get_revision(session, page, 1).rendered_html
    link = f'href="/s/{project.slug}/-/id/{glossary.id}"'
    assert html.count(link) == 2
    assert ">terms</a>" in html
    assert 'class="wikilink-missing"' in html
    assert "/-/missing?title=Nowhere" in html


def test_refresh_rendering_resolves_links_to_pages_created_later(
    world: dict[str, Any],
) -> None:
    session, project = world["session"], world["project"]
    intro = create(world, "Intro", body="[[Later]]")
    later = create(world, "Later")
    assert revisions.refresh_rendering(session, project) == 1
    html = revisions.get_revision(session, intro, 1).rendered_html
    assert f"/-/id/{later.id}" in html
