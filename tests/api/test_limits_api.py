"""Rate limits: each token has its own budget; past it, 429 with Retry-After."""

from __future__ import annotations

from typing import Any

import pytest

from etwincms.testing import make_config


@pytest.fixture
def app_config(tmp_path: Any, database_url: str | None) -> dict[str, Any]:
    return make_config(tmp_path, database_url, API_RATE_LIMIT="3 per minute")


def test_each_token_has_its_own_budget(api: Any, client: Any) -> None:
    teacher, pupil = api("teacher"), api("pupil")
    answers = [teacher.get("/me").status_code for _ in range(4)]
    assert answers == [200, 200, 200, 429]
    limited = teacher.get("/me")
    assert limited.headers["Content-Type"] == "application/problem+json"
    assert int(limited.headers["Retry-After"]) > 0
    assert pupil.get("/me").status_code == 200
    assert client.get("/login").status_code == 200  # the web pages are not counted here
