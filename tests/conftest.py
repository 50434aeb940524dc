"""The core's own suite uses the fixtures plugin authors get: :mod:`etwincms.testing`.

They are loaded through the ``pytest11`` entry point; the core's tests run with no
plugins (the ``plugins`` fixture's default), which proves the core works alone.
"""

# The browser suite's fixtures (Chromium, the live server), shared by plugins' suites.
pytest_plugins = ["tests.browser.fixtures"]
