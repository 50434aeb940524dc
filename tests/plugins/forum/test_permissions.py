"""Who may do what in the forum, asked through HTTP as each kind of visitor.

The table is the specification: for every role of the space, a site admin, a member of
another space and an anonymous visitor, the status each forum action answers with. In a
members-only space outsiders do not learn the forum exists (404, from the core's guard);
in a public space they reach the forum, which is still members-only (sign-in or 403).
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import Browser, ForumSpace

ACTIONS = ("index", "topic", "subscribe", "start", "reply", "pin", "manage")

# 200/302 = allowed (a page, or a redirect after the change); 403 = refused;
# 404 = the space is hidden from them; "login" = sent to the sign-in page;
# 401 = the sign-in page keeping the posted form to send again.
PRIVATE_SPACE: dict[str | None, tuple[Any, ...]] = {
    "admin": (200, 200, 302, 302, 302, 302, 302),
    "teacher": (200, 200, 302, 302, 302, 302, 302),
    "pupil_lead": (200, 200, 302, 302, 302, 403, 403),
    "pupil": (200, 200, 302, 403, 302, 403, 403),
    "observer": (200, 200, 302, 403, 403, 403, 403),
    "site_admin": (200, 200, 302, 302, 302, 302, 302),
    "outsider": (404,) * 7,
    None: (404,) * 7,
}
PUBLIC_SPACE: dict[str | None, tuple[Any, ...]] = {
    "outsider": (403,) * 7,
    # Reads send visitors to sign in; a refused post comes back as the sign-in page
    # holding what was sent (401), so nothing typed is lost.
    None: ("login", "login", *(401,) * 5),
}


def attempt(browser: Browser, forum: ForumSpace, action: str) -> Any:
    """Do ``action`` over HTTP; answer with the status (or "login")."""
    topic = forum.topic("teacher", f"Topic for {action}")
    general = forum.general.id
    requests = {
        "index": lambda: browser.get("/"),
        "topic": lambda: browser.get(f"/t/{topic.id}"),
        "subscribe": lambda: browser.post(f"/t/{topic.id}/subscribe"),
        "start": lambda: browser.post(
            f"/f/{general}/new", {"title": "New", "body": "Text"}
        ),
        "reply": lambda: browser.post(f"/t/{topic.id}/reply", {"body": "Me too"}),
        "pin": lambda: browser.post(f"/t/{topic.id}/pin"),
        "manage": lambda: browser.post("/manage/new", {"title": "Extra"}),
    }
    response = requests[action]()
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return response.status_code


def answers(browser: Browser, forum: ForumSpace, role: str | None) -> tuple[Any, ...]:
    browser.login(role)
    return tuple(attempt(browser, forum, action) for action in ACTIONS)


@pytest.mark.parametrize("role", list(PRIVATE_SPACE))
def test_forum_actions_by_role_in_a_members_only_space(
    browser: Browser, forum: ForumSpace, role: str | None
) -> None:
    assert answers(browser, forum, role) == PRIVATE_SPACE[role]


@pytest.mark.parametrize("role", list(PUBLIC_SPACE))
def test_the_forum_stays_members_only_in_a_public_space(
    browser: Browser, forum: ForumSpace, role: str | None
) -> None:
    forum.project.is_public = True
    forum.session.commit()
    assert answers(browser, forum, role) == PUBLIC_SPACE[role]


def test_the_nav_item_shows_only_to_those_who_may_read_the_forum(
    browser: Browser, forum: ForumSpace
) -> None:
    forum.project.is_public = True
    forum.session.commit()
    home = f"/s/{forum.project.slug}/"
    browser.login("observer")
    assert f'href="{forum.url}/"' in browser.client.get(home).get_data(as_text=True)
    browser.login("outsider")
    assert f'href="{forum.url}/"' not in browser.client.get(home).get_data(as_text=True)


def test_pupils_may_start_topics_when_the_space_says_so(
    browser: Browser, forum: ForumSpace
) -> None:
    from etwincms.db import commit
    from etwincms.services import plugins

    plugins.update_settings(
        forum.session,
        forum.user("admin"),
        forum.project,
        "forum",
        {"pupils_may_start_topics": True},
    )
    commit(forum.session)
    browser.login("pupil")
    assert attempt(browser, forum, "start") == 302
    browser.login("observer")
    assert attempt(browser, forum, "start") == 403
