"""The wiki in a real browser: a pupil creates an article by following a red link,
another pupil vandalises it, and a teacher reverts the vandalised edit from the history.

Runs against the browser suite's live server (the demo space, every installed plugin,
migrated from empty) and keeps screenshots for the docs (``docs/img/wiki-*.png``).
"""

from __future__ import annotations

import re
from typing import Any

import pytest
from playwright.sync_api import expect

from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import SPACE, sign_in

pytestmark = pytest.mark.browser

# No glossary term in it: the live server is shared, and the glossary's browser test adds
# "compost", whose tooltip would then sit inside this text.
GOOD = "Red wigglers eat kitchen scraps and turn them into rich soil."


def open_article(page: Any, base: str, title: str) -> None:
    page.goto(f"{base}{SPACE}")
    page.get_by_role("link", name="Wiki", exact=True).click()
    page.get_by_role("link", name=title, exact=True).first.click()


def test_a_red_link_becomes_an_article_and_a_vandalised_edit_is_reverted(
    new_page: Any,
    live_server: str,
) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "katrin")
    teacher.goto(f"{live_server}{SPACE}")
    teacher.get_by_role("link", name="Wiki", exact=True).click()
    teacher.get_by_role("link", name="New article").first.click()
    teacher.get_by_label("Title").fill("Composting at school")
    teacher.get_by_label("Text", exact=True).fill(
        "Leaves and peels become soil.\n\nWe will build a [[Worm farm]] in spring."
    )
    teacher.get_by_role("button", name="Save").click()
    red = teacher.locator("main a.wikilink-missing", has_text="Worm farm")
    expect(red).to_have_count(1)
    screenshot(teacher, "wiki-article")

    pupil = new_page()
    sign_in(pupil, live_server, "lena")
    open_article(pupil, live_server, "Composting at school")
    pupil.get_by_role("link", name="Worm farm").click()
    expect(pupil.get_by_label("Title")).to_have_value("Worm farm")
    pupil.get_by_label("Text", exact=True).fill(
        f"{GOOD}\n\nKeep the bin damp and dark."
    )
    pupil.get_by_label("What did you change? (optional)").fill("first version")
    pupil.get_by_role("button", name="Save").click()
    expect(pupil.locator("main h1")).to_have_text(re.compile("^Worm farm"))
    expect(pupil.locator("main")).to_contain_text(GOOD)
    open_article(pupil, live_server, "Composting at school")
    expect(pupil.locator("main a.wikilink", has_text="Worm farm")).to_have_count(1)

    vandal = new_page()
    sign_in(vandal, live_server, "jonas")
    open_article(vandal, live_server, "Worm farm")
    vandal.get_by_role("link", name="Edit", exact=True).click()
    vandal.get_by_label("Text", exact=True).fill("WORMS ARE GROSS lol")
    vandal.get_by_role("button", name="Save").click()
    expect(vandal.locator("main")).to_contain_text("GROSS")

    open_article(teacher, live_server, "Worm farm")
    teacher.get_by_role("link", name="History", exact=True).click()
    expect(teacher.locator("tr#r2 .wiki-unreviewed")).to_have_count(1)
    screenshot(teacher, "wiki-history")
    teacher.locator("tr#r1").get_by_role("button", name="Restore this version").click()
    expect(teacher.locator("main")).to_contain_text(GOOD)
    expect(teacher.locator("main")).not_to_contain_text("GROSS")
    teacher.get_by_role("link", name="History", exact=True).click()
    expect(teacher.locator("tr#r3")).to_contain_text("Reverted to revision 1")
    # The teacher's revert counts as reviewing the restored text and the edit it undid.
    expect(teacher.locator(".wiki-unreviewed")).to_have_count(0)
