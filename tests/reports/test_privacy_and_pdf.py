"""No pupil's name or username in any form of the report; the PDF's text and figures."""

from __future__ import annotations

import pytest

from etwincms.reports import pdf_export
from etwincms.reports.pdf_export import latin1

from .helpers import pdf_text
from .probe import Probe
from .world import PL, PUPILS, World, build_world


@pytest.fixture
def probe() -> Probe:
    return Probe()


@pytest.fixture
def plugins(probe: Probe) -> list[Probe]:
    return [probe]


@pytest.fixture
def world(session, make, probe) -> World:
    return build_world(session, make, probe)


def pupil_names(world: World) -> list[str]:
    names = []
    for key in PUPILS:
        pupil = world.people[key]
        names += [pupil.username, pupil.display_name]
    return names


def every_form(client) -> dict[str, str]:
    base = "/s/water/-/reports"
    return {
        "html": client.get(f"{base}/").get_data(as_text=True),
        "quality": client.get(f"{base}/quality-label").get_data(as_text=True),
        "csv": client.get(f"{base}/report.csv").get_data(as_text=True),
        "pdf": pdf_text(client.get(f"{base}/report.pdf").data),
        "json": client.get("/api/v1/projects/water/reports").get_data(as_text=True),
    }


def test_no_pupil_name_or_username_anywhere(client, auth, world):
    auth.login("rep_admin")
    forms = every_form(client)
    names = pupil_names(world)
    assert all(len(name) > 5 for name in names)
    for form, text in forms.items():
        assert "Pupils" in text or "pupil" in text, form  # pupils' work is counted...
        for name in names:
            assert name.lower() not in text.lower(), (form, name)  # ...never named


def test_pdf_carries_the_figures_and_the_schools(client, auth, world, app):
    auth.login("rep_admin")
    text = pdf_text(client.get("/s/water/-/reports/report.pdf").data)
    assert "Report: Water for Europe" in text
    assert f"Contributions: {len(world.items)}" in text
    assert f"Outputs: {sum(1 for i in world.items if i.output)}" in text
    school = PL.split(" (")[0]
    with app.app_context():
        has_font = pdf_export.unicode_font() is not None
    # Polish letters survive with a Unicode font (DejaVu); without one they are folded.
    assert (school if has_font else latin1(school)) in text
    assert "http://localhost/s/water/-/gallery/4" in text
    assert "Quality Label evidence" in text


def test_pdf_of_a_date_range_says_so(client, auth, world):
    auth.login("rep_admin")
    answer = client.get("/s/water/-/reports/report.pdf?from=2026-03-01&to=2026-05-31")
    text = pdf_text(answer.data)
    assert "Period:" in text and "2026" in text
    in_range = sum(1 for i in world.items if 3 <= i.at.month <= 5 and i.at.year == 2026)
    assert f"Contributions: {in_range}" in text


def test_pdf_without_a_unicode_font_folds_letters(
    client, auth, world, app, monkeypatch
):
    app.config["REPORTS_PDF_FONT"] = "/nonexistent.ttf"
    monkeypatch.setattr(pdf_export, "FONT_CANDIDATES", ())
    auth.login("rep_admin")
    text = pdf_text(client.get("/s/water/-/reports/report.pdf").data)
    assert (
        "Zespó" in text
        and "Lacznosci" in text
        and f"Contributions: {len(world.items)}" in text
    )


def test_latin1_folding_keeps_what_it_can():
    assert latin1("Ñandú Łódź € 水") == "Ñandú Lódz EUR ?"
