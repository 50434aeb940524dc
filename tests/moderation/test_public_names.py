"""Pupils are never named in public output: a crawl of a space as an anonymous visitor.

The space is public, with a public page the pupils wrote (two revisions), a page a pupil
asked to publish and a teacher approved, and a members-only page. The test follows every
link of the site from the space's home (pages, history, differences, search) and reads
the public API, and greps every answer for the pupils' display names and usernames.
"""

from __future__ import annotations

import re
from collections import deque
from typing import Any

import pytest
from flask.testing import FlaskClient
from sqlalchemy import select
from sqlalchemy.orm import Session

from etwincms.db import commit
from etwincms.models import Page, User, Visibility
from etwincms.moderation import page_requests, queue
from etwincms.services import pages, revisions
from etwincms.testing import AuthActions, SpaceWithMembers

HREF = re.compile(r'href="(/[^"#]*)"')
MAX_PAGES = 120


def name_pupil(user: User, display_name: str) -> None:
    user.display_name = display_name


def pupils_content(session: Session, space: SpaceWithMembers) -> dict[str, str]:
    """Build the space; answer the pupils' names and usernames to look for."""
    admin, pupil, lead = (space.users[r] for r in ("admin", "pupil", "pupil_lead"))
    name_pupil(pupil, "Zofia Kowalska")
    name_pupil(lead, "Matteo Bianchi")
    project = space.project
    project.is_public = True
    page = pages.create_page(
        session,
        admin,
        project,
        title="Porto",
        body="Our visit.",
        visibility=Visibility.PUBLIC,
    )
    revisions.save_revision(
        session, pupil, project, page, body="We saw the Porto harbour.", base_number=1
    )
    revisions.save_revision(
        session,
        lead,
        project,
        page,
        body="We saw the Porto harbour and bridge.",
        base_number=2,
    )
    asked = pages.create_page(
        session, admin, project, title="Porto diary", body="Day one."
    )
    revisions.save_revision(
        session, pupil, project, asked, body="Porto day one.", base_number=1
    )
    pages.create_page(
        session, admin, project, title="Porto notes", body="Members only."
    )
    page_requests.request_publication(session, pupil, project, asked)
    commit(session)
    queue.decide(session, admin, project, f"page:{asked.id}", approve=True)
    return {
        user.display_name: user.username for user in (pupil, lead, space.users["pupil"])
    }


def crawl(client: FlaskClient, start: list[str], slug: str) -> dict[str, str]:
    """Every page of the space and of search reachable from ``start`` (GET only)."""
    seen: dict[str, str] = {}
    todo = deque(start)
    while todo and len(seen) < MAX_PAGES:
        path = todo.popleft().replace("&amp;", "&")
        if path in seen or not path.startswith((f"/s/{slug}/", "/search")):
            continue  # the space's own pages and search, nothing of other spaces
        answer = client.get(path)
        seen[path] = answer.get_data().decode("utf-8", errors="replace")
        if answer.status_code == 200 and answer.mimetype == "text/html":
            todo.extend(HREF.findall(seen[path]))
    return seen


def api_answers(client: FlaskClient, slug: str, page_ids: list[int]) -> dict[str, Any]:
    paths = [f"/api/v1/projects/{slug}/tree", "/api/v1/search?q=Porto"]
    for page_id in page_ids:
        base = f"/api/v1/projects/{slug}/pages/{page_id}"
        paths += [
            base,
            f"{base}/revisions",
            f"{base}/revisions/2",
            f"{base}/diff?from=1&to=2",
        ]
    return {path: client.get(path).get_data(as_text=True) for path in paths}


@pytest.mark.parametrize("viewer", [None, "outsider"])
def test_no_pupil_is_named_anywhere_a_visitor_can_go(
    client: FlaskClient,
    auth: AuthActions,
    session: Session,
    space: SpaceWithMembers,
    viewer: str | None,
) -> None:
    """Anonymous, and signed in as a teacher of another space (not a member)."""
    names = pupils_content(session, space)
    if viewer is not None:
        auth.login(space.users[viewer].username)
    slug = space.project.slug
    public_ids = [p.id for p in pages_of(session, space) if p.is_public]
    start = [
        f"/s/{slug}/",
        f"/s/{slug}/porto",
        f"/s/{slug}/-/history/porto",
        "/search?q=Porto",
    ]
    start += [f"/s/{slug}/-/diff/porto?from=1&to=3", f"/search?q=Porto&space={slug}"]

    answers = {**crawl(client, start, slug), **api_answers(client, slug, public_ids)}

    assert len(public_ids) == 2
    assert (
        "harbour and bridge" in answers[f"/s/{slug}/porto"]
    )  # the crawl saw the content
    assert "Porto day one" in answers[f"/s/{slug}/porto-diary"]
    assert "Porto diary" in answers["/search?q=Porto"]  # search found the pupils' page
    leaks = [
        (path, word)
        for path, body in answers.items()
        for name, username in names.items()
        for word in (name, username)
        if word.lower() in body.lower()
    ]
    assert leaks == []


def pages_of(session: Session, space: SpaceWithMembers) -> list[Page]:
    return list(
        session.scalars(select(Page).where(Page.project_id == space.project.id))
    )
