"""The report's numbers, checked against counts the test makes itself (issue 11)."""

from __future__ import annotations

from collections import Counter
from datetime import date

import pytest

from .helpers import csv_counts, csv_rows, html_counts
from .probe import Probe
from .world import PL, World, build_world, expected_counts, in_range


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def plugins(probe: Probe) -> list[Probe]:
    return [probe]


@pytest.fixture
def world(session, make, probe) -> World:
    return build_world(session, make, probe)


@pytest.fixture
def teacher(world, auth):
    auth.login("rep_teacher_pl")
    return world


def api_report(client, world: World, **args: str) -> dict:
    answer = client.get(
        f"/api/v1/projects/{world.project.slug}/reports", query_string=args
    )
    assert answer.status_code == 200, answer.get_data(as_text=True)
    return answer.get_json()


def test_json_counts_match_the_items_over_the_whole_project(client, teacher):
    world = teacher
    data = api_report(client, world)["contributions"]
    expected = expected_counts(world, world.items)
    assert data["total"] == len(world.items)
    assert Counter(data["by_role"]) == expected["by_role"]
    assert Counter(data["by_school"]) == expected["by_school"]
    assert Counter(data["by_type"]) == expected["by_type"]
    cells = Counter(
        {(c["school"], c["role"], c["type"]): c["count"] for c in data["cells"]}
    )
    assert cells == expected["cells"]


def test_outputs_are_the_items_marked_as_outputs_with_absolute_links(client, teacher):
    world = teacher
    outputs = api_report(client, world)["outputs"]
    wanted = [i for i in world.items if i.output]
    assert sorted(o["id"] for o in outputs) == sorted(i.id for i in wanted)
    for output in outputs:
        pk = output["id"].split(":")[1]
        assert output["url"].startswith("http://localhost/s/water/-/")
        assert output["url"].endswith(f"/{pk}")


def test_date_range_counts_only_items_made_inside_it(client, teacher):
    world = teacher
    start, end = date(2026, 3, 1), date(2026, 5, 31)
    data = api_report(client, world, **{"from": "2026-03-01", "to": "2026-05-31"})
    chosen = in_range(world.items, start, end)
    expected = expected_counts(world, chosen)
    assert {i.pk for i in chosen} == set(range(4, 12))  # both ends of the range
    assert data["contributions"]["total"] == len(chosen)
    assert Counter(data["contributions"]["by_role"]) == expected["by_role"]
    assert Counter(data["contributions"]["by_type"]) == expected["by_type"]
    assert data["from"] == "2026-03-01" and data["to"] == "2026-05-31"


def test_an_open_ended_range_counts_from_its_start(client, teacher):
    world = teacher
    data = api_report(client, world, **{"from": "2026-06-01"})
    chosen = [i for i in world.items if i.at.date() >= date(2026, 6, 1)]
    assert data["contributions"]["total"] == len(chosen)


def test_school_filter_counts_members_of_that_school_only(client, teacher):
    world = teacher
    data = api_report(client, world, school=str(world.schools["pl"].id))
    chosen = [i for i in world.items if world.school_key_of(i) == "pl"]
    expected = expected_counts(world, chosen)
    assert data["contributions"]["total"] == len(chosen)
    assert Counter(data["contributions"]["by_role"]) == expected["by_role"]
    assert data["contributions"]["by_school"] == {PL: len(chosen)}


def test_html_page_shows_the_same_numbers(client, teacher):
    world = teacher
    html = client.get("/s/water/-/reports/").get_data(as_text=True)
    counts = html_counts(html)
    expected = expected_counts(world, world.items)
    assert counts["total"] == len(world.items)
    assert counts["outputs"] == sum(1 for i in world.items if i.output)
    for role, number in expected["by_role"].items():
        assert counts[f"role:{role}"] == number
    for school, number in expected["by_school"].items():
        assert counts[f"school:{school}"] == number
    for type_, number in expected["by_type"].items():
        assert counts[f"type:{type_}"] == number
    for (school, role, type_), number in expected["cells"].items():
        assert counts[f"cell:{school}|{role}|{type_}"] == number


def test_html_date_range_and_downloads_keep_the_filters(client, teacher):
    world = teacher
    html = client.get("/s/water/-/reports/?from=2026-03-01&to=2026-05-31").get_data(
        as_text=True
    )
    chosen = in_range(world.items, date(2026, 3, 1), date(2026, 5, 31))
    assert html_counts(html)["total"] == len(chosen)
    assert "report.csv?from=2026-03-01&amp;to=2026-05-31" in html
    assert "report.pdf?from=2026-03-01&amp;to=2026-05-31" in html


def test_csv_has_one_row_per_count_matching_the_items(client, teacher):
    world = teacher
    answer = client.get("/s/water/-/reports/report.csv")
    assert answer.status_code == 200
    assert answer.mimetype == "text/csv"
    rows = csv_rows(answer.get_data(as_text=True))
    expected = expected_counts(world, world.items)
    assert list(rows[0]) == [
        "section",
        "school",
        "role",
        "content_type",
        "mobility",
        "phase",
        "action",
        "title",
        "url",
        "count",
    ]
    assert csv_counts(rows, "total", "section") == {"total": len(world.items)}
    assert csv_counts(rows, "by_role", "role") == expected["by_role"]
    assert csv_counts(rows, "by_school", "school") == expected["by_school"]
    assert csv_counts(rows, "by_type", "content_type") == expected["by_type"]
    assert (
        csv_counts(rows, "contributions", "school", "role", "content_type")
        == expected["cells"]
    )
    outputs = [row["url"] for row in rows if row["section"] == "output"]
    assert len(outputs) == sum(1 for i in world.items if i.output)


def test_downloads_are_attachments_with_a_telling_name(client, teacher):
    answer = client.get("/s/water/-/reports/report.csv?from=2026-03-01&to=2026-05-31")
    disposition = answer.headers["Content-Disposition"]
    assert disposition.startswith(
        'attachment; filename="water-report-2026-03-01-2026-05-31.csv"'
    )
    assert answer.headers["Cache-Control"] == "private, no-store"
    pdf = client.get("/s/water/-/reports/report.pdf")
    assert pdf.mimetype == "application/pdf"
    assert pdf.headers["Content-Disposition"].startswith(
        'attachment; filename="water-report-'
    )
    assert pdf.data.startswith(b"%PDF-")


def test_api_csv_and_pdf_formats(client, teacher):
    world = teacher
    answer = client.get("/api/v1/projects/water/reports?format=csv&from=2026-03-01")
    assert answer.mimetype == "text/csv"
    rows = csv_rows(answer.get_data(as_text=True))
    chosen = [i for i in world.items if i.at.date() >= date(2026, 3, 1)]
    assert csv_counts(rows, "total", "section") == {"total": len(chosen)}
    pdf = client.get("/api/v1/projects/water/reports?format=pdf")
    assert pdf.mimetype == "application/pdf"
    assert "attachment" in pdf.headers["Content-Disposition"]


def test_quality_label_files_each_item_under_its_criteria(client, teacher):
    world = teacher
    groups = {g["criterion"]: g for g in api_report(client, world)["quality_label"]}
    for code in ("innovation", "curriculum", "collaboration", "technology", "results"):
        wanted = sorted(i.id for i in world.items if code in i.criteria)
        assert sorted(groups[code]["items"]) == wanted, code
    html = client.get("/s/water/-/reports/quality-label").get_data(as_text=True)
    counts = html_counts(html)
    for code in ("innovation", "curriculum", "collaboration", "technology", "results"):
        assert counts[f"criterion:{code}"] == sum(
            1 for i in world.items if code in i.criteria
        )


def test_core_pages_are_counted_by_their_first_author(client, teacher):
    world = teacher
    pages = [i for i in world.items if i.type == "page"]
    assert {world.role_of(i) for i in pages} >= {"pupil_lead", "teacher"}
    data = api_report(client, world)["contributions"]
    assert data["by_type"]["page"] == len(pages)


def test_kinds_no_plugin_declared_are_shown_readably(client, teacher):
    html = client.get("/s/water/-/reports/").get_data(as_text=True)
    assert "<td>Gallery album</td>" in html and "<td>Forum topic</td>" in html
