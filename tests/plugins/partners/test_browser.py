"""Partner finding in a real browser, on the demo site: a Spanish teacher posts a partner
search, a German teacher finds it with filters, replies, and the reply arrives in the
Spanish teacher's inbox."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import sign_in

pytestmark = pytest.mark.browser

# The browser suite's fixtures (a live server with the demo space, the system Chromium).
TOPIC = "Job shadowing in organic olive farming, spring 2027"


def publish(page: Any, base: str) -> None:
    page.goto(f"{base}/-/partners/")
    page.get_by_role("link", name="New partner-finding post").click()
    page.get_by_label("Topic").fill(TOPIC)
    page.get_by_label("Partnership type").select_option("ka1_job_shadowing")
    page.get_by_label("Looking for").select_option("host")
    page.get_by_label("Languages (codes, comma-separated)").fill("es, en")
    page.get_by_label("Vocational subjects (comma-separated)").fill("Agriculture")
    page.get_by_label("Youngest learners' age").fill("16")
    page.get_by_label("Oldest learners' age").fill("19")
    page.get_by_label("Project idea").fill("Two teachers shadow an **organic** farm.")
    page.get_by_role("button", name="Publish the post").click()
    expect(page.locator("h1")).to_have_text(TOPIC)
    expect(page.locator("main strong", has_text="organic")).to_have_count(1)


def find_and_reply(page: Any, base: str) -> None:
    page.goto(f"{base}/-/partners/")
    filters = page.get_by_role("search", name="Filters")
    filters.get_by_label("Language (code, e.g. es)").fill("es")
    filters.get_by_label("Vocational subject").fill("agriculture")
    filters.get_by_label("from").fill("17")
    filters.get_by_label("Partnership type").select_option("ka1_job_shadowing")
    filters.get_by_role("button", name="Search").click()
    expect(page.locator("main [role=status]")).to_have_text("1 match")
    screenshot(page, "partners-finder")
    page.get_by_role("link", name=TOPIC).click()
    page.get_by_label("Message").fill("We host job shadowing on our farm in Oldenburg.")
    page.get_by_role("button", name="Send the reply").click()
    page.wait_for_url(re.compile(r"/-/partners/inbox/\d+"))
    expect(page.locator("main")).to_contain_text("We host job shadowing")


def test_a_partner_search_is_found_by_filters_and_answered_in_the_inbox(
    new_page: Any, live_server: str
) -> None:
    maria = new_page()
    sign_in(maria, live_server, "maria")
    publish(maria, live_server)
    katrin = new_page()
    sign_in(katrin, live_server, "katrin")
    find_and_reply(katrin, live_server)
    maria.goto(f"{live_server}/-/partners/")
    inbox = maria.get_by_role("link", name=re.compile("Inbox"))
    expect(inbox).to_contain_text("1 unread")
    inbox.click()
    maria.get_by_role("link", name=TOPIC).click()
    expect(maria.locator("main")).to_contain_text("We host job shadowing on our farm")
    expect(maria.locator("main")).to_contain_text("Katrin")
