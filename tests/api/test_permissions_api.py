"""The permission matrix over the API: each role against each core operation.

Typed by hand from ``docs/permissions.md`` (as ``tests/core/test_permissions_matrix.py``
is), in a members-only space and in a public one. Statuses: 2xx allowed; 401 no caller
(sign in or send a token to go further); 403 refused; 404 the space or page is hidden
from the caller.
Each call uses a fresh page so that one role's change never decides another's answer.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Visibility
from etwincms.services import pages
from etwincms.testing import SpaceWithMembers

from .conftest import ApiCaller

ROLES = (
    "admin",
    "teacher",
    "pupil_lead",
    "pupil",
    "observer",
    None,
    "outsider",
    "site_admin",
)

# operation          admin teacher lead pupil obs  anon other site
PRIVATE = """
read_space            200  200    200  200   200  404  404   200
update_space          200  403    403  403   403  401  404   200
archive_space         200  403    403  403   403  401  404   200
read_tree             200  200    200  200   200  404  404   200
read_page             200  200    200  200   200  404  404   200
history               200  200    200  200   200  404  404   200
create_page           201  201    201  403   403  401  404   201
edit_page             200  200    200  200   403  401  404   200
move_page             200  200    200  403   403  401  404   200
publish_page          200  200    403  403   403  401  404   200
trash_page            204  204    403  403   403  401  404   204
read_trash            200  200    403  403   403  404  404   200
"""

# The same space made public, with a public page: visitors read, nobody else gains more.
PUBLIC = """
read_space            200  200    200  200   200  200  200   200
read_tree             200  200    200  200   200  200  200   200
read_page             200  200    200  200   200  200  200   200
history               200  200    200  200   200  401  403   200
edit_page             200  200    200  200   403  401  403   200
create_page           201  201    201  403   403  401  403   201
"""


def table(text: str) -> list[tuple[str, str | None, int]]:
    rows = []
    for line in text.strip().splitlines():
        name, *codes = line.split()
        rows += [
            (name, role, int(code)) for role, code in zip(ROLES, codes, strict=True)
        ]
    return rows


def operations(slug: str, page: int) -> dict[str, Callable[[ApiCaller], Any]]:
    base, one = f"/projects/{slug}", f"/projects/{slug}/pages/{page}"
    return {
        "read_space": lambda c: c.get(base),
        "update_space": lambda c: c.patch(
            base, json={"title": "T"}, headers={"If-Match": "*"}
        ),
        "archive_space": lambda c: c.post(f"{base}/archive"),
        "read_tree": lambda c: c.get(f"{base}/tree"),
        "read_page": lambda c: c.get(one),
        "history": lambda c: c.get(f"{one}/revisions"),
        "create_page": lambda c: c.post(f"{base}/pages", json={"title": "New"}),
        "edit_page": lambda c: c.put(
            one, json={"body": "x"}, headers={"If-Match": f'"p{page}r1"'}
        ),
        "move_page": lambda c: c.post(f"{one}/move", json={"position": 0}),
        "publish_page": lambda c: c.patch(
            f"{one}/settings", json={"visibility": "public"}
        ),
        "trash_page": lambda c: c.delete(one),
        "read_trash": lambda c: c.get(f"{base}/trash"),
    }


def answer(
    api: Any, session: Session, space: SpaceWithMembers, name: str, role: str | None
) -> int:
    admin, project = space.users["admin"], space.project
    page = pages.create_page(
        session, admin, project, title="Page", body="text", visibility=Visibility.PUBLIC
    )
    commit(session)
    return operations(project.slug, page.id)[name](api(role)).status_code


@pytest.mark.parametrize(("name", "role", "status"), table(PRIVATE))
def test_members_only_space(
    api: Any,
    session: Session,
    space: SpaceWithMembers,
    name: str,
    role: str | None,
    status: int,
) -> None:
    assert answer(api, session, space, name, role) == status


@pytest.mark.parametrize(("name", "role", "status"), table(PUBLIC))
def test_public_space(
    api: Any,
    session: Session,
    space: SpaceWithMembers,
    name: str,
    role: str | None,
    status: int,
) -> None:
    space.project.is_public = True
    commit(session)
    assert answer(api, session, space, name, role) == status
