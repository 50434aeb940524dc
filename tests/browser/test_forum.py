"""The forum in a real browser: a teacher opens a topic, a pupil from a partner school replies."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import SPACE, sign_in

pytestmark = pytest.mark.browser


def test_a_teacher_starts_a_topic_and_a_pupil_replies(
    new_page: Any, live_server: str
) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "katrin")
    teacher.goto(f"{live_server}{SPACE}")
    teacher.get_by_role("link", name="Forum").click()
    teacher.get_by_role("link", name="General").first.click()
    teacher.get_by_role("link", name="Start a new topic").click()
    teacher.get_by_label("Title").fill(
        "Farm visit in Alzira: who brings the soil probes?"
    )
    teacher.get_by_label("Message").fill(
        "We need **two** probes per team.\n\n- team A\n- team B"
    )
    teacher.get_by_role("button", name="Start topic").click()
    # The click's navigation may still be loading: expect() waits for it.
    expect(teacher.locator("main strong", has_text="two")).to_have_count(1)
    topic_url = teacher.url

    pupil = new_page()
    sign_in(pupil, live_server, "lena")
    pupil.goto(topic_url)
    pupil.get_by_label("Your reply").fill(
        "Team B brings one, we borrow the second from Lucía."
    )
    pupil.get_by_role("button", name="Post reply").click()
    expect(pupil.locator("main")).to_contain_text("we borrow the second")

    teacher.goto(topic_url)
    assert "Lena" in teacher.locator("main").inner_text()
    screenshot(teacher, "forum-topic")
