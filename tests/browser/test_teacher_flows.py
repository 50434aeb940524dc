"""A new teacher's first hour, in a real browser: a space from the Erasmus+ template,
subpages, editing, a conflict from two browsers resolved without losing text, revert,
publishing, a class of pupils signing in, and switching a tool on and off."""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import sign_in

pytestmark = pytest.mark.browser


def create_space(page: Any, base: str, title: str) -> str:
    page.goto(f"{base}/spaces/new")
    page.get_by_label("Project title").fill(title)
    page.get_by_label("Erasmus+ blended mobility (IVET)").check()
    page.get_by_role("button", name="Create the space").click()
    page.wait_for_url(re.compile(r"/s/[a-z0-9-]+/$"))
    return page.url


def edit_text(page: Any, text: str) -> None:
    page.get_by_role("link", name="Edit", exact=True).click()
    page.get_by_label("Text", exact=True).fill(text)


def test_a_teacher_builds_a_space(new_page: Any, live_server: str) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "maria")
    space_url = create_space(teacher, live_server, "Olive Harvest 2027")
    assert (
        teacher.locator("nav.sidebar")
        .get_by_role("link", name="Mobility diary")
        .count()
        == 1
    )
    screenshot(teacher, "space-from-template")

    teacher.locator("nav.sidebar").get_by_role("link", name="Mobility diary").click()
    teacher.get_by_role("link", name="New subpage").click()
    teacher.get_by_label("Title").fill("Week 1 in Jaén")
    teacher.get_by_label("Text").fill("We picked **olives**.")
    teacher.get_by_role("button", name="Create page").click()
    expect(teacher.locator("main strong", has_text="olives")).to_have_count(1)
    assert space_url in teacher.url

    # A partner teacher edits the same page of the demo space at the same moment.
    week_url = f"{live_server}/s/green-roots/before-the-mobility/planning"
    teacher.goto(week_url)
    colleague = new_page()
    sign_in(colleague, live_server, "vicent")
    edit_text(teacher, "Day 1: olives\nDay 2: oil mill\n")  # both open the editor...
    colleague.goto(week_url)
    edit_text(colleague, "Day 1: olives\nDay 2: cooperative\n")
    teacher.get_by_role("button", name="Save").click()  # ...the teacher saves first
    colleague.get_by_role("button", name="Save").click()
    expect(colleague.locator("main")).to_contain_text("touched the same lines")
    assert (
        colleague.get_by_label("Text to save").input_value().endswith("cooperative\n")
    )
    screenshot(colleague, "edit-conflict")
    colleague.get_by_label("Text to save").fill(
        "Day 1: olives\nDay 2: oil mill, cooperative\n"
    )
    colleague.get_by_role("button", name="Save").click()
    assert "oil mill, cooperative" in colleague.locator("main").inner_text()

    teacher.goto(week_url)
    teacher.get_by_role("link", name="History").click()
    screenshot(teacher, "page-history")
    teacher.get_by_role(
        "button", name="Restore this version"
    ).last.click()  # revision 1
    assert "oil mill" not in teacher.locator("main article").inner_text()


def test_publishing_a_page_and_seeing_it_logged_out(
    new_page: Any, live_server: str
) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "maria")
    teacher.goto(f"{live_server}/s/green-roots/-/settings")
    teacher.get_by_label("Public landing page", exact=False).check()
    teacher.get_by_role("button", name="Save", exact=True).click()
    teacher.goto(f"{live_server}/s/green-roots/before-the-mobility/farmer-interviews")
    teacher.get_by_role("link", name="Settings", exact=True).last.click()
    teacher.get_by_label("Everyone (public", exact=False).check()
    teacher.get_by_role("button", name="Save settings").click()
    visitor = new_page()
    visitor.goto(f"{live_server}/s/green-roots/before-the-mobility/farmer-interviews")
    assert visitor.locator("h1").inner_text() == "Farmer interviews"


def test_a_class_of_pupils_signs_in(new_page: Any, live_server: str) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "katrin")
    teacher.goto(f"{live_server}/s/green-roots/-/people/pupils")
    teacher.get_by_label("Class list").fill("Mia Schulz\nBen Krüger\n")
    teacher.get_by_role("button", name="Create accounts").click()
    screenshot(teacher, "pupil-sheet")
    row = teacher.locator("table tbody tr").first
    cells = row.locator("td").all_inner_texts()
    username, password = cells[1].strip(), cells[2].strip()
    pupil = new_page()
    pupil.goto(f"{live_server}/login")
    pupil.get_by_label("Username").fill(username)
    pupil.get_by_label("Password").fill(password)
    pupil.get_by_role("button", name="Sign in").click()
    assert "/account/password" in pupil.url
    pupil.get_by_label("Current password").fill(password)
    pupil.get_by_label("New password", exact=True).fill("my-own-secret-9")
    pupil.get_by_label("New password again").fill("my-own-secret-9")
    pupil.get_by_role("button", name="Change password").click()
    pupil.goto(f"{live_server}/s/green-roots/")
    assert "Green Roots" in pupil.locator("h1").inner_text()


def test_switching_a_tool_off_and_on(new_page: Any, live_server: str) -> None:
    admin = new_page()
    sign_in(admin, live_server, "maria")
    admin.goto(f"{live_server}/s/green-roots/-/plugins")
    forum = admin.locator("li.card").filter(
        has=admin.get_by_role("heading", name="Forum")
    )
    forum.get_by_role("button", name="Switch off").click()
    expect(admin.get_by_role("link", name="Forum")).to_have_count(0)
    forum.get_by_role("button", name="Switch on").click()
    expect(admin.get_by_role("link", name="Forum")).to_have_count(1)
