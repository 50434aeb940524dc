"""Who may do what with embeds, asked through HTTP as each kind of visitor.

The tables are the specification: for every role of the space, a site admin, a member
of another space (a signed-in non-member) and an anonymous visitor, the status each
action answers with. In a members-only space outsiders do not learn the library exists
(404). In a public space it stays members-only unless the space makes it public: then
visitors see it and still change nothing.
"""

from __future__ import annotations

from typing import Any

import pytest

from .conftest import VIDEO, Browser, EmbedSpace

ACTIONS = ("index", "item", "add", "edit_form", "edit_other", "delete_other")
NEW = {"title": "Our padlet", "url": "https://padlet.com/embed/abc123xyz9"}

MANAGER = (200, 200, 302, 200, 302, 302)
ADDER = (200, 200, 302, 403, 403, 403)
READER = (200, 200, 403, 403, 403, 403)
PRIVATE_SPACE: dict[str | None, tuple[Any, ...]] = {
    "admin": MANAGER,
    "teacher": MANAGER,
    "pupil_lead": ADDER,
    "pupil": READER,
    "observer": READER,
    "site_admin": MANAGER,
    "outsider": (404,) * 6,
    None: (404,) * 6,
}
PUBLIC_LIBRARY: dict[str | None, tuple[Any, ...]] = {
    "outsider": READER,
    None: (200, 200, 401, "login", 401, 401),
}
MEMBERS_ONLY_LIBRARY: dict[str | None, tuple[Any, ...]] = {
    "outsider": (403,) * 6,
    None: ("login", "login", 401, "login", 401, 401),
}


def attempt(browser: Browser, embeds: EmbedSpace, action: str) -> Any:
    """Do ``action`` over HTTP; answer with the status (or "login")."""
    item = embeds.item("admin", title=f"Video for {action}")
    url = f"/e/{item.id}"
    requests = {
        "index": lambda: browser.get("/"),
        "item": lambda: browser.get(url),
        "add": lambda: browser.post("/new", NEW),
        "edit_form": lambda: browser.get(f"{url}/edit"),
        "edit_other": lambda: browser.post(
            f"{url}/edit", {"title": "Changed", "url": VIDEO}
        ),
        "delete_other": lambda: browser.post(f"{url}/delete"),
    }
    response = requests[action]()
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return response.status_code


def answers(browser: Browser, embeds: EmbedSpace, role: str | None) -> tuple[Any, ...]:
    browser.login(role)
    return tuple(attempt(browser, embeds, action) for action in ACTIONS)


@pytest.mark.parametrize("role", list(PRIVATE_SPACE))
def test_embed_actions_by_role_in_a_members_only_space(
    browser: Browser, embeds: EmbedSpace, role: str | None
) -> None:
    assert answers(browser, embeds, role) == PRIVATE_SPACE[role]


@pytest.mark.parametrize("role", list(PUBLIC_LIBRARY))
def test_visitors_see_a_public_library_and_change_nothing(
    browser: Browser, embeds: EmbedSpace, role: str | None
) -> None:
    embeds.make_public()
    assert answers(browser, embeds, role) == PUBLIC_LIBRARY[role]


@pytest.mark.parametrize("role", list(MEMBERS_ONLY_LIBRARY))
def test_the_library_stays_members_only_in_a_public_space_by_default(
    browser: Browser, embeds: EmbedSpace, role: str | None
) -> None:
    embeds.project.is_public = True
    embeds.session.commit()
    assert answers(browser, embeds, role) == MEMBERS_ONLY_LIBRARY[role]


def test_pupil_leads_edit_and_delete_their_own_embeds_only(
    browser: Browser, embeds: EmbedSpace
) -> None:
    mine = embeds.item("pupil_lead", title="Mine")
    browser.login("pupil_lead")
    response = browser.post(f"/e/{mine.id}/edit", {"title": "Still mine", "url": VIDEO})
    assert response.status_code == 302
    assert browser.post(f"/e/{mine.id}/delete").status_code == 302


def test_public_pages_never_name_pupils(browser: Browser, embeds: EmbedSpace) -> None:
    item = embeds.item("pupil_lead", title="Pupil's video")
    embeds.make_public()
    name = embeds.user("pupil_lead").display_name
    browser.login(None)
    assert name not in browser.get(f"/e/{item.id}").get_data(as_text=True)
    assert name not in browser.get("/").get_data(as_text=True)
    browser.login("observer")
    assert name in browser.get(f"/e/{item.id}").get_data(as_text=True)


def test_a_refused_url_shows_the_form_again_with_a_message(
    browser: Browser, embeds: EmbedSpace
) -> None:
    browser.login("teacher")
    bad = {
        "title": "Trap",
        "url": "https://youtube.com@evil.example/watch?v=aqz-KE-bpKQ",
    }
    response = browser.post("/new", bad)
    assert response.status_code == 422
    assert "not a share link" in response.get_data(as_text=True)


def test_the_nav_item_shows_only_to_those_who_may_see_embeds(
    browser: Browser, embeds: EmbedSpace
) -> None:
    embeds.project.is_public = True
    embeds.session.commit()
    home, link = f"/s/{embeds.project.slug}/", f'href="{embeds.url}/"'
    browser.login("observer")
    assert link in browser.client.get(home).get_data(as_text=True)
    browser.login("outsider")
    assert link not in browser.client.get(home).get_data(as_text=True)
    embeds.settings(public=True)
    assert link in browser.client.get(home).get_data(as_text=True)
