"""Who may see the report pack: admins and teachers; never pupils, observers or outsiders."""

from __future__ import annotations

import pytest

from etwincms.db import commit
from etwincms.models import ProjectStatus

from .probe import Probe
from .world import World, build_world

PATHS = ("/", "/quality-label", "/report.csv", "/report.pdf")


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def plugins(probe: Probe) -> list[Probe]:
    return [probe]


@pytest.fixture
def world(session, make, probe) -> World:
    return build_world(session, make, probe)


@pytest.mark.parametrize(
    ("username", "status"),
    [
        ("rep_admin", 200),
        ("rep_teacher_es", 200),
        ("rep_teacher_pl", 200),
        ("zofia_nowak", 403),  # pupil lead
        ("jan_kowalski", 403),  # pupil
        ("rep_observer", 403),
        ("rep_former", 404),  # not a member of the (members-only) space
    ],
)
def test_report_pages_by_member(client, auth, world, username, status):
    auth.login(username)
    for path in PATHS:
        assert client.get(f"/s/water/-/reports{path}").status_code == status, path
    api = client.get("/api/v1/projects/water/reports")
    assert api.status_code == status


def test_visitors_do_not_find_a_members_only_space_report(client, world):
    for path in PATHS:
        assert client.get(f"/s/water/-/reports{path}").status_code == 404
    assert client.get("/api/v1/projects/water/reports").status_code == 404


def test_visitors_of_a_public_space_are_sent_to_sign_in(client, session, world):
    world.project.is_public = True
    commit(session)
    answer = client.get("/s/water/-/reports/")
    assert answer.status_code == 302 and "/login" in answer.headers["Location"]
    assert client.get("/api/v1/projects/water/reports").status_code == 401


def test_a_space_cannot_give_the_report_to_pupils(client, auth, session, world):
    world.project.role_overrides = {"pupil": {"reports.view": True}}
    commit(session)
    auth.login("jan_kowalski")
    assert client.get("/s/water/-/reports/").status_code == 403


def test_the_menu_links_the_report_for_teachers_only(client, auth, world):
    auth.login("rep_teacher_pl")
    assert "/s/water/-/reports/" in client.get("/s/water/").get_data(as_text=True)
    auth.logout()
    auth.login("jan_kowalski")
    assert "/s/water/-/reports/" not in client.get("/s/water/").get_data(as_text=True)


@pytest.mark.parametrize(
    ("query", "field_text"),
    [
        ("from=2026-13-01", "is not a date"),
        ("from=2026-05-01&to=2026-04-01", "end date is before the start date"),
        ("school=abc", "Choose one from the list"),
        ("school=99999", "not a partner of the space"),
        ("phase=99999", "not one of the space"),
    ],
)
def test_bad_filters_are_refused_with_a_reason(client, auth, world, query, field_text):
    auth.login("rep_teacher_es")
    page = client.get(f"/s/water/-/reports/?{query}")
    assert page.status_code == 400
    assert field_text in page.get_data(as_text=True)
    assert client.get(f"/s/water/-/reports/report.csv?{query}").status_code == 400
    api = client.get(f"/api/v1/projects/water/reports?{query}")
    assert api.status_code == 422
    assert api.mimetype == "application/problem+json"
    assert field_text in api.get_json()["detail"]


def test_api_refuses_an_unknown_format(client, auth, world):
    auth.login("rep_teacher_es")
    answer = client.get("/api/v1/projects/water/reports?format=docx")
    assert answer.status_code == 422
    assert "format" in answer.get_json()["errors"]


def test_an_archived_space_still_gives_its_report(client, auth, session, world):
    world.project.status = ProjectStatus.ARCHIVED
    commit(session)
    auth.login("rep_teacher_es")
    assert client.get("/s/water/-/reports/report.pdf").status_code == 200


def test_the_api_operation_is_documented(client):
    document = client.get("/api/v1/openapi.json").get_json()
    operation = document["paths"]["/api/v1/projects/{slug}/reports"]["get"]
    names = {parameter["name"] for parameter in operation["parameters"]}
    assert {"from", "to", "school", "phase", "format"} <= names
