"""Fixtures of the interface-language suite: an app offering every shipped language.

``LANGUAGES`` is set to the languages with catalogues (etwincms.translations.tool) so
the suite checks what ships, whatever the site default lists.
"""

from __future__ import annotations

from typing import Any

import pytest

from etwincms.testing import make_config
from etwincms.translations.tool import LANGUAGES


@pytest.fixture
def app_config(tmp_path: Any, database_url: str | None) -> dict[str, Any]:
    return make_config(tmp_path, database_url, LANGUAGES=list(LANGUAGES))
