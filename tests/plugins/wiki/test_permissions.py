"""Who may do what in the wiki, asked through HTTP as each kind of visitor.

The table is the specification: for every role of the space, a site admin, a member of
another space and an anonymous visitor, the status each wiki action answers with. In a
members-only space outsiders do not learn the wiki exists (404, from the core's guard);
in a public space they read its public articles and nothing else (sign-in or 403).
"""

from __future__ import annotations

from typing import Any

import pytest

from etwincms.models import Role
from etwincms_wiki import moderation

from .conftest import Browser, WikiSpace, text

ACTIONS = (
    "index",
    "read",
    "history",
    "talk",
    "changes",
    "create",
    "edit",
    "revert",
    "discuss",
    "edit_protected",
    "protect",
    "publish",
    "unreviewed",
    "review",
)
ALL = (200, 200, 200, 200, 200, 302, 302, 302, 302, 302, 302, 302, 200, 302)
WRITER = (200, 200, 200, 200, 200, 302, 302, 302, 302, 403, 403, 403, 403, 403)
READER = (200, 200, 200, 200, 200, 403, 403, 403, 302, 403, 403, 403, 403, 403)

# 200/302 = allowed (a page, or a redirect after the change); 403 = refused;
# 404 = the space is hidden from them; "login" = sent to the sign-in page;
# 401 = the sign-in page keeping the posted form to send again.
PRIVATE_SPACE: dict[str | None, tuple[Any, ...]] = {
    "admin": ALL,
    "teacher": ALL,
    "pupil_lead": WRITER,
    "pupil": WRITER,
    "observer": READER,
    "site_admin": ALL,
    "outsider": (404,) * len(ACTIONS),
    None: (404,) * len(ACTIONS),
}
PUBLIC_SPACE: dict[str | None, tuple[Any, ...]] = {
    # The protected article is members-only: visitors do not learn it exists.
    "outsider": (200, 200, *(403,) * 7, 404, 403, 403, 403, 403),
    None: (
        200,
        200,
        "login",
        "login",
        "login",
        401,
        401,
        401,
        401,
        404,
        401,
        401,
        "login",
        401,
    ),
}


def attempt(browser: Browser, wiki: WikiSpace, action: str) -> Any:
    """Do ``action`` over HTTP; answer with the status (or "login")."""
    article = wiki.article("teacher", f"Article for {action}", "First text")
    moderation.set_public(wiki.session, wiki.user("admin"), wiki.project, article, True)
    edit = wiki.edit("pupil", article, "Second text")
    locked = wiki.article("teacher", f"Protected for {action}", "Fixed")
    moderation.set_protected(
        wiki.session, wiki.user("admin"), wiki.project, locked, True
    )
    wiki.session.commit()
    a = f"/a/{article.id}"
    requests = {
        "index": lambda: browser.get("/"),
        "read": lambda: browser.get(a),
        "history": lambda: browser.get(f"{a}/history"),
        "talk": lambda: browser.get(f"{a}/talk"),
        "changes": lambda: browser.get("/changes"),
        "create": lambda: browser.post(
            "/new", {"title": f"New {action}", "body": "Hi"}
        ),
        "edit": lambda: browser.post(
            f"{a}/edit", {"title": article.title, "body": "Mine", "base": "2"}
        ),
        "revert": lambda: browser.post(f"{a}/revert", {"number": "1"}),
        "discuss": lambda: browser.post(f"{a}/talk", {"body": "Why?"}),
        "edit_protected": lambda: browser.post(
            f"/a/{locked.id}/edit", {"title": locked.title, "body": "Mine", "base": "1"}
        ),
        "protect": lambda: browser.post(f"{a}/protect"),
        "publish": lambda: browser.post(f"{a}/unpublish"),
        "unreviewed": lambda: browser.get("/unreviewed"),
        "review": lambda: browser.post(f"/r/{edit.id}/review"),
    }
    response = requests[action]()
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return response.status_code


def answers(browser: Browser, wiki: WikiSpace, role: str | None) -> tuple[Any, ...]:
    browser.login(role)
    return tuple(attempt(browser, wiki, action) for action in ACTIONS)


@pytest.mark.parametrize("role", list(PRIVATE_SPACE))
def test_wiki_actions_by_role_in_a_members_only_space(
    browser: Browser, wiki: WikiSpace, role: str | None
) -> None:
    assert dict(zip(ACTIONS, answers(browser, wiki, role), strict=True)) == dict(
        zip(ACTIONS, PRIVATE_SPACE[role], strict=True)
    )


@pytest.mark.parametrize("role", list(PUBLIC_SPACE))
def test_visitors_of_a_public_space_read_public_articles_only(
    browser: Browser, wiki: WikiSpace, role: str | None
) -> None:
    wiki.project.is_public = True
    wiki.session.commit()
    assert dict(zip(ACTIONS, answers(browser, wiki, role), strict=True)) == dict(
        zip(ACTIONS, PUBLIC_SPACE[role], strict=True)
    )


@pytest.mark.parametrize("role", ["outsider", None])
def test_members_only_articles_are_not_found_by_visitors(
    browser: Browser, wiki: WikiSpace, role: str | None
) -> None:
    wiki.project.is_public = True
    wiki.session.commit()
    secret = wiki.article("teacher", "Secret plan", "Members only")
    shown = wiki.article("teacher", "Our project", "For everyone")
    moderation.set_public(wiki.session, wiki.user("admin"), wiki.project, shown, True)
    wiki.session.commit()
    browser.login(role)
    assert browser.get(f"/a/{secret.id}").status_code == 404
    assert browser.get("/go?title=Secret+plan").status_code == 302
    index = text(browser.get("/"))
    assert "Our project" in index and "Secret plan" not in index


def test_the_nav_item_shows_only_to_those_who_may_read_the_wiki(
    browser: Browser, wiki: WikiSpace
) -> None:
    home = f"/s/{wiki.project.slug}/"
    browser.login("observer")
    assert f'href="{wiki.url}/"' in text(browser.client.get(home))
    wiki.project.is_public = True
    wiki.session.commit()
    browser.login(None)
    assert f'href="{wiki.url}/"' in text(browser.client.get(home))


def test_a_space_may_take_editing_away_from_pupils(
    browser: Browser, wiki: WikiSpace
) -> None:
    from etwincms.db import commit
    from etwincms.services import spaces

    spaces.set_role_override(
        wiki.session, wiki.user("admin"), wiki.project, Role.PUPIL, "wiki.edit", False
    )
    commit(wiki.session)
    article = wiki.article("teacher", "Olives", "Text")
    form = {"title": "Olives", "body": "Mine", "base": "1"}
    browser.login("pupil")
    assert browser.post(f"/a/{article.id}/edit", form).status_code == 403
    browser.login("pupil_lead")
    assert browser.post(f"/a/{article.id}/edit", form).status_code == 302


def test_protection_cannot_be_given_to_pupils(wiki: WikiSpace) -> None:
    from etwincms.errors import ValidationError
    from etwincms.services import spaces

    with pytest.raises(ValidationError):
        spaces.set_role_override(
            wiki.session,
            wiki.user("admin"),
            wiki.project,
            Role.PUPIL,
            "wiki.protect",
            True,
        )
