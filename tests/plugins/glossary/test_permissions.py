"""Who may do what in the glossary, asked through HTTP as each kind of visitor.

The tables are the specification: for every role of the space, a site admin, a member
of another space and an anonymous visitor, the status each glossary action answers
with. In a members-only space outsiders do not learn the glossary exists (404, from the
core's guard). In a public space the glossary stays members-only unless the space makes
it public: then visitors read, export and practise, and still write nothing.
"""

from __future__ import annotations

import io
from typing import Any

import pytest

from .conftest import Browser, GlossarySpace

ACTIONS = (
    "index",
    "concept",
    "missing",
    "export",
    "quiz",
    "add",
    "translate",
    "edit_other",
    "delete_other",
    "import",
)
READS, WRITES = 5, 5

# 200/302 = allowed (a page, or a redirect after the change); 403 = refused;
# 404 = the space is hidden from them; "login" = sent to the sign-in page;
# 401 = the sign-in page keeping the posted form to send again.
MANAGER = (200,) * READS + (302,) * WRITES
CONTRIBUTOR = (200,) * READS + (302, 302, 403, 403, 403)
READER = (200,) * READS + (403,) * WRITES
PRIVATE_SPACE: dict[str | None, tuple[Any, ...]] = {
    "admin": MANAGER,
    "teacher": MANAGER,
    "pupil_lead": CONTRIBUTOR,
    "pupil": CONTRIBUTOR,
    "observer": READER,
    "site_admin": MANAGER,
    "outsider": (404,) * 10,
    None: (404,) * 10,
}
PUBLIC_GLOSSARY: dict[str | None, tuple[Any, ...]] = {
    "outsider": READER,
    None: (200,) * READS + (401,) * WRITES,
}
MEMBERS_ONLY_GLOSSARY: dict[str | None, tuple[Any, ...]] = {
    "outsider": (403,) * 10,
    None: ("login",) * 4 + (401,) * 6,
}


def attempt(browser: Browser, glossary: GlossarySpace, action: str) -> Any:
    """Do ``action`` over HTTP; answer with the status (or "login")."""
    concept = glossary.concept("admin", en=f"term for {action}")
    url = f"/c/{concept.id}"
    csv_file = (io.BytesIO(b"en,es\nsoil,suelo\n"), "terms.csv")
    requests = {
        "index": lambda: browser.get("/"),
        "concept": lambda: browser.get(url),
        "missing": lambda: browser.get("/missing?lang=de"),
        "export": lambda: browser.get("/export.tbx"),
        "quiz": lambda: browser.post(
            "/quiz", {"concept_id": concept.id, "answer": "x"}
        ),
        "add": lambda: browser.post("/new", {"term-en": "new term"}),
        "translate": lambda: browser.post(f"{url}/edit", {"term-de": "Begriff"}),
        "edit_other": lambda: browser.post(f"{url}/edit", {"term-en": "changed"}),
        "delete_other": lambda: browser.post(f"{url}/delete"),
        "import": lambda: browser.post(
            "/import", {"file": csv_file}, content_type="multipart/form-data"
        ),
    }
    response = requests[action]()
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return response.status_code


def answers(
    browser: Browser, glossary: GlossarySpace, role: str | None
) -> tuple[Any, ...]:
    browser.login(role)
    return tuple(attempt(browser, glossary, action) for action in ACTIONS)


@pytest.mark.parametrize("role", list(PRIVATE_SPACE))
def test_glossary_actions_by_role_in_a_members_only_space(
    browser: Browser, glossary: GlossarySpace, role: str | None
) -> None:
    assert answers(browser, glossary, role) == PRIVATE_SPACE[role]


@pytest.mark.parametrize("role", list(PUBLIC_GLOSSARY))
def test_visitors_read_a_public_glossary_and_write_nothing(
    browser: Browser, glossary: GlossarySpace, role: str | None
) -> None:
    glossary.make_public()
    assert answers(browser, glossary, role) == PUBLIC_GLOSSARY[role]


@pytest.mark.parametrize("role", list(MEMBERS_ONLY_GLOSSARY))
def test_the_glossary_stays_members_only_in_a_public_space_by_default(
    browser: Browser, glossary: GlossarySpace, role: str | None
) -> None:
    glossary.project.is_public = True
    glossary.session.commit()
    assert answers(browser, glossary, role) == MEMBERS_ONLY_GLOSSARY[role]


def test_members_edit_their_own_terms_and_not_others(
    browser: Browser, glossary: GlossarySpace
) -> None:
    mine = glossary.concept("pupil", en="seedling")
    theirs = glossary.concept("pupil_lead", en="furrow")
    browser.login("pupil")
    assert (
        browser.post(f"/c/{mine.id}/edit", {"term-en": "seedlings"}).status_code == 302
    )
    assert browser.post(f"/c/{theirs.id}/edit", {"term-en": "x"}).status_code == 403
    assert browser.post(f"/c/{mine.id}/delete").status_code == 302
    glossary.session.expire_all()
    assert [t.text for t in theirs.terms] == ["furrow"]


def test_the_form_shows_others_terms_read_only(
    browser: Browser, glossary: GlossarySpace
) -> None:
    concept = glossary.concept("teacher", en="irrigation")
    browser.login("pupil")
    page = browser.get(f"/c/{concept.id}/edit").get_data(as_text=True)
    assert 'name="term-en"' not in page
    assert 'name="term-es"' in page
    assert 'name="category"' not in page  # the concept's own fields: its author's


def test_the_nav_item_shows_only_to_those_who_may_read_the_glossary(
    browser: Browser, glossary: GlossarySpace
) -> None:
    glossary.project.is_public = True
    glossary.session.commit()
    home = f"/s/{glossary.project.slug}/"
    link = f'href="{glossary.url}/"'
    browser.login("observer")
    assert link in browser.client.get(home).get_data(as_text=True)
    browser.login("outsider")
    assert link not in browser.client.get(home).get_data(as_text=True)
    glossary.settings(public=True)
    assert link in browser.client.get(home).get_data(as_text=True)
