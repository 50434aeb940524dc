"""The blog in a real browser, on the demo space: a teacher sets up the mobility diary,
a pupil who travelled writes and publishes an entry, a pupil who stayed home comments on
it, the comment waits for a teacher, who approves it; then everyone sees the feedback."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

# The browser suite's fixtures (a live server with the demo space, Chromium), used here;
# ``browser`` is Chromium in this module, not the test client of the blog's conftest.
from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import SPACE, sign_in

pytestmark = pytest.mark.browser


def open_blog(page: Any, base: str, title: str) -> None:
    page.goto(f"{base}{SPACE}")
    page.locator("nav.space-nav").get_by_role("link", name="Blog").click()
    page.get_by_role("link", name=title).click()


def test_a_pupil_publishes_a_diary_entry_and_a_pupil_at_home_comments(
    new_page: Any, live_server: str
) -> None:
    diary = "Mobility diary Valencia 2026"
    teacher = new_page()
    sign_in(teacher, live_server, "maria")
    teacher.goto(f"{live_server}{SPACE}")
    teacher.locator("nav.space-nav").get_by_role("link", name="Blog").click()
    teacher.get_by_role("link", name="New blog").click()
    teacher.get_by_label("Title").fill(diary)
    teacher.get_by_label("Description").fill("One reflection a week from Valencia.")
    teacher.get_by_label("Pablo R.").check()  # he travels; Lena stays in Germany
    teacher.get_by_role("button", name="Create blog").click()
    expect(teacher.locator("h1")).to_have_text(diary)

    pupil = new_page()
    sign_in(pupil, live_server, "pablo")
    open_blog(pupil, live_server, diary)
    pupil.get_by_role("link", name="Write a post").click()
    pupil.get_by_label("Title").fill("Day 3: the olive mill in Alzira")
    pupil.get_by_label("Text").fill(
        "We saw how the **first cold press** works.\n\n- washing\n- grinding\n- pressing"
    )
    pupil.get_by_label("Tags").fill("olive oil, Alzira")
    pupil.get_by_label("Phase of the mobility").select_option("during")
    screenshot(pupil, "blog-editor")
    pupil.get_by_role("button", name="Publish").click()
    main = pupil.locator("main")
    expect(main.locator("strong", has_text="first cold press")).to_have_count(1)
    expect(main).to_contain_text("#olive oil")
    entry_url = pupil.url

    home = new_page()
    sign_in(home, live_server, "lena")
    home.goto(entry_url)
    home.get_by_label("Your comment").fill(
        "Did you taste the oil? We only read about it!"
    )
    home.get_by_role("button", name="Send comment").click()
    expect(home.locator("main")).to_contain_text("waiting for a teacher's approval")

    teacher.locator("nav.space-nav").get_by_role("link", name="Blog").click()
    teacher.get_by_role("link", name="Comments waiting for approval").click()
    expect(teacher.locator("main")).to_contain_text("Did you taste the oil?")
    teacher.get_by_role("button", name="Approve").first.click()
    expect(teacher.locator("main")).to_contain_text("No comment is waiting.")

    pupil.goto(entry_url)
    feedback = pupil.locator("section.blog-feedback")
    for text in ("Feedback from home", "Did you taste the oil?", "Lena K."):
        expect(feedback).to_contain_text(text)
    screenshot(pupil, "blog-post")
