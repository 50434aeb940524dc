"""The gallery in a real browser, on the demo space: a teacher creates an album, uploads
three photos in one batch while a progress bar runs, adds alt text to one, and browses
the album in the lightbox by keyboard (arrow keys to move, Escape to close)."""

from __future__ import annotations

import io
import re
from typing import Any

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

# The browser suite's fixtures (a live server with the demo space, Chromium), used here;
# ``browser`` is Chromium in this module, not the test client of the gallery's conftest.
from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import SPACE, sign_in

from .conftest import jpeg_with_gps

pytestmark = pytest.mark.browser


ALBUM = "Field trip to the Albufera rice fields"


def photo(colour: str, label: str) -> bytes:
    image = Image.new("RGB", (800, 600), colour)
    ImageDraw.Draw(image).text((40, 40), label, fill="white")
    out = io.BytesIO()
    image.save(out, "JPEG")
    return out.getvalue()


def files() -> list[dict[str, Any]]:
    return [
        {"name": "rice-field.jpg", "mimeType": "image/jpeg", "buffer": jpeg_with_gps()},
        {
            "name": "heron.jpg",
            "mimeType": "image/jpeg",
            "buffer": photo("teal", "heron"),
        },
        {"name": "boat.jpg", "mimeType": "image/jpeg", "buffer": photo("navy", "boat")},
    ]


def test_a_teacher_uploads_a_batch_and_browses_it_in_the_lightbox(
    new_page: Any, live_server: str
) -> None:
    page = new_page()
    sign_in(page, live_server, "maria")
    page.goto(f"{live_server}{SPACE}")
    page.locator("nav.space-nav").get_by_role("link", name="Gallery").click()
    page.get_by_role("link", name="New album").click()
    page.get_by_label("Title").fill(ALBUM)
    page.get_by_label("Description").fill("Birds and rice, 14 May 2026.")
    page.get_by_label("Phase of the mobility").select_option("during")
    page.get_by_role("button", name="Create album").click()
    expect(page.locator("h1")).to_have_text(ALBUM)

    page.get_by_label("Photos and videos").set_input_files(files())
    progress = page.locator(".gallery-upload progress")
    with page.expect_response(re.compile(r"/upload$")) as answer:
        page.get_by_role("button", name="Upload").click()
    assert answer.value.status == 201
    expect(progress).to_be_visible()
    expect(page.locator(".gallery-upload-status")).to_contain_text("3 files uploaded.")
    assert progress.evaluate("bar => bar.value") == 100
    screenshot(page, "gallery-upload")
    grid = page.locator("ul.gallery-grid > li")
    expect(grid).to_have_count(3)  # after the page reloads itself

    # A click opens the lightbox; its "details" link leads to the item's page.
    grid.nth(1).get_by_role("link").click()
    page.locator("dialog.gallery-lightbox").get_by_role("link", name="Details").click()
    page.get_by_label(re.compile("^Alt text")).fill(
        "A grey heron standing in a rice field"
    )
    page.get_by_label("Caption").fill("The heron that watched us all morning")
    page.get_by_role("button", name="Save").click()
    expect(page.locator(".flash").first).to_contain_text("The item was saved.")
    page.get_by_role("navigation", name="Breadcrumb").get_by_role(
        "link", name=ALBUM
    ).click()

    first = grid.nth(0).get_by_role("link")
    first.focus()
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.gallery-lightbox")
    expect(dialog).to_be_visible()
    image = dialog.locator(".gallery-lightbox-media img")
    expect(image).to_have_attribute("src", re.compile(r"/large$"))
    first_src = image.get_attribute("src")
    page.keyboard.press("ArrowRight")
    expect(image).to_have_attribute("alt", "A grey heron standing in a rice field")
    expect(dialog.locator("figcaption")).to_have_text(
        "The heron that watched us all morning"
    )
    assert image.get_attribute("src") != first_src
    screenshot(page, "gallery-lightbox")
    page.keyboard.press("ArrowLeft")
    expect(image).to_have_attribute("src", first_src)
    page.keyboard.press("Escape")
    expect(dialog).to_be_hidden()
    expect(first).to_be_focused()  # focus goes back to where the lightbox was opened
    screenshot(page, "gallery-album")
