"""The glossary's pages as members and visitors use them: adding a concept, browsing by
language and letter, searching, missing translations, flashcards, the quiz, printing."""

from __future__ import annotations

import re

from .conftest import Browser, GlossarySpace, text


def test_a_pupil_adds_a_concept_in_three_languages(
    browser: Browser, glossary: GlossarySpace
) -> None:
    browser.login("pupil")
    form = {
        "term-en": "compost",
        "definition-en": "Decayed organic matter.",
        "example-en": "Compost feeds the soil.",
        "term-es": "compostaje",
        "term-de": "Kompost",
        "category": "Soil",
    }
    response = browser.post("/new", form)
    assert response.status_code == 302
    page = text(browser.client.get(response.headers["Location"]))
    assert "compost · compostaje · Kompost" in page  # space's languages, in order
    assert "Decayed organic matter." in page
    assert "Added by Pupil_User, School ES (ES)" in page


def test_a_refused_form_keeps_what_was_typed(
    browser: Browser, glossary: GlossarySpace
) -> None:
    browser.login("pupil")
    response = browser.post("/new", {"term-en": "x" * 201, "definition-en": "Kept"})
    assert response.status_code == 400
    page = text(response)
    assert "too long" in page
    assert ">Kept</textarea>" in page
    assert 'aria-invalid="true"' in page


def test_browsing_by_language_letter_search_and_category(
    browser: Browser, glossary: GlossarySpace
) -> None:
    glossary.concept("teacher", "Soil", en="compost", es="compostaje")
    glossary.concept("teacher", "Water", en="irrigation", es="riego")
    glossary.concept("teacher", "Soil", en="clay", es="arcilla")
    browser.login("observer")

    def terms(query: str) -> list[str]:
        html = text(browser.get("/" + query))
        return re.findall(r'<dt lang="\w+"><a href="[^"]+">([^<]+)</a>', html)

    assert terms("?lang=en") == ["clay", "compost", "irrigation"]
    assert terms("?lang=es") == ["arcilla", "compostaje", "riego"]
    assert terms("?lang=en&letter=C") == ["clay", "compost"]
    assert terms("?lang=en&q=RIEGO") == ["irrigation"]
    assert terms("?lang=es&category=Soil") == ["arcilla", "compostaje"]


def test_missing_translations_per_language(
    browser: Browser, glossary: GlossarySpace
) -> None:
    glossary.concept("teacher", en="compost", es="compostaje", de="Kompost")
    glossary.concept("teacher", en="hoe", es="azada")
    browser.login("teacher")
    page = text(browser.get("/missing?lang=de"))
    assert "azada" in page and "Kompost" not in page
    assert "Add the de term" in page
    assert "Every concept has a term" in text(browser.get("/missing?lang=en"))


def test_flashcards_and_a_quiz_between_two_languages(
    browser: Browser, glossary: GlossarySpace
) -> None:
    hoe = glossary.concept("teacher", en="hoe", es="azada")
    glossary.concept("teacher", en="rake", es="rastrillo")
    browser.login("pupil")
    cards = text(browser.get("/cards?source=en&target=es"))
    assert "<details>" in cards and "rastrillo" in cards
    quiz = text(browser.get("/quiz?source=en&target=es"))
    assert re.search(r"How do you say “(hoe|rake)” in es\?", quiz)
    right = browser.post(
        "/quiz?source=en&target=es", {"concept_id": hoe.id, "answer": "Azada"}
    )
    assert "Right!" in text(right)
    wrong = browser.post(
        "/quiz?source=en&target=es", {"concept_id": hoe.id, "answer": "rastrillo"}
    )
    assert "the answer is “azada”" in text(wrong)


def test_the_print_view_lists_every_concept_in_every_language(
    browser: Browser, glossary: GlossarySpace
) -> None:
    glossary.concept("teacher", en="hoe", es="azada")
    glossary.concept("teacher", de="Spaten")
    browser.login("observer")
    page = text(browser.get("/print?lang=en"))
    assert page.index(">hoe<") < page.index(">Spaten<")
    assert "@media print" not in page  # styles live in the plugin's stylesheet


def test_visitors_of_a_public_glossary_never_see_pupils_names(
    browser: Browser, glossary: GlossarySpace
) -> None:
    concept = glossary.concept("pupil", en="seedling", es="plántula")
    glossary.make_public()
    glossary.approve(concept)
    browser.login(None)
    page = text(browser.get(f"/c/{concept.id}"))
    assert "Added by pupil, School ES, ES" in page
    assert "Pupil_User" not in page
    assert "Edit or translate" not in page
    browser.login("teacher")
    assert "Added by Pupil_User" in text(browser.get(f"/c/{concept.id}"))
