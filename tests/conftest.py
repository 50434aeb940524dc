"""The core's own suite uses the fixtures plugin authors get: :mod:`etwincms.testing`.

They are loaded through the ``pytest11`` entry point; the core's tests run with no
plugins (the ``plugins`` fixture's default), which proves the core works alone.
"""

from __future__ import annotations

import os
from collections.abc import Callable

import pytest

# The browser suite's fixtures (Chromium, the live server), shared by plugins' suites.
pytest_plugins = ["tests.browser.fixtures"]


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Leave the long fuzz runs out unless ``make fuzz`` asked for them, and leave out of
    the PostgreSQL pass the tests that never touch its database."""
    if not os.environ.get("ETWINCMS_FUZZ_EXAMPLES"):
        deselect(config, items, lambda item: bool(item.get_closest_marker("fuzz")))
    if os.environ.get("ETWINCMS_TEST_DATABASE_URL"):
        deselect(config, items, lambda item: not uses_database(item))


def uses_database(item: pytest.Item) -> bool:
    """Whether a test touches the suite's database: through the fixtures (they all start
    from ``database_url``) or, marked ``database``, by reading the setting itself.

    The PostgreSQL pass runs only these; the rest would repeat the SQLite pass exactly.
    """
    fixtures = getattr(item, "fixturenames", ())
    return "database_url" in fixtures or bool(
        item.get_closest_marker("database") or item.get_closest_marker("postgres")
    )


def deselect(
    config: pytest.Config,
    items: list[pytest.Item],
    leave_out: Callable[[pytest.Item], bool],
) -> None:
    """Deselected, not skipped, so a skip in ``make test`` always means something is missing."""
    left_out = [item for item in items if leave_out(item)]
    if left_out:
        config.hook.pytest_deselected(items=left_out)
        items[:] = [item for item in items if not leave_out(item)]
