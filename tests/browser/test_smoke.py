"""What a visitor, a teacher and a pupil on a phone see in a real browser."""

from __future__ import annotations

from typing import Any

import pytest
from playwright.sync_api import expect

from etwincms.demo import DEMO_PASSWORD
from tests.browser.fixtures import screenshot

pytestmark = pytest.mark.browser

SPACE = "/s/green-roots/"


def sign_in(page: Any, base: str, username: str) -> None:
    page.goto(f"{base}/login")
    page.get_by_label("Username").fill(username)
    page.get_by_label("Password").fill(DEMO_PASSWORD)
    page.get_by_role("button", name="Sign in").click()
    page.wait_for_url(f"{base}/spaces")


def tree_titles(page: Any) -> list[str]:
    return page.locator("nav.sidebar .tree a").all_inner_texts()


def test_a_visitor_sees_only_the_public_pages(page: Any, live_server: str) -> None:
    page.goto(f"{live_server}{SPACE}welcome")
    assert page.locator("h1").inner_text() == "Welcome"
    assert tree_titles(page) == ["Welcome", "Partners", "Dissemination"]
    body = page.locator("body").inner_text()
    for pupil in ("Lucía", "Pablo", "Lena", "Daan"):
        assert pupil not in body
    screenshot(page, "public-space")


def test_a_teacher_signs_in_and_reads_a_members_page(
    page: Any, live_server: str
) -> None:
    sign_in(page, live_server, "katrin")
    assert "Green Roots" in page.locator("main").inner_text()
    page.get_by_role("link", name="Green Roots").first.click()
    page.get_by_role("link", name="Glossary of sustainable farming terms").click()
    expect(page.locator("main table")).to_have_count(1)
    assert "Fruchtfolge" in page.locator("main table").inner_text()
    assert len(tree_titles(page)) > 10
    screenshot(page, "page-view")


def test_the_space_works_on_a_phone(new_page: Any, live_server: str) -> None:
    page = new_page(375, 740, is_mobile=True)
    sign_in(page, live_server, "lucia")
    page.goto(
        f"{live_server}{SPACE}before-the-mobility/glossary-of-sustainable-farming-terms"
    )
    overflow = page.evaluate("document.documentElement.scrollWidth - window.innerWidth")
    assert overflow <= 0
    screenshot(page, "phone")
