"""The core's own suite uses the fixtures plugin authors get: :mod:`etwincms.testing`.

They are loaded through the ``pytest11`` entry point; the core's tests run with no
plugins (the ``plugins`` fixture's default), which proves the core works alone.
"""

from __future__ import annotations

import os

import pytest

# The browser suite's fixtures (Chromium, the live server), shared by plugins' suites.
pytest_plugins = ["tests.browser.fixtures"]


def pytest_collection_modifyitems(
    config: pytest.Config, items: list[pytest.Item]
) -> None:
    """Leave the long fuzz runs out unless ``make fuzz`` asked for them: deselected, not
    skipped, so a skip in ``make test`` always means something is missing."""
    if os.environ.get("ETWINCMS_FUZZ_EXAMPLES"):
        return
    fuzz = [item for item in items if item.get_closest_marker("fuzz")]
    if fuzz:
        config.hook.pytest_deselected(items=fuzz)
        items[:] = [item for item in items if not item.get_closest_marker("fuzz")]
