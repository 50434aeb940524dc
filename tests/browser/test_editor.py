"""The page editor and tree in a real browser: toolbar, live preview, [[ suggestions,
drag-and-drop image upload, drafts kept in the browser, a session that ends mid-edit,
and the page tree driven by keyboard alone."""

from __future__ import annotations

import base64
import io
import re
from typing import Any

import pytest
from PIL import Image
from playwright.sync_api import expect

from etwincms.demo import DEMO_PASSWORD
from tests.browser.fixtures import image_width, screenshot
from tests.browser.test_smoke import sign_in

pytestmark = pytest.mark.browser

SPACE = "/s/green-roots"

DROP_FILE = """([area, data, name]) => {
  const bytes = Uint8Array.from(atob(data), (c) => c.charCodeAt(0));
  const transfer = new DataTransfer();
  transfer.items.add(new File([bytes], name, { type: "image/png" }));
  for (const type of ["dragenter", "dragover", "drop"]) {
    const options = { dataTransfer: transfer, bubbles: true, cancelable: true };
    area.dispatchEvent(new DragEvent(type, options));
  }
}"""


def png(color: str = "green") -> str:
    out = io.BytesIO()
    Image.new("RGB", (120, 80), color).save(out, "PNG")
    return base64.b64encode(out.getvalue()).decode()


def new_page_editor(page: Any, base: str, title: str) -> Any:
    """Open the editor of a new top-level page; answer its text area."""
    page.goto(f"{base}{SPACE}/-/new")
    page.get_by_label("Title").fill(title)
    return page.get_by_label("Text", exact=True)


def test_toolbar_preview_and_page_suggestions(new_page: Any, live_server: str) -> None:
    page = new_page()
    sign_in(page, live_server, "maria")
    area = new_page_editor(page, live_server, "Toolbar trial")
    area.fill("Our harvest")
    area.press("Control+a")
    page.get_by_role("button", name="Bold (Ctrl+B)").click()
    assert area.input_value() == "**Our harvest**"
    area.press("End")
    area.press("Enter")
    area.press("Enter")
    area.type("See [[Gloss")
    option = page.get_by_role("option", name="Glossary of sustainable farming terms")
    option.wait_for()
    area.press("Enter")
    assert area.input_value().endswith("See [[Glossary of sustainable farming terms]]")
    preview = page.get_by_role("region", name="Preview")
    preview.locator("strong", has_text="Our harvest").wait_for()
    preview.get_by_role("link", name="Glossary of sustainable farming terms").wait_for()
    screenshot(page, "editor")
    page.get_by_role("button", name="Create page").click()
    page.wait_for_url(re.compile(r"/toolbar-trial$"))
    expect(page.locator("main strong", has_text="Our harvest")).to_have_count(1)


def test_an_image_dropped_into_the_editor_is_uploaded_and_shown(
    new_page: Any, live_server: str
) -> None:
    page = new_page()
    sign_in(page, live_server, "maria")
    area = new_page_editor(page, live_server, "Harvest photos")
    area.fill("Our field:\n\n")
    area.evaluate("(el) => el.setSelectionRange(el.value.length, el.value.length)")
    page.evaluate(DROP_FILE, [area.element_handle(), png(), "field.png"])
    page.wait_for_function(
        "(el) => /!\\[field\\.png\\]\\(\\/s\\/green-roots\\/-\\/materials\\/\\d+/"
        ".test(el.value)",
        arg=area.element_handle(),
    )
    assert page.get_by_role("status").filter(has_text="field.png").count() >= 1
    page.get_by_role("button", name="Create page").click()
    page.wait_for_url(re.compile(r"/harvest-photos$"))
    image = page.locator("main img[alt='field.png']")
    image.wait_for()
    assert image_width(image) == 120


def test_unsaved_text_survives_a_reload_as_a_draft(
    new_page: Any, live_server: str
) -> None:
    page = new_page()
    sign_in(page, live_server, "katrin")
    edit = f"{live_server}{SPACE}/-/edit/before-the-mobility/planning"
    page.goto(edit)
    area = page.get_by_label("Text", exact=True)
    area.fill("A draft nobody saved")
    page.wait_for_timeout(900)  # the draft is written 0.6 s after the last key
    page.goto(edit)
    assert page.get_by_label("Text", exact=True).input_value() != "A draft nobody saved"
    page.get_by_role("button", name="Restore my text").click()
    expect(page.get_by_label("Text", exact=True)).to_have_value("A draft nobody saved")
    expect(page.get_by_role("button", name="Restore my text")).to_have_count(0)


def test_a_session_that_ends_while_editing_loses_nothing(
    new_page: Any, live_server: str
) -> None:
    page = new_page()
    sign_in(page, live_server, "marieke")
    area = new_page_editor(page, live_server, "Written before lunch")
    area.fill("Long text typed over an hour")
    page.context.clear_cookies()
    page.get_by_role("button", name="Create page").click()
    page.get_by_role("heading", name="Sign in to continue").wait_for()
    assert "Long text typed over an hour" in page.locator("main").inner_text()
    page.get_by_label("Username").fill("marieke")
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in and continue").click()
    page.get_by_role("button", name="Send it again").click()
    page.wait_for_url(re.compile(r"/written-before-lunch$"))
    assert "Long text typed over an hour" in page.locator("main").inner_text()


def tree_order(page: Any) -> list[str]:
    return page.locator("nav.sidebar .tree > li > a").all_inner_texts()


def test_the_tree_collapses_and_moves_pages_by_keyboard(
    new_page: Any, live_server: str
) -> None:
    page = new_page()
    sign_in(page, live_server, "maria")
    for title in ("Keyboard one", "Keyboard two"):
        new_page_editor(page, live_server, title)
        page.get_by_role("button", name="Create page").click()
        page.wait_for_url(re.compile(r"/keyboard-"))
    page.goto(f"{live_server}{SPACE}/")
    before = tree_order(page)
    assert before[-2:] == ["Keyboard one", "Keyboard two"]
    link = page.locator("nav.sidebar .tree").get_by_role("link", name="Keyboard two")
    link.focus()
    link.press("Alt+ArrowUp")
    page.get_by_role("status").filter(has_text="“Keyboard two” moved").wait_for()
    assert tree_order(page)[-2:] == ["Keyboard two", "Keyboard one"]
    # The status still shows the first move's message: wait for the second answer.
    with page.expect_response(lambda answer: answer.url.endswith("/-/move")):
        link.press("Alt+ArrowDown")
    page.reload()
    assert tree_order(page)[-2:] == ["Keyboard one", "Keyboard two"]

    toggle = page.get_by_role("button", name=re.compile("Hide the subpages of “Before"))
    toggle.press("Enter")
    sidebar = page.locator("nav.sidebar")
    assert sidebar.get_by_role("link", name="Planning").is_hidden()
    page.reload()
    assert sidebar.get_by_role("link", name="Planning").is_hidden()
    page.get_by_role("button", name=re.compile("Show the subpages")).first.click()
    expect(sidebar.get_by_role("link", name="Planning")).to_be_visible()


def test_the_editor_is_usable_by_keyboard_alone(
    new_page: Any, live_server: str
) -> None:
    page = new_page()
    sign_in(page, live_server, "maria")
    page.goto(f"{live_server}{SPACE}/-/new")
    page.get_by_label("Title").focus()
    page.keyboard.type("Typed by keyboard")
    page.keyboard.press("Tab")  # into the toolbar (one tab stop)
    assert page.evaluate("document.activeElement.dataset.action") == "heading"
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.dataset.action") == "bold"
    page.keyboard.press("Tab")  # on to the text
    assert page.evaluate("document.activeElement.id") == "page-body"
    page.keyboard.type("Plain text and ")
    page.keyboard.press("Control+b")
    page.keyboard.type("strong")
    reached = []
    for _ in range(6):
        page.keyboard.press("Tab")
        reached.append(page.evaluate("document.activeElement.textContent.trim()"))
        if reached[-1] == "Create page":
            break
    assert reached[-1] == "Create page"
    page.keyboard.press("Enter")
    page.wait_for_url(re.compile(r"/typed-by-keyboard$"))
    expect(page.locator("main strong", has_text="strong")).to_have_count(1)
