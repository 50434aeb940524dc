"""Property tests: slugs, tree moves, Markdown rendering and permission overrides.

Hypothesis draws the inputs; each test states what must hold for every one of them. CI
runs the derandomized ``ci`` profile of ``tests/fuzz.py`` (the same examples every run);
``make fuzz`` runs the ``fuzz`` profile, many more random ones. The database tests share
one space per test across examples: the invariants must hold from whatever state the
previous example left, which is itself part of what is tested.
"""

from __future__ import annotations

import re
from typing import Any

from hypothesis import given
from hypothesis import strategies as st
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.content.render import render_markdown
from etwincms.errors import ValidationError
from etwincms.models import EditPolicy, Page, Project, ProjectStatus, Role, Visibility
from etwincms.permissions import can, forget_memberships
from etwincms.services import pages
from etwincms.services.validation import slugify
from etwincms.state import get_state
from etwincms.testing import SpaceWithMembers
from tests.fuzz import profile
from tests.security.adversarial import is_dangerous, payloads

SLUG = re.compile(r"^[a-z0-9]+(-[a-z0-9]+)*$")
#: Titles that collide often: a few letters, accents, punctuation and blanks.
TITLES = st.text(alphabet="aAéÉ -!ß1/", min_size=1, max_size=12).filter(str.strip)
MARKDOWN_PIECES = st.sampled_from(
    payloads("xss_vectors.txt")
    + payloads("md_vectors.txt")
    + ("[", "](", "<", ">", "`", "![", "*", "\n", "javascript:", "&#", "[[", "]]")
)


# ---------------------------------------------------------------- slugs


@profile()
@given(text=st.text())
def test_a_slug_is_always_url_safe_short_and_stable(text: str) -> None:
    slug = slugify(text)
    assert SLUG.match(slug) and len(slug) <= 80
    assert slugify(slug) == slug  # slugifying again changes nothing


@profile(ci_examples=20)
@given(titles=st.lists(TITLES, min_size=1, max_size=4))
def test_sibling_slugs_are_unique_and_never_change(
    session: Session, space: SpaceWithMembers, titles: list[str]
) -> None:
    admin, project = space.users["admin"], space.project
    parent = pages.create_page(session, admin, project, title="Parent")
    before = {p.id: p.slug for p in pages.ordered_children(session, project, parent)}
    for title in titles:
        page = pages.create_page(session, admin, project, title=title, parent=parent)
        assert SLUG.match(page.slug) and page.path == f"{parent.path}/{page.slug}"
    children = pages.ordered_children(session, project, parent)
    assert len({p.slug for p in children}) == len(children) == len(titles)
    assert {p.id: p.slug for p in children if p.id in before} == before


# ---------------------------------------------------------------- tree moves

#: A move: (page number, new parent number or None for the top, position or None).
MOVES = st.lists(
    st.tuples(
        st.integers(0, 5), st.none() | st.integers(0, 5), st.none() | st.integers(-1, 6)
    ),
    min_size=1,
    max_size=6,
)


def tree_of(session: Session, project: Project) -> list[tuple[Any, ...]]:
    """Every live page as (id, parent, path, depth, position), read from the database."""
    session.flush()
    session.expire_all()
    return [
        tuple(row)
        for row in session.execute(
            select(Page.id, Page.parent_id, Page.path, Page.depth, Page.position)
            .where(Page.project_id == project.id, Page.deleted_at.is_(None))
            .order_by(Page.id)
        )
    ]


def assert_sound(rows: list[tuple[Any, ...]]) -> None:
    """No cycle, paths and depths agree with parents, positions 0..n-1 per parent."""
    by_id = {row[0]: row for row in rows}
    siblings: dict[Any, list[int]] = {}
    for page_id, parent_id, path, depth, position in rows:
        siblings.setdefault(parent_id, []).append(position)
        seen, node = {page_id}, by_id[page_id]
        while node[1] is not None:  # walking up must reach the top
            assert node[1] not in seen, f"cycle through page {page_id}"
            seen.add(node[1])
            node = by_id[node[1]]
        parent = by_id.get(parent_id)
        assert depth == (parent[3] + 1 if parent else 0)
        assert path.rsplit("/", 1)[0] == parent[2] if parent else "/" not in path
    for positions in siblings.values():
        assert sorted(positions) == list(range(len(positions)))


def six_pages(session: Session, space: SpaceWithMembers) -> list[Page]:
    admin, project = space.users["admin"], space.project
    found = list(
        session.scalars(
            select(Page).where(Page.project_id == project.id).order_by(Page.id)
        )
    )
    while len(found) < 6:
        found.append(pages.create_page(session, admin, project, title=f"P{len(found)}"))
    return found


@profile(ci_examples=20)
@given(moves=MOVES)
def test_moves_never_make_cycles_and_keep_positions_dense(
    session: Session, space: SpaceWithMembers, moves: list[tuple[Any, ...]]
) -> None:
    admin, project = space.users["admin"], space.project
    nodes = six_pages(session, space)
    before = tree_of(session, project)
    for page_at, parent_at, position in moves:
        parent = None if parent_at is None else nodes[parent_at]
        try:
            pages.move_page(
                session,
                admin,
                project,
                nodes[page_at],
                parent=parent,
                position=position,
            )
        except ValidationError:
            assert tree_of(session, project) == before  # a refused move changes nothing
        before = tree_of(session, project)
        assert_sound(before)


# ---------------------------------------------------------------- Markdown


@profile()
@given(text=st.text() | st.lists(MARKDOWN_PIECES | st.text(max_size=5)).map("".join))
def test_markdown_never_raises_and_never_serves_script(
    session: Session, space: SpaceWithMembers, text: str
) -> None:
    html = render_markdown(text, project=space.project)
    assert is_dangerous(html) == []


# ---------------------------------------------------------------- permission overrides

CAPABILITIES = ("page.view", "page.edit", "page.create", "page.move", "page.publish")
ROLES = tuple(role.value for role in Role if role is not Role.ADMIN)
OVERRIDES = st.dictionaries(
    st.sampled_from((*ROLES, Role.ADMIN.value)),
    st.dictionaries(st.sampled_from(CAPABILITIES), st.booleans()),
)


@profile(ci_examples=20)
@given(
    overrides=OVERRIDES,
    public_space=st.booleans(),
    draft=st.booleans(),
    policy=st.sampled_from(EditPolicy),
)
def test_overrides_never_open_members_pages_and_never_lock_out_admins(
    session: Session,
    space: SpaceWithMembers,
    overrides: dict[str, dict[str, bool]],
    public_space: bool,
    draft: bool,
    policy: EditPolicy,
) -> None:
    project = space.project
    page = pages.create_page(session, space.users["admin"], project, title="Members")
    project.role_overrides, project.is_public = overrides, public_space
    project.status = ProjectStatus.DRAFT if draft else ProjectStatus.ACTIVE
    page.visibility, page.edit_policy = Visibility.MEMBERS, policy
    forget_memberships(session)
    for outsider in (None, space.users["outsider"]):
        assert not can(outsider, "page.view", project, page)
    for capability in admin_capabilities():
        assert can(space.users["site_admin"], capability, project, page)
        assert can(space.users["admin"], capability, project, page)


def admin_capabilities() -> list[str]:
    """Every capability a space admin holds by default (what no override may remove)."""
    declared = get_state().permissions
    return [p.name for p in declared if Role.ADMIN.value in p.default_roles]
