"""The export opened from the disk in Chromium, as a reader after the platform is gone:
links work, pictures show, the search finds pages, and nothing asks any server."""

from __future__ import annotations

import io
import zipfile
from collections.abc import Iterator
from pathlib import Path
from typing import Any
from urllib.parse import unquote, urlsplit

import pytest
from playwright.sync_api import expect

from etwincms.export.site import build_site
from tests.browser.fixtures import image_width

from .conftest import World

pytestmark = pytest.mark.browser


@pytest.fixture
def site(world: World, tmp_path: Path) -> Path:
    target = io.BytesIO()
    build_site(world.session, world.project, target)
    folder = tmp_path / "site"
    with zipfile.ZipFile(target) as archive:
        archive.extractall(folder)
    return folder


class Recorder:
    """Every request the page makes; anything not ``file://`` is blocked and kept."""

    def __init__(self) -> None:
        self.seen: list[str] = []
        self.blocked: list[str] = []

    def route(self, route: Any) -> None:
        url = route.request.url
        if url.startswith("file://"):
            route.continue_()
        else:
            self.blocked.append(url)
            route.abort()


@pytest.fixture
def reader(chromium: Any) -> Iterator[tuple[Any, Recorder]]:
    recorder = Recorder()
    context = chromium.new_context(viewport={"width": 1100, "height": 800})
    context.route("**/*", recorder.route)
    context.on("request", lambda request: recorder.seen.append(request.url))
    page = context.new_page()
    page.set_default_timeout(10_000)
    yield page, recorder
    context.close()


def search(page: Any, words: str) -> list[str]:
    page.fill("#export-search-q", words)
    page.press("#export-search-q", "Enter")
    page.wait_for_selector("[data-export-results]:not([hidden])")
    return page.locator("[data-export-list] li a").all_inner_texts()


def test_the_export_works_offline_with_no_request_to_any_server(
    site: Path, reader: tuple[Any, Recorder]
) -> None:
    page, recorder = reader
    page.goto((site / "index.html").as_uri())
    assert page.title() == "Test space"
    page.get_by_role("link", name="Welcome").click()
    assert page.url.endswith("/pages/welcome.html")
    picture = page.locator("img[alt='Our photo']")
    assert image_width(picture) > 0
    page.get_by_role("link", name="Visit diary").click()
    expect(page.locator("h1")).to_have_text("Visit diary")
    assert search(page, "moraine") == ["Visit diary"]
    assert search(page, "crevasses") == ["Glacier story"]
    page.get_by_role("link", name="Glacier story").click()
    assert page.url.endswith("/showcase/story.html")
    assert image_width(page.locator("img[alt='Drawing']")) > 0
    assert search(page, "TOPSECRET") == []
    assert page.locator("[data-export-count]").inner_text() == "Nothing found."
    page.get_by_role("link", name="Test space").click()
    assert page.url.endswith("/index.html")
    assert recorder.blocked == []
    assert [url for url in recorder.seen if not url.startswith("file://")] == []
    assert len(recorder.seen) > 10


def test_every_link_of_every_page_opens_a_file_of_the_export(
    site: Path, reader: tuple[Any, Recorder]
) -> None:
    page, recorder = reader
    checked = 0
    for html in sorted(site.rglob("*.html")):
        page.goto(html.as_uri())
        hrefs = page.eval_on_selector_all("a[href]", "links => links.map(a => a.href)")
        for href in hrefs:
            if not href.startswith("file://"):
                assert href.startswith(("https://", "mailto:")), (html, href)
                continue
            target = Path(unquote(urlsplit(href).path))
            assert target.is_file(), (html.relative_to(site), href)
            assert site in target.parents
            checked += 1
    assert checked > 30
    assert recorder.blocked == []
