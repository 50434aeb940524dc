"""A teacher produces the report pack in a real browser, downloads it, and finds no
pupil named in it (the demo space, as in issue 11's acceptance)."""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest

import etwincms.demo
from tests.browser.test_accessibility import serious_violations
from tests.browser.test_smoke import sign_in

from .helpers import csv_rows, pdf_text

pytestmark = pytest.mark.browser
DEMO = Path(etwincms.demo.__file__).with_name("space.toml")


def demo_pupils() -> list[str]:
    users = tomllib.loads(DEMO.read_text(encoding="utf-8"))["users"]
    pupils = [u for u in users if u["kind"] == "pupil"]
    return [name for u in pupils for name in (u["username"], u["display_name"])]


def named(text: str, name: str) -> bool:
    return (
        re.search(rf"(?<!\w){re.escape(name)}(?!\w)", text, re.IGNORECASE) is not None
    )


def test_a_teacher_downloads_the_report_pack(new_page: Any, live_server: str) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "vicent")
    teacher.goto(f"{live_server}/s/green-roots/")
    teacher.locator("nav").get_by_role("link", name="Reports").click()
    assert teacher.get_by_role("heading", name="Report for the programme").count() == 1
    assert serious_violations(teacher) == []
    teacher.get_by_label("From").fill("2020-01-01")
    teacher.get_by_role("button", name="Show").click()
    teacher.wait_for_url(re.compile(r"from=2020-01-01"))
    total = int(teacher.locator('[data-count="total"]').inner_text())
    assert total > 0

    with teacher.expect_download() as pdf_download:
        teacher.get_by_role("link", name="Download PDF").click()
    pdf = pdf_download.value
    assert re.fullmatch(
        r"green-roots-report-2020-01-01-now\.pdf", pdf.suggested_filename
    )
    text = pdf_text(Path(pdf.path()).read_bytes())
    assert f"Contributions: {total}" in text

    with teacher.expect_download() as csv_download:
        teacher.get_by_role("link", name="Download CSV").click()
    rows = csv_rows(Path(csv_download.value.path()).read_text(encoding="utf-8"))
    assert int(next(r["count"] for r in rows if r["section"] == "total")) == total

    teacher.get_by_role("link", name="Quality Label evidence").click()
    assert (
        teacher.get_by_role("heading", name="eSafety and GDPR", exact=False).count()
        == 1
    )
    html = teacher.content()
    for name in demo_pupils():
        for where, content in (("pdf", text), ("csv", str(rows)), ("page", html)):
            assert not named(content, name), (where, name)


def test_a_pupil_finds_no_reports_link(new_page: Any, live_server: str) -> None:
    pupil = new_page()
    sign_in(pupil, live_server, "pablo")
    pupil.goto(f"{live_server}/s/green-roots/")
    assert pupil.locator("nav").get_by_role("link", name="Reports").count() == 0
    answer = pupil.goto(f"{live_server}/s/green-roots/-/reports/")
    assert answer is not None and answer.status == 403
