"""A teacher produces the report pack in a real browser, downloads it, and finds no
pupil named in it (the demo space, as in issue 11's acceptance).

The demo's teacher reads Spanish: elements are found by their ids and addresses, so the
test holds whatever the catalogues translate.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

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
    teacher.locator("nav a[href='/s/green-roots/-/reports/']").click()
    teacher.wait_for_url(re.compile(r"/s/green-roots/-/reports/$"))
    assert serious_violations(teacher) == []
    teacher.locator("#report-from").fill("2020-01-01")
    teacher.locator("form.report-filters button[type=submit]").click()
    teacher.wait_for_url(re.compile(r"from=2020-01-01"))
    total = int(teacher.locator('[data-count="total"]').inner_text())
    assert total > 0

    with teacher.expect_download() as pdf_download:
        teacher.locator("a[href*='/report.pdf?from=2020-01-01']").click()
    pdf = pdf_download.value
    assert re.fullmatch(
        r"green-roots-report-2020-01-01-now\.pdf", pdf.suggested_filename
    )
    text = " ".join(pdf_text(Path(pdf.path()).read_bytes()).split())
    assert "Green Roots" in text and str(total) in text

    with teacher.expect_download() as csv_download:
        teacher.locator("a[href*='/report.csv?from=2020-01-01']").click()
    rows = csv_rows(Path(csv_download.value.path()).read_text(encoding="utf-8"))
    assert int(next(r["count"] for r in rows if r["section"] == "total")) == total

    teacher.locator("a[href*='/quality-label?from=2020-01-01']").click()
    # count() does not wait: the click returns once the next page starts loading.
    expect(teacher.locator('[data-count="criterion:esafety"]')).to_have_count(1)
    html = teacher.content()
    for name in demo_pupils():
        for where, content in (("pdf", text), ("csv", str(rows)), ("page", html)):
            assert not named(content, name), (where, name)


def test_a_pupil_finds_no_reports_link(new_page: Any, live_server: str) -> None:
    pupil = new_page()
    sign_in(pupil, live_server, "pablo")
    pupil.goto(f"{live_server}/s/green-roots/")
    assert pupil.locator("a[href*='/-/reports/']").count() == 0
    answer = pupil.goto(f"{live_server}/s/green-roots/-/reports/")
    assert answer is not None and answer.status == 403
