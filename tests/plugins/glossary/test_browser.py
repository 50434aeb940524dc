"""The glossary in a real browser: a teacher adds a term in three languages, reads its
tooltip in a page of the space (by keyboard, dismissed with Escape), exports the
glossary as TBX and imports it into a new space with nothing lost."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from etwincms_glossary import tbx
from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import SPACE, sign_in

from .test_exchange import check_tbx_basic

pytestmark = pytest.mark.browser

# The browser suite's fixtures (a live server with the demo space, the system Chromium),
# shared with this module: conftest fixtures reach only the tests under their folder.

TERMS = {
    "en": ("compost", "Decayed organic matter used to feed the soil."),
    "es": ("compostaje", "Materia orgánica descompuesta que alimenta el suelo."),
    "de": ("Kompost", "Verrottete organische Substanz, die den Boden nährt."),
}
GLOSSARY_PAGE = "before-the-mobility/glossary-of-sustainable-farming-terms"


def open_glossary(page: Any) -> None:
    space_nav = page.get_by_role("navigation", name="Space")
    space_nav.get_by_role("link", name="Glossary").click()
    page.wait_for_url(re.compile(r"/-/glossary/$"))


def add_concept(page: Any) -> None:
    open_glossary(page)
    page.get_by_role("link", name="Add a concept").click()
    for code, (term, definition) in TERMS.items():
        page.get_by_label(f"Term ({code})").fill(term)
        page.get_by_label(f"Definition ({code})").fill(definition)
    page.get_by_label("Example sentence (en)").fill("The compost is ready in spring.")
    page.get_by_label("Category").fill("Soil")
    page.get_by_role("button", name="Save").click()
    page.wait_for_url(re.compile(r"/-/glossary/c/\d+$"))


def check_tooltip(page: Any, base: str) -> None:
    page.goto(f"{base}{SPACE}{GLOSSARY_PAGE}")
    page.mouse.move(0, 0)
    word = page.locator("main .glossary-word", has_text="compost").first
    tip = page.locator(f"#{word.get_attribute('aria-describedby')}")
    assert tip.get_attribute("role") == "tooltip"
    expect(tip).to_have_css("width", "1px")  # hidden for sight (still read aloud)...
    word.focus()  # ...until asked for, by keyboard or pointer
    expect(tip).not_to_have_css("width", "1px")
    assert tip.evaluate("element => element.getBoundingClientRect().width") > 40
    assert "es: compostaje" in tip.inner_text()
    assert "de: Kompost" in tip.inner_text()
    screenshot(page, "glossary-tooltip")
    page.keyboard.press("Escape")
    expect(tip).to_have_css("width", "1px")


def export_tbx(page: Any, tmp_path: Path, name: str) -> Path:
    open_glossary(page)
    with page.expect_download() as info:
        page.get_by_role("link", name="Export TBX").click()
    path = tmp_path / name
    info.value.save_as(path)
    return path


def new_space_with(page: Any, base: str, tbx_file: Path) -> None:
    page.goto(f"{base}/spaces/new")
    page.get_by_label("Project title").fill("Compost Partners 2027")
    page.get_by_label("Languages", exact=False).fill("en, es, de")
    page.get_by_role("button", name="Create the space").click()
    page.wait_for_url(re.compile(r"/s/[a-z0-9-]+/$"))
    open_glossary(page)
    page.get_by_role("link", name="Import", exact=True).click()
    page.get_by_label("File (.tbx or .csv)").set_input_files(str(tbx_file))
    page.get_by_role("button", name="Import").click()
    expect(page.locator("main")).to_contain_text("Imported: 1 new concepts")


def test_a_term_in_three_languages_its_tooltip_and_tbx_to_another_space(
    new_page: Any, live_server: str, tmp_path: Path
) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "maria")
    teacher.goto(f"{live_server}{SPACE}")
    add_concept(teacher)
    assert teacher.locator("h1").inner_text() == "compost · compostaje · Kompost"
    open_glossary(teacher)
    screenshot(teacher, "glossary-index")
    check_tooltip(teacher, live_server)

    exported = export_tbx(teacher, tmp_path, "green-roots.tbx")
    check_tbx_basic(
        exported.read_bytes(), title="Green Roots: Sustainable Farming Across Borders"
    )
    new_space_with(teacher, live_server, exported)
    screenshot(teacher, "glossary-import")
    copied = export_tbx(teacher, tmp_path, "copy.tbx")
    assert tbx.parse(copied.read_bytes()) == tbx.parse(exported.read_bytes())
    teacher.locator("dl.glossary-list dt a").first.click()
    teacher.wait_for_url(re.compile(r"/-/glossary/c/\d+$"))
    main = teacher.locator("main").inner_text()
    for term, definition in TERMS.values():
        assert term in main and definition in main
