"""A report costs the same few queries however many items the space holds."""

from __future__ import annotations

from datetime import UTC, datetime, timedelta

import pytest

from etwincms.hooktypes import Contribution
from etwincms.reports.filters import ReportFilters
from etwincms.reports.service import build_report
from etwincms.testing import count_statements

from .probe import Probe
from .world import World, build_world


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def plugins(probe: Probe) -> list[Probe]:
    return [probe]


@pytest.fixture
def world(session, make, probe) -> World:
    return build_world(session, make, probe)


def many(world: World, count: int) -> list[Contribution]:
    authors = [person.id for person in world.people.values()]
    start = datetime(2026, 1, 1, tzinfo=UTC)
    return [
        Contribution(
            f"probe_item:{n}",
            "probe_item",
            "probe",
            f"Item {n}",
            f"/x/{n}",
            authors[n % len(authors)],
            start + timedelta(hours=n),
            output=n % 7 == 0,
        )
        for n in range(count)
    ]


def statements_for(app, session, world: World, probe: Probe, count: int) -> int:
    probe.items[world.project.id] = many(world, count)
    with count_statements(app) as statements:
        report = build_report(session, world.project, ReportFilters())
    assert report.total >= count
    return len(statements)


def test_report_queries_do_not_grow_with_the_items(app, session, world, probe):
    small = statements_for(app, session, world, probe, 10)
    large = statements_for(app, session, world, probe, 1000)
    assert large == small
    assert small <= 12
