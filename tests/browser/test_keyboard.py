"""Everything on the main screens is reachable with the Tab key alone.

For each screen the test marks every visible control a keyboard user should be able to
reach (links, buttons, fields; one stop per radio group and per toolbar, as those move
with arrow keys), then presses Tab until focus has gone round the page, and checks that
every marked control received focus.
"""

from __future__ import annotations

from typing import Any

import pytest

from tests.browser.test_accessibility import SCREENS
from tests.browser.test_smoke import sign_in

pytestmark = pytest.mark.browser

MARK_CONTROLS = """() => {
  const selector = "a[href], button, input:not([type=hidden]), select, textarea, summary";
  const radioSeen = new Set();
  const controls = [...document.querySelectorAll(selector)].filter((el) => {
    if (el.disabled || el.tabIndex < 0 || el.closest("[hidden]")) return false;
    if (!el.getClientRects().length || getComputedStyle(el).visibility === "hidden") return false;
    if (el.type === "radio") {
      const group = el.form ? el.form.elements[el.name] : [el];
      const stop = [...group].find((r) => r.checked) || group[0];
      if (el !== stop || radioSeen.has(el.name)) return false;
      radioSeen.add(el.name);
    }
    return true;
  });
  controls.forEach((el, index) => { el.dataset.kbd = String(index); });
  return controls.length;
}"""


@pytest.fixture(scope="module")
def signed_in(chromium: Any, live_server: str) -> Any:
    context = chromium.new_context(viewport={"width": 1280, "height": 900})
    page = context.new_page()
    sign_in(page, live_server, "maria")
    yield page
    context.close()


@pytest.mark.parametrize("screen", list(SCREENS))
def test_every_control_is_reachable_by_tab(
    signed_in: Any, live_server: str, screen: str
) -> None:
    page = signed_in
    page.goto(f"{live_server}{SCREENS[screen]}")
    page.wait_for_load_state("load")
    total = page.evaluate(MARK_CONTROLS)
    reached: set[str] = set()
    for _ in range(total + 10):
        page.keyboard.press("Tab")
        mark = page.evaluate("document.activeElement?.dataset?.kbd ?? null")
        if mark is not None:
            reached.add(mark)
    missing = page.evaluate(
        "(reached) => [...document.querySelectorAll('[data-kbd]')]"
        ".filter((el) => !reached.includes(el.dataset.kbd))"
        ".map((el) => el.outerHTML.slice(0, 120))",
        sorted(reached),
    )
    assert total > 0
    assert missing == []
