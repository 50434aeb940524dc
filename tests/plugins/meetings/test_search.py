"""Meetings are found by title and agenda, and a teachers-only meeting never by a pupil."""

from __future__ import annotations

from typing import Any

import pytest

from etwincms.testing import RoleClient

from .conftest import MeetingSpace, text


@pytest.fixture
def app_config(app_config: dict[str, Any]) -> dict[str, Any]:
    return {**app_config, "SEARCH_DRAIN": "inline"}  # searched right after each commit


def test_pupils_find_only_meetings_addressed_to_them(
    browser: RoleClient, meetings: MeetingSpace
) -> None:
    meetings.meeting(title="Class call", agenda="We plan the **compost** workshop.")
    meetings.meeting(
        title="Budget call", agenda="The compost budget.", audience="teachers"
    )
    browser.login("teacher")
    found = text(browser.client.get("/search?q=compost"))
    assert "Class call" in found and "Budget call" in found
    browser.login("pupil")
    found = text(browser.client.get("/search?q=compost"))
    assert "Class call" in found and "Budget call" not in found
    meetings.switch(False)
    browser.login("teacher")
    assert "Class call" not in text(browser.client.get("/search?q=compost"))
