"""``etwincms meetings-remind`` puts one reminder per coming occurrence in the space's
activity, within the space's ``reminder_days``, and nothing twice."""

from __future__ import annotations

from datetime import timedelta
from typing import Any

import pytest
from click.testing import CliRunner

import etwincms.cli
import etwincms_meetings
from etwincms.app import create_app
from etwincms.db import utcnow
from etwincms.testing import RoleClient

from .conftest import MeetingSpace, text


def test_the_command_reminds_once_per_coming_occurrence(
    browser: RoleClient,
    meetings: MeetingSpace,
    app_config: dict[str, Any],
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    soon = utcnow() + timedelta(days=1)
    meetings.meeting(title="Tomorrow", starts_at=soon, repeat_weeks=1, repeat_count=2)
    meetings.meeting(title="Later", starts_at=soon + timedelta(days=20))
    meetings.meeting(title="Over", starts_at=soon - timedelta(days=3))
    monkeypatch.setattr(
        etwincms.cli,
        "create_app",
        lambda: create_app(app_config, plugins=[etwincms_meetings]),
    )
    monkeypatch.setattr(etwincms.cli.main, "commands", dict(etwincms.cli.main.commands))
    monkeypatch.setattr(etwincms.cli.main, "_plugins_loaded", False, raising=False)
    result = CliRunner().invoke(etwincms.cli.main, ["meetings-remind"])
    assert result.exit_code == 0, result.output
    assert result.output == "1 meeting reminder(s) written\n"
    again = CliRunner().invoke(etwincms.cli.main, ["meetings-remind"])
    assert again.output == "0 meeting reminder(s) written\n"
    browser.login("pupil")
    home = text(browser.client.get(f"/s/{meetings.project.slug}/"))
    assert "Teacher_User reminded members of a coming meeting" in home
