"""An invite link in a real browser: an admin makes one, a partner teacher who is not a
member yet opens it in another browser, signs in, comes back to it and joins."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from etwincms.demo import DEMO_PASSWORD
from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import sign_in
from tests.browser.test_teacher_flows import create_space

pytestmark = pytest.mark.browser


def make_invite_link(page: Any, space_url: str) -> str:
    page.goto(f"{space_url}-/people")
    page.get_by_label("Role").last.select_option("teacher")
    page.get_by_label("Valid for (days)").fill("5")
    page.get_by_role("button", name="Make an invite link").click()
    expect(page.locator("main")).to_contain_text("can join as teacher until")
    return page.get_by_label("Invite link").input_value()


def test_a_partner_teacher_joins_by_an_invite_link(
    new_page: Any, live_server: str
) -> None:
    admin = new_page()
    sign_in(admin, live_server, "maria")
    space_url = create_space(admin, live_server, "Seeds Without Borders")
    url = make_invite_link(admin, space_url)
    screenshot(admin, "invite-link")
    assert re.fullmatch(rf"{live_server}/join/[A-Za-z0-9_-]{{43}}", url)

    # Katrin teaches in the demo space but is not a member of this new one.
    partner = new_page()
    partner.goto(url)
    assert "/login?next=/join/" in partner.url
    partner.get_by_label("Username").fill("katrin")
    partner.get_by_label("Password").fill(DEMO_PASSWORD)
    partner.get_by_role("button", name="Sign in").click()
    partner.wait_for_url(url)
    assert partner.locator("h1").inner_text() == "Seeds Without Borders"
    assert "as teacher" in partner.locator("main").inner_text()
    partner.get_by_role("button", name="Join Seeds Without Borders").click()
    partner.wait_for_url(space_url)
    assert "Welcome to Seeds Without Borders." in partner.locator("main").inner_text()

    admin.goto(f"{space_url}-/people")
    people = admin.locator("main").inner_text()
    assert "Katrin Albers" in people
    assert "used once" in people
