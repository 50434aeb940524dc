"""Browser test fixtures: the system Chromium driven by Playwright against a live server.

Registered once for the whole suite (``pytest_plugins`` in ``tests/conftest.py``), so the
core's browser tests and every plugin's share one Chromium and one live server per test
process; the Chromium fixture is ``chromium`` (plugin suites have their own ``browser``:
a signed-in test client).

The server is a real WSGI server on a loopback port serving an app with the demo space
loaded through migrations, exactly as ``make run`` sets it up. Chromium is Debian's
``/usr/bin/chromium`` (never a downloaded browser). Without it the tests are skipped
locally with a message; with ``CI=true`` a missing Chromium fails the run.
"""

from __future__ import annotations

import os
import sys
import threading
import traceback
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest
from sqlalchemy import update
from werkzeug.serving import make_server

from etwincms import migrate
from etwincms.app import create_app
from etwincms.cli import app_session
from etwincms.demo import load_demo
from etwincms.models import User

CHROMIUM = Path(os.environ.get("ETWINCMS_CHROMIUM", "/usr/bin/chromium"))
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
    "--disable-dev-shm-usage",
]
SCREENSHOTS = Path(__file__).resolve().parents[2] / "docs" / "img"
#: How long a step (a click's navigation, an expectation) may take. Both test workers
#: run a Chromium beside the suite on CI's two cores; a page seldom takes a second.
STEP_TIMEOUT_MS = 15_000


@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item: pytest.Item, call: pytest.CallInfo[None]) -> Any:
    """When a test with the live server fails, show what every thread of the process
    was doing: a request that hangs then shows where it waits."""
    outcome = yield
    report = outcome.get_result()
    if report.failed and "live_server" in getattr(item, "fixturenames", ()):
        report.sections.append(("live server: threads at the failure", thread_stacks()))


def thread_stacks() -> str:
    names = {thread.ident: thread.name for thread in threading.enumerate()}
    return "\n".join(
        f"--- {names.get(ident, ident)}\n" + "".join(traceback.format_stack(frame))
        for ident, frame in sys._current_frames().items()
    )


@pytest.fixture(scope="session")
def chromium_path() -> Path:
    if CHROMIUM.exists():
        return CHROMIUM
    message = f"Chromium not found at {CHROMIUM} (apt-get install chromium)"
    if os.environ.get("CI") == "true":
        pytest.fail(message)
    pytest.skip(message)


@pytest.fixture(scope="session")
def live_server(tmp_path_factory: pytest.TempPathFactory) -> Iterator[str]:
    instance = tmp_path_factory.mktemp("browser-instance")
    app = create_app(
        {
            "INSTANCE_PATH": str(instance),
            "SECRET_KEY": "browser-tests",
            "PASSWORD_HASH": "fast",
        }
    )
    migrate.upgrade(app)
    with app_session(app) as session:
        load_demo(session)
        # The demo's partners read the interface in their own languages; these tests
        # find controls by their English names (tests/i18n checks the other languages).
        session.execute(update(User).values(locale="en"))
        session.commit()
    server = make_server("127.0.0.1", 0, app, threaded=True)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}"
    server.shutdown()
    thread.join(timeout=10)


@pytest.fixture(scope="session")
def chromium(chromium_path: Path) -> Iterator[Any]:
    from playwright.sync_api import sync_playwright

    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path=str(chromium_path), headless=True, args=CHROMIUM_ARGS
        )
        yield browser
        browser.close()


@pytest.fixture
def page(chromium: Any) -> Iterator[Any]:
    context = chromium.new_context(
        viewport={"width": 1280, "height": 860}, locale="en-GB"
    )
    page = context.new_page()
    page.set_default_timeout(STEP_TIMEOUT_MS)
    yield page
    context.close()


def image_width(image: Any) -> int:
    """The image's natural width once it has loaded, 0 if it cannot load.

    Right after a navigation an image may still be on its way (``img.complete`` is
    false); ``decode()`` waits for it.
    """
    width = image.evaluate("img => img.decode().then(() => img.naturalWidth, () => 0)")
    return int(width)


def screenshot(page: Any, name: str) -> None:
    """Keep a screenshot for the docs (docs/img/<name>.png).

    Headless Chromium now and then answers "Unable to capture screenshot" while a page
    is still settling; the picture is documentation, not an assertion, so try once more.
    """
    from playwright.sync_api import Error

    SCREENSHOTS.mkdir(parents=True, exist_ok=True)
    path = str(SCREENSHOTS / f"{name}.png")
    try:
        page.screenshot(path=path, full_page=False)
    except Error:
        page.wait_for_timeout(500)
        page.screenshot(path=path, full_page=False)


@pytest.fixture
def new_page(chromium: Any) -> Iterator[Any]:
    """Open pages in fresh browser contexts (separate sign-ins); all closed afterwards."""
    contexts: list[Any] = []

    def open_page(width: int = 1280, height: int = 900, **options: Any) -> Any:
        context = chromium.new_context(
            viewport={"width": width, "height": height}, **options
        )
        contexts.append(context)
        page = context.new_page()
        page.set_default_timeout(STEP_TIMEOUT_MS)
        return page

    yield open_page
    for context in contexts:
        context.close()
