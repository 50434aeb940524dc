"""The materials library in a real browser: uploading two files with progress bars, the
thumbnail grid, the detail page and renaming; accessible and usable on a phone."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from PIL import Image, ImageDraw
from playwright.sync_api import expect

from tests.browser.fixtures import image_width, screenshot
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_smoke import sign_in

pytestmark = pytest.mark.browser

LIBRARY = "/s/green-roots/-/materials"
#: Remember (across the reload that follows the uploads) how many bars were shown at once.
COUNT_PROGRESS_BARS = """() => {
  const seen = () => document.querySelectorAll(".upload-progress progress").length;
  new MutationObserver(() => {
    const most = Math.max(seen(), Number(sessionStorage.getItem("bars") || 0));
    sessionStorage.setItem("bars", String(most));
  }).observe(document.body, { childList: true, subtree: true });
}"""


@pytest.fixture
def files(tmp_path: Path) -> list[Path]:
    photo = tmp_path / "rice-field.jpg"
    picture = Image.new("RGB", (640, 480), (135, 190, 235))  # sky
    draw = ImageDraw.Draw(picture)
    draw.ellipse((460, 50, 560, 150), fill=(250, 205, 60))  # sun
    for row in range(12):  # rows of rice running to the horizon
        green = (70 + 8 * row, 130 + 6 * row, 50)
        draw.rectangle((0, 260 + row * 20, 640, 280 + row * 20), fill=green)
    picture.save(photo, "JPEG")
    plan = tmp_path / "visit-plan.txt"
    plan.write_text("Day 1: arrival\nDay 2: rice fields\n", encoding="utf-8")
    return [photo, plan]


def upload(page: Any, files: list[Path]) -> None:
    page.evaluate(COUNT_PROGRESS_BARS)
    page.get_by_label("Files (you can choose several)").set_input_files(files)
    page.get_by_role("button", name="Upload", exact=True).click()
    page.wait_for_url(re.compile(r"uploaded=2"))  # only the script adds this


def test_a_teacher_uploads_previews_and_renames(
    new_page: Any, live_server: str, files: list[Path]
) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "maria")
    teacher.goto(f"{live_server}/s/green-roots/")
    teacher.get_by_role("link", name="Materials").click()
    upload(teacher, files)
    assert teacher.evaluate("sessionStorage.getItem('bars')") == "2"
    assert "2 files uploaded." in teacher.locator("main").inner_text()
    thumbnail = teacher.locator(".material-grid").get_by_role(
        "img", name="rice-field.jpg"
    )
    thumbnail.scroll_into_view_if_needed()
    assert image_width(thumbnail) > 0
    expect(
        teacher.locator(".material-list").get_by_text("visit-plan.txt")
    ).to_have_count(1)
    screenshot(teacher, "materials")

    thumbnail.click()
    expect(teacher.locator("h1")).to_have_text("rice-field.jpg")
    preview = teacher.locator(".material-preview img")
    assert image_width(preview) == 640
    teacher.get_by_label("New name").fill("Rice field in Valencia.jpg")
    teacher.get_by_role("button", name="Rename", exact=True).click()
    expect(teacher.locator("h1")).to_have_text("Rice field in Valencia.jpg")
    expect(teacher.locator("main")).to_contain_text("Renamed to")

    # Opened on its own, the image still shows under the file's sandboxing CSP.
    teacher.goto(live_server + preview.get_attribute("src"))
    assert image_width(teacher.locator("img").first) == 640


def test_the_library_is_accessible_and_fits_a_phone(
    new_page: Any, live_server: str, files: list[Path]
) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "katrin")
    teacher.goto(f"{live_server}{LIBRARY}")
    upload(teacher, files)
    assert serious_violations(teacher) == []
    phone = new_page(375, 740, is_mobile=True)
    sign_in(phone, live_server, "katrin")
    for url in (
        LIBRARY,
        teacher.locator(".material-grid a").first.get_attribute("href"),
    ):
        phone.goto(f"{live_server}{url}")
        overflow = phone.evaluate(
            "document.documentElement.scrollWidth - window.innerWidth"
        )
        assert overflow <= 0, f"{url}: {overflow}px wider than the screen"
