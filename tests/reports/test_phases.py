"""Mobilities, participants and phases in the report, against counts made here."""

from __future__ import annotations

from collections import Counter
from datetime import date
from typing import Any

import pytest
from sqlalchemy import select

from etwincms.db import commit
from etwincms.phases.models import (
    Mobility,
    MobilityParticipant,
    Phase,
    PhaseKind,
    PhaseTag,
)

from .helpers import csv_counts, csv_rows, html_counts
from .probe import Probe
from .world import MEMBERS, SCHOOL_LABELS, World, build_world

#: title -> (host school key, first day, last day, participants' MEMBERS keys)
MOBILITIES = {
    "Visit to Łódź": (
        "pl",
        date(2026, 4, 13),
        date(2026, 4, 17),
        ("teacher_es", "pupil_es", "pupil_es2", "observer"),
    ),
    "Visit to Valencia": (
        "es",
        date(2026, 10, 5),
        date(2026, 10, 9),
        ("teacher_pl", "pupil_pl", "lead_pl"),
    ),
}
#: phase key -> (kind, mobility title or None, first day, last day, tagged item pks)
PHASES = {
    "before": (
        PhaseKind.BEFORE,
        "Visit to Łódź",
        date(2026, 2, 16),
        date(2026, 4, 12),
        (1, 2),
    ),
    "during": (
        PhaseKind.DURING,
        "Visit to Łódź",
        date(2026, 4, 13),
        date(2026, 4, 17),
        (5,),
    ),
    "after": (
        PhaseKind.AFTER,
        "Visit to Łódź",
        date(2026, 4, 18),
        date(2026, 6, 12),
        (7, 9),
    ),
    "dissemination": (PhaseKind.DISSEMINATION, None, None, None, (13, 4)),
}


def phase_of(session: Any, project: Any, kind: PhaseKind) -> Phase | None:
    """The space's own dissemination phase (made with the space); others are new."""
    if kind is not PhaseKind.DISSEMINATION:
        return None
    return session.scalar(
        select(Phase).where(Phase.project_id == project.id, Phase.kind == kind)
    )


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def plugins(probe: Probe) -> list[Probe]:
    return [probe]


@pytest.fixture
def world(session, make, probe, auth) -> tuple[World, dict, dict]:
    world = build_world(session, make, probe)
    project = world.project
    mobilities = {}
    for title, (host, start, end, who) in MOBILITIES.items():
        mobility = Mobility(
            project_id=project.id,
            title=title,
            starts_on=start,
            ends_on=end,
            host_school_id=world.schools[host].id,
        )
        session.add(mobility)
        session.flush()
        for key in who:
            session.add(
                MobilityParticipant(
                    mobility_id=mobility.id, user_id=world.people[key].id
                )
            )
        mobilities[title] = mobility
    phases = {}
    for key, (kind, mobility, start, end, pks) in PHASES.items():
        phase = phase_of(session, project, kind) or Phase(project_id=project.id)
        phase.kind, phase.title = kind, f"Phase {key}"
        phase.starts_on, phase.ends_on = start, end
        phase.mobility_id = mobilities[mobility].id if mobility else None
        session.add(phase)
        session.flush()
        by_pk = {item.pk: item for item in world.items}
        for pk in pks:
            session.add(
                PhaseTag(project_id=project.id, phase_id=phase.id, item_id=by_pk[pk].id)
            )
        phases[key] = phase
    commit(session)
    auth.login("rep_teacher_es")
    return (
        world,
        {t: m.id for t, m in mobilities.items()},
        {k: p.id for k, p in phases.items()},
    )


def report(client, **args: str) -> dict:
    answer = client.get("/api/v1/projects/water/reports", query_string=args)
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def expected_participants(who, school: str | None = None) -> tuple[Counter, Counter]:
    chosen = [k for k in who if school is None or MEMBERS[k][3] == school]
    return (
        Counter(SCHOOL_LABELS[MEMBERS[k][3]] for k in chosen),
        Counter(MEMBERS[k][2] for k in chosen),
    )


def test_mobilities_count_their_participants_by_school_and_role(client, world):
    rows = {row["title"]: row for row in report(client)["mobilities"]}
    assert set(rows) == set(MOBILITIES)
    for title, (host, start, _end, who) in MOBILITIES.items():
        by_school, by_role = expected_participants(who)
        assert rows[title]["participants"] == len(who)
        assert Counter(rows[title]["by_school"]) == by_school
        assert Counter(rows[title]["by_role"]) == by_role
        assert rows[title]["host_school"] == SCHOOL_LABELS[host]
        assert rows[title]["starts_on"] == start.isoformat()


def test_mobilities_outside_the_range_are_left_out(client, world):
    rows = report(client, **{"from": "2026-06-01"})["mobilities"]
    assert [row["title"] for row in rows] == ["Visit to Valencia"]
    rows = report(client, **{"to": "2026-04-13"})["mobilities"]  # its first day
    assert [row["title"] for row in rows] == ["Visit to Łódź"]


def test_school_filter_counts_that_school_s_participants(client, world):
    data = report(client, school=str(world[0].schools["pl"].id))
    for row in data["mobilities"]:
        who = MOBILITIES[row["title"]][3]
        by_school, by_role = expected_participants(who, "pl")
        assert row["participants"] == sum(by_school.values())
        assert Counter(row["by_role"]) == by_role


def test_each_phase_counts_its_tagged_items(client, world):
    state, _, phases = world
    rows = {row["id"]: row for row in report(client)["phases"]}
    by_pk = {item.pk: item for item in state.items}
    for key, (kind, _, _, _, pks) in PHASES.items():
        row = rows[phases[key]]
        assert row["kind"] == kind.value
        assert row["total"] == len(pks)
        assert Counter(row["by_type"]) == Counter(by_pk[pk].type for pk in pks)
    assert list(rows)[-1] == phases["dissemination"]  # dissemination comes last


def test_phase_filter_keeps_its_items_and_its_mobility(client, world):
    state, _, phases = world
    data = report(client, phase=str(phases["after"]))
    pks = PHASES["after"][4]
    by_pk = {item.pk: item for item in state.items}
    assert data["contributions"]["total"] == len(pks)
    assert Counter(data["contributions"]["by_role"]) == Counter(
        state.role_of(by_pk[pk]) for pk in pks
    )
    assert [row["title"] for row in data["mobilities"]] == ["Visit to Łódź"]
    assert [row["id"] for row in data["phases"]] == [phases["after"]]
    dissemination = report(client, phase=str(phases["dissemination"]))
    assert len(dissemination["mobilities"]) == len(MOBILITIES)  # not a mobility's phase


def test_phase_kinds_add_quality_label_evidence(client, world):
    state, _, _ = world
    groups = {g["criterion"]: set(g["items"]) for g in report(client)["quality_label"]}
    by_pk = {item.pk: item for item in state.items}
    during = {by_pk[pk].id for pk in PHASES["during"][4]}
    after = {by_pk[pk].id for pk in PHASES["after"][4] + PHASES["dissemination"][4]}
    plain_collab = {i.id for i in state.items if "collaboration" in i.criteria}
    plain_results = {i.id for i in state.items if "results" in i.criteria}
    assert groups["collaboration"] == plain_collab | during
    assert groups["results"] == plain_results | after


def test_html_and_csv_show_the_same_mobility_and_phase_numbers(client, world):
    _, mobilities, phases = world
    counts = html_counts(client.get("/s/water/-/reports/").get_data(as_text=True))
    rows = csv_rows(client.get("/s/water/-/reports/report.csv").get_data(as_text=True))
    participants = csv_counts(rows, "participants", "mobility")
    by_school = csv_counts(rows, "participants_by_school", "mobility", "school")
    for title, (_, _, _, who) in MOBILITIES.items():
        assert counts[f"mobility:{mobilities[title]}"] == len(who)
        assert participants[title] == len(who)
        for school, number in expected_participants(who)[0].items():
            assert by_school[(title, school)] == number
    phase_rows = csv_counts(rows, "phase", "phase")
    for key, (_, _, _, _, pks) in PHASES.items():
        assert counts[f"phase:{phases[key]}"] == len(pks)
        assert phase_rows[f"Phase {key}"] == len(pks)


def test_phase_filter_is_offered_in_the_form(client, world):
    _, _, phases = world
    html = client.get("/s/water/-/reports/").get_data(as_text=True)
    for key, phase_id in phases.items():
        assert f'<option value="{phase_id}"' in html and f"Phase {key}" in html
