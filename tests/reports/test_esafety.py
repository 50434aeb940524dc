"""eSafety and GDPR evidence: the space's moderation and consent records, counted."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from etwincms.db import commit
from etwincms.services import audit

from .helpers import csv_counts, csv_rows, html_counts, pdf_text
from .probe import Probe
from .world import World, at, build_world

#: (action, actor key, when): what the moderation queue and consent records write.
RECORDS = (
    ("moderation.approve", "teacher_es", at(2026, 3, 2)),
    ("moderation.approve", "teacher_pl", at(2026, 4, 2)),
    ("moderation.reject", "teacher_pl", at(2026, 4, 3)),
    ("moderation.consent", "teacher_es", at(2026, 1, 20)),
    ("moderation.consent", "teacher_pl", at(2026, 1, 21)),
    ("moderation.consent", "teacher_pl", at(2026, 5, 30)),
    ("moderation.shown", "admin", at(2026, 6, 2)),
    ("page.create", "admin", at(2026, 4, 1)),  # not safety evidence
)
SCHOOL = {"teacher_es": "es", "teacher_pl": "pl", "admin": "es"}


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def plugins(probe: Probe) -> list[Probe]:
    return [probe]


@pytest.fixture
def world(session, make, probe, auth) -> World:
    world = build_world(session, make, probe)
    for action, actor, when in RECORDS:
        entry = audit.record(session, world.people[actor], action, world.project)
        entry.at = when
    commit(session)
    auth.login("rep_admin")
    return world


def expected(
    start: date | None = None, end: date | None = None, school: str | None = None
):
    return Counter(
        action
        for action, actor, when in RECORDS
        if action.startswith("moderation.")
        and (start is None or when.date() >= start)
        and (end is None or when.date() <= end)
        and (school is None or SCHOOL[actor] == school)
    )


def safety(client, **args: str) -> Counter:
    data = client.get("/api/v1/projects/water/reports", query_string=args).get_json()
    groups = {g["criterion"]: g for g in data["quality_label"]}
    assert Counter(groups["esafety"]["records"]) == Counter(data["esafety"])
    return Counter(data["esafety"])


def test_moderation_and_consent_records_are_counted_by_action(client, world):
    assert safety(client) == expected()
    rows = csv_rows(client.get("/s/water/-/reports/report.csv").get_data(as_text=True))
    assert csv_counts(rows, "esafety", "action") == expected()
    html = client.get("/s/water/-/reports/quality-label").get_data(as_text=True)
    counts = html_counts(html)
    assert counts["criterion:esafety"] == sum(expected().values())
    assert "Media consents recorded" in html


def test_records_follow_the_date_range_and_the_school(client, world):
    window = {"from": "2026-03-01", "to": "2026-05-31"}
    assert safety(client, **window) == expected(date(2026, 3, 1), date(2026, 5, 31))
    pl = str(world.schools["pl"].id)
    assert safety(client, school=pl) == expected(school="pl")


def test_pdf_lists_the_records(client, world):
    text = pdf_text(client.get("/s/water/-/reports/report.pdf").data)
    assert f"Media consents recorded {expected()['moderation.consent']}" in text
