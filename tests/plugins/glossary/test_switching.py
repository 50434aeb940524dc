"""Switching the glossary off in a space hides it there (navigation, pages, API, search
results, tooltips) and keeps every concept; switching it on again brings all back."""

from __future__ import annotations

from sqlalchemy import func, select

from etwincms.services.search import SearchQuery, search

from .conftest import Browser, GlossarySpace, text
from .test_tooltips import make_page, rendered


def visible(
    browser: Browser, glossary: GlossarySpace, concept_id: int
) -> dict[str, bool]:
    """Where the glossary shows for a pupil of the space."""
    home = text(browser.client.get(f"/s/{glossary.project.slug}/"))
    api = browser.client.get(f"{glossary.api}/concepts/{concept_id}")
    found = search(glossary.session, glossary.user("pupil"), SearchQuery("compostaje"))
    return {
        "nav": f'href="{glossary.url}/"' in home,
        "page": browser.get(f"/c/{concept_id}").status_code == 200,
        "api": api.status_code == 200,
        "search": "glossary_concept" in {hit.type for hit in found.hits},
    }


def test_off_hides_everything_and_keeps_the_data_on_brings_it_back(
    browser: Browser, glossary: GlossarySpace
) -> None:
    from etwincms_glossary.models import Term

    concept = glossary.concept("pupil", en="compost", es="compostaje")
    glossary.approve(concept)  # the tooltips of pages show approved entries only
    page = make_page(glossary)
    browser.login("pupil")
    everywhere = {"nav": True, "page": True, "api": True, "search": True}
    assert visible(browser, glossary, concept.id) == everywhere
    assert "glossary-tip" in rendered(glossary, page)

    glossary.switch(on=False)
    assert visible(browser, glossary, concept.id) == dict.fromkeys(everywhere, False)
    assert "glossary" not in rendered(glossary, page)
    assert browser.get("/").status_code == 404
    count = select(func.count(Term.id)).where(Term.project_id == glossary.project.id)
    assert glossary.session.scalar(count) == 2

    glossary.switch(on=True)
    assert visible(browser, glossary, concept.id) == everywhere
    assert "glossary-tip" in rendered(glossary, page)


def test_the_core_pages_work_without_the_glossary(
    browser: Browser, glossary: GlossarySpace
) -> None:
    glossary.switch(on=False)
    page = make_page(glossary, "Compost and soil.")
    browser.login("pupil")
    assert rendered(glossary, page) == "<p>Compost and soil.</p>\n"
    response = browser.client.get(f"/s/{glossary.project.slug}/{page.path}")
    assert response.status_code == 200
    assert "glossary.css" not in text(response)
