"""Who may do what with surveys, asked through HTTP as each kind of visitor.

The tables are the specification: for every role of the space, a site admin, a member
of another space (non-member) and an anonymous visitor, the status each survey action
answers with. 200/302 = allowed, 403 = refused, 404 = the space is hidden from them,
"login" = sent to the sign-in page, 401 = the sign-in page keeping the posted form.
"""

from __future__ import annotations

import re
from typing import Any

import pytest

from .conftest import Browser, SurveySpace

ACTIONS = ("index", "show", "answer", "results", "export", "create", "open", "delete")
MANAGER = (200, 200, 302, 200, 200, 302, 302, 302)
MEMBERS_ONLY: dict[str | None, tuple[Any, ...]] = {
    "admin": MANAGER,
    "teacher": MANAGER,
    "pupil_lead": (200, 200, 302, 200, 403, 403, 403, 403),
    "pupil": (200, 200, 302, 403, 403, 403, 403, 403),
    "observer": (200, 200, 403, 403, 403, 403, 403, 403),
    "site_admin": MANAGER,
    "outsider": (404,) * 8,
    None: (404,) * 8,
}
PUBLIC_SPACE: dict[str | None, tuple[Any, ...]] = {
    "outsider": (403,) * 8,
    None: ("login", "login", 401, "login", "login", 401, 401, 401),
}
PUPILS_ONLY = {"teacher": 403, "observer": 403, "pupil": 302, "pupil_lead": 302}


def attempt(browser: Browser, surveys: SurveySpace, action: str) -> Any:
    survey = surveys.survey(title=f"Survey for {action}")
    url = f"/{survey.id}"
    requests = {
        "index": lambda: browser.get("/"),
        "show": lambda: browser.get(url),
        "answer": lambda: browser.post(f"{url}/answer", {"a-mood": "3"}),
        "results": lambda: browser.get(f"{url}/results"),
        "export": lambda: browser.get(f"{url}/export.csv"),
        "create": lambda: browser.post("/new", {"title": "New", "audience": "members"}),
        "open": lambda: browser.post(f"{url}/status", {"status": "closed"}),
        "delete": lambda: browser.post(f"{url}/delete"),
    }
    response = requests[action]()
    if response.status_code == 302 and "/login" in response.headers["Location"]:
        return "login"
    return response.status_code


def answers(
    browser: Browser, surveys: SurveySpace, role: str | None
) -> tuple[Any, ...]:
    browser.login(role)
    return tuple(attempt(browser, surveys, action) for action in ACTIONS)


@pytest.mark.parametrize("role", list(MEMBERS_ONLY))
def test_survey_actions_by_role_in_a_members_only_space(
    browser: Browser, surveys: SurveySpace, role: str | None
) -> None:
    assert answers(browser, surveys, role) == MEMBERS_ONLY[role]


@pytest.mark.parametrize("role", list(PUBLIC_SPACE))
def test_visitors_of_a_public_space_see_no_survey(
    browser: Browser, surveys: SurveySpace, role: str | None
) -> None:
    surveys.make_public()
    assert answers(browser, surveys, role) == PUBLIC_SPACE[role]


@pytest.mark.parametrize("role", list(PUPILS_ONLY))
def test_only_the_audience_answers(
    browser: Browser, surveys: SurveySpace, role: str
) -> None:
    survey = surveys.survey(audience="pupils")
    browser.login(role)
    sent = browser.post(f"/{survey.id}/answer", {"a-mood": "3"})
    assert sent.status_code == PUPILS_ONLY[role]


def test_drafts_are_hidden_from_those_who_do_not_manage(
    browser: Browser, surveys: SurveySpace
) -> None:
    draft = surveys.survey(status="draft", title="Secret draft")
    browser.login("pupil")
    assert browser.get(f"/{draft.id}").status_code == 404
    assert "Secret draft" not in browser.get("/").get_data(as_text=True)
    browser.login("teacher")
    assert "Secret draft" in browser.get("/").get_data(as_text=True)


@pytest.mark.parametrize("role", [None, "outsider"])
def test_anyone_answers_a_public_link_survey_once(
    browser: Browser, surveys: SurveySpace, role: str | None
) -> None:
    surveys.make_public()
    survey = surveys.survey(audience="public", anonymous=False)
    assert survey.anonymous  # visitors are not known: public-link surveys are anonymous
    browser.login(role)
    link = f"/p/{survey.public_token}"
    assert browser.get(link).status_code == 200
    assert browser.post(link, {"a-mood": "4"}).status_code == 200
    again = browser.get(link).get_data(as_text=True)
    assert "your answers were received" in again and 'name="a-mood"' not in again
    assert browser.get(f"/{survey.id}").status_code in (
        302,
        403,
    )  # the rest stays closed


def test_a_public_link_needs_a_public_space(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = surveys.survey(audience="public")
    browser.login("outsider")
    assert browser.get(f"/p/{survey.public_token}").status_code == 404


def test_the_nav_item_shows_to_members_only(
    browser: Browser, surveys: SurveySpace
) -> None:
    surveys.make_public()
    home = f"/s/{surveys.project.slug}/"
    link = f'href="{surveys.url}/"'
    browser.login("observer")
    assert link in browser.client.get(home).get_data(as_text=True)
    browser.login(None)
    assert link not in browser.client.get(home).get_data(as_text=True)


def test_a_survey_id_from_another_space_is_not_found(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = surveys.survey()
    browser.login("outsider")
    other = browser.client.get("/spaces").get_data(as_text=True)
    slug = re.search(r'href="/s/([a-z0-9-]+)/"', other)
    assert slug is not None and slug.group(1) != surveys.project.slug
    path = f"/s/{slug.group(1)}/-/survey/{survey.id}"
    assert browser.client.get(path).status_code == 404
