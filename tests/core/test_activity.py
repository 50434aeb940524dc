"""Recent activity on a space's home and last activity on My spaces, from the audit log."""

from __future__ import annotations

from typing import Any

from etwincms.db import commit
from etwincms.services import activity, pages, spaces
from etwincms.testing import SpaceWithMembers, count_statements


def test_members_see_who_did_what_newest_first(
    session: Any, space: SpaceWithMembers
) -> None:
    admin, pupil = space.users["admin"], space.users["pupil"]
    page = pages.create_page(session, admin, space.project, title="Diary")
    from etwincms.services import revisions

    revisions.save_revision(
        session, pupil, space.project, page, body="day 1", base_number=1
    )
    commit(session)
    items = activity.recent_activity(session, space.users["observer"], space.project)
    assert [(i.actor.username, i.action) for i in items[:2]] == [
        ("pupil_user", "edited"),
        ("admin_user", "edited"),
    ]
    assert items[0].page.id == page.id
    assert activity.recent_activity(session, None, space.project) == []


def test_trashed_pages_are_not_linked(session: Any, space: SpaceWithMembers) -> None:
    page = pages.create_page(session, space.users["admin"], space.project, title="Old")
    pages.trash_page(session, space.users["admin"], space.project, page)
    commit(session)
    items = activity.recent_activity(session, space.users["admin"], space.project)
    assert items[0].action == "moved to the trash"
    assert all(item.page is None for item in items)  # the page is in the trash


def test_activity_costs_two_queries_whatever_its_length(
    app: Any, session: Any, space: SpaceWithMembers
) -> None:
    for n in range(15):
        pages.create_page(session, space.users["admin"], space.project, title=f"P{n}")
    commit(session)
    with count_statements(app) as statements:
        activity.recent_activity(session, space.users["admin"], space.project)
    assert len(statements) <= 3  # entries, their authors, their pages


def test_the_home_page_and_dashboard_show_activity(
    client: Any, auth: Any, space, session
):
    pages.create_page(session, space.users["admin"], space.project, title="Welcome")
    spaces.update_space(session, space.users["admin"], space.project, is_public=True)
    commit(session)
    space.login(auth, "teacher")
    home = client.get(f"/s/{space.project.slug}/").get_data(as_text=True)
    assert "Recent activity" in home and "Admin_User" in home
    assert "last activity" in client.get("/spaces").get_data(as_text=True)
    auth.logout()
    public_home = client.get(f"/s/{space.project.slug}/").get_data(as_text=True)
    assert "Recent activity" not in public_home and "Admin_User" not in public_home
