"""Tooltips: terms of the glossary used in a core page get their translations.

Pages are rendered at save and kept; the glossary re-renders the space's pages when its
terms change and when it is switched on or off, so a page always shows the glossary as
it is (and nothing of it where it is off).
"""

from __future__ import annotations

import re

from etwincms.db import commit
from etwincms.models import Page
from etwincms.services import pages, revisions

from .conftest import Browser, GlossarySpace, text

BODY = "We turn kitchen waste into **compost**. More compost in spring; see [compost](https://example.org)."


def make_page(glossary: GlossarySpace, body: str = BODY) -> Page:
    page = pages.create_page(
        glossary.session,
        glossary.user("teacher"),
        glossary.project,
        title="Soil day",
        body=body,
    )
    commit(glossary.session)
    return page


def shown(browser: Browser, page: Page) -> str:
    return text(browser.client.get(f"/s/{browser.glossary.project.slug}/{page.path}"))


def rendered(glossary: GlossarySpace, page: Page) -> str:
    """The page's stored HTML, as the database has it now."""
    glossary.session.expire_all()
    return revisions.get_revision(
        glossary.session, page, page.current_number
    ).rendered_html


def tips(html: str) -> list[str]:
    return re.findall(
        r'<span class="glossary-tip" role="tooltip" id="[^"]+">(.*?)</span></span>',
        html,
    )


def test_a_term_added_later_gets_a_tooltip_in_an_existing_page(
    browser: Browser, glossary: GlossarySpace
) -> None:
    page = make_page(glossary)
    browser.login("pupil")
    assert "glossary-term" not in shown(browser, page)
    concept = glossary.concept("pupil", en="compost", es="compostaje", de="Kompost")
    assert "glossary-term" not in shown(browser, page)  # the pages may be public
    glossary.approve(concept)
    html = shown(browser, page)
    assert html.count('class="glossary-term"') == 1  # the first use only
    assert 'tabindex="0" aria-describedby="glossary-tip-1">compost</span>' in html
    assert tips(html) == [
        ' (es: <span lang="es">compostaje</span>, de: <span lang="de">Kompost</span>)'
    ]


def test_terms_match_whole_words_in_any_language_and_never_in_links_or_headings(
    glossary: GlossarySpace,
) -> None:
    glossary.concept("teacher", en="soil", es="suelo")
    page = make_page(
        glossary, "# Soil\n\n[soil](https://example.org) soils, topsoil, El SUELO."
    )
    html = rendered(glossary, page)
    assert "<h1>Soil</h1>" in html
    assert 'aria-describedby="glossary-tip-1">SUELO</span>' in html
    assert html.count("glossary-term") == 1


def test_a_page_opts_out_with_a_link_reference_that_renders_as_nothing(
    glossary: GlossarySpace,
) -> None:
    glossary.concept("teacher", en="compost", es="compostaje")
    page = make_page(glossary, "Compost heaps.\n\n[glossary-off]: #\n")
    assert rendered(glossary, page) == "<p>Compost heaps.</p>\n"


def test_the_tooltips_setting_and_the_renew_button(
    browser: Browser, glossary: GlossarySpace
) -> None:
    glossary.concept("teacher", en="compost", es="compostaje")
    page = make_page(glossary)
    assert "glossary-tip" in rendered(glossary, page)
    glossary.settings(tooltips=False)
    browser.login("pupil")
    assert browser.post("/refresh").status_code == 403
    browser.login("teacher")
    assert browser.post("/refresh").status_code == 302
    assert "glossary-tip" not in rendered(glossary, page)


def test_term_text_is_escaped_and_the_markup_survives_the_sanitizer(
    glossary: GlossarySpace,
) -> None:
    glossary.concept("teacher", en="pH", es='<img src=x onerror="alert(1)">')
    html = rendered(glossary, make_page(glossary, "Measure the pH."))
    assert "<img" not in html
    assert "&lt;img src=x onerror=" in html
    assert 'role="tooltip"' in html
    assert 'tabindex="0"' in html


def test_editing_and_deleting_terms_renew_the_tooltips(glossary: GlossarySpace) -> None:
    from etwincms_glossary import services
    from etwincms_glossary.services import TermInput

    concept = glossary.concept("teacher", en="compost", es="compostaje")
    page = make_page(glossary)
    services.update_concept(
        glossary.session,
        glossary.user("teacher"),
        glossary.project,
        concept,
        terms={"de": TermInput("Kompost")},
    )
    commit(glossary.session)
    assert 'lang="de">Kompost' in rendered(glossary, page)
    services.delete_concept(
        glossary.session, glossary.user("teacher"), glossary.project, concept
    )
    commit(glossary.session)
    assert "glossary" not in rendered(glossary, page)
