"""Accessibility: axe-core finds no serious or critical violations on the main screens.

axe-core is vendored (``tests/browser/vendor/``, from the npm package ``axe-core``, MPL-2.0)
and injected into each page by the test; nothing is fetched at run time.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from tests.browser.test_smoke import sign_in

pytestmark = pytest.mark.browser

AXE = Path(__file__).parent / "vendor" / "axe-4.14.1.min.js"
SPACE = "/s/green-roots"
PAGE = "before-the-mobility/glossary-of-sustainable-farming-terms"
SCREENS = {
    "dashboard": "/spaces",
    "space home": f"{SPACE}/",
    "page view": f"{SPACE}/{PAGE}",
    "page edit": f"{SPACE}/-/edit/{PAGE}",
    "history": f"{SPACE}/-/history/{PAGE}",
    "members": f"{SPACE}/-/people",
    "settings": f"{SPACE}/-/settings",
    "roles": f"{SPACE}/-/settings/roles",
    "tools": f"{SPACE}/-/plugins",
    "forum": f"{SPACE}/-/forum/",
    "new page": f"{SPACE}/-/new",
    "what links here": f"{SPACE}/-/links/{PAGE}",
    "materials": f"{SPACE}/-/materials",
    "search": "/search?q=compost",
}


def serious_violations(page: Any) -> list[dict[str, Any]]:
    # Not add_script_tag: the strict CSP refuses inline scripts; evaluation by the
    # test driver is not the page's and is allowed.
    page.evaluate(AXE.read_text(encoding="utf-8"))
    result = page.evaluate("async () => await axe.run(document)")
    return [
        {
            "id": v["id"],
            "impact": v["impact"],
            "nodes": [n["target"] for n in v["nodes"]][:5],
        }
        for v in result["violations"]
        if v["impact"] in {"serious", "critical"}
    ]


@pytest.fixture(scope="module")
def admin_page(chromium: Any, live_server: str) -> Any:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "maria")
    yield page
    context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_serious_accessibility_violations(
    admin_page: Any, live_server: str, screen: str
) -> None:
    admin_page.goto(f"{live_server}{SCREENS[screen]}")
    assert serious_violations(admin_page) == []


def test_the_sign_in_page_and_public_pages_are_accessible(
    new_page: Any, live_server: str
) -> None:
    page = new_page()
    for url in ("/login", f"{SPACE}/welcome"):
        page.goto(f"{live_server}{url}")
        assert serious_violations(page) == [], url


@pytest.fixture(scope="module")
def phone_page(chromium: Any, live_server: str) -> Any:
    context = chromium.new_context(
        viewport={"width": 375, "height": 740}, is_mobile=True
    )
    page = context.new_page()
    sign_in(page, live_server, "maria")
    yield page
    context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_no_horizontal_scrolling_at_375px(
    phone_page: Any, live_server: str, screen: str
):
    phone_page.goto(f"{live_server}{SCREENS[screen]}")
    overflow = phone_page.evaluate(
        "document.documentElement.scrollWidth - window.innerWidth"
    )
    assert overflow <= 0, f"{screen}: {overflow}px wider than the screen"
