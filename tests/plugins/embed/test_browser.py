"""The embed plugin in a real browser: a teacher adds a YouTube share link; opening its
page makes no request to any third-party host until a person clicks the button, and
then the sandboxed frame appears with the provider's address (answered by a local stub
through ``page.route``, so no real network call happens)."""

from __future__ import annotations

import re
from typing import Any
from urllib.parse import urlsplit

import pytest

from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import SPACE, sign_in

pytestmark = pytest.mark.browser


SHARE = "https://www.youtube.com/watch?v=aqz-KE-bpKQ"
EMBED = "https://www.youtube-nocookie.com/embed/aqz-KE-bpKQ"


def add_embed(page: Any, base: str) -> str:
    page.goto(f"{base}{SPACE}-/embed/")
    page.get_by_label("Title").fill("Our farm visit")
    page.get_by_label("Share link").fill(SHARE)
    page.get_by_role("button", name="Add the embed").click()
    page.wait_for_url(re.compile(r"/-/embed/e/\d+$"))
    return page.url


def test_nothing_reaches_the_provider_until_a_person_clicks(
    new_page: Any, live_server: str
) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "maria")
    item_url = add_embed(teacher, live_server)

    requests: list[str] = []
    teacher.on("request", lambda request: requests.append(request.url))
    teacher.route(
        "https://www.youtube-nocookie.com/**",
        lambda route: route.fulfill(
            status=200, content_type="text/html", body="<p>stub</p>"
        ),
    )
    teacher.goto(item_url)
    teacher.wait_for_load_state("networkidle")
    button = teacher.get_by_role(
        "button", name=re.compile("Load “Our farm visit” from YouTube")
    )
    assert button.is_visible()
    assert "hosted by YouTube" in teacher.locator("main").inner_text()
    local = urlsplit(live_server).netloc
    assert requests and all(urlsplit(url).netloc == local for url in requests)
    assert teacher.locator("iframe").count() == 0
    screenshot(teacher, "embed-placeholder")

    button.click()
    frame = teacher.locator("main iframe")
    frame.wait_for()
    assert frame.get_attribute("src") == EMBED
    assert "allow-scripts" in (frame.get_attribute("sandbox") or "")
    teacher.wait_for_load_state("networkidle")
    outside = {urlsplit(url).netloc for url in requests} - {local}
    assert outside == {"www.youtube-nocookie.com"}
    screenshot(teacher, "embed-loaded")


def test_without_javascript_the_fallback_link_opens_the_share_page(
    new_page: Any, live_server: str
) -> None:
    writer = new_page()
    sign_in(writer, live_server, "maria")
    add_embed(writer, live_server)
    teacher = new_page(java_script_enabled=False)
    sign_in(teacher, live_server, "maria")
    teacher.goto(f"{live_server}{SPACE}-/embed/")
    link = teacher.get_by_role("link", name="Open “Our farm visit” on YouTube").first
    assert link.get_attribute("href") == SHARE
