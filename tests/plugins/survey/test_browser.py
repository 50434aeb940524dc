"""Surveys in a real browser, on the demo space: a teacher creates a survey from the
pre-mobility template and opens it, two pupils answer it, the teacher reads the results
(accessible SVG charts with a table of the numbers) and downloads the responses as CSV."""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path
from typing import Any

import pytest
from playwright.sync_api import expect

from etwincms_survey import presets
from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import SPACE, sign_in

pytestmark = pytest.mark.browser

# The browser suite's fixtures (a live server with the demo space, the system Chromium);
# ``browser`` is Chromium in this module, not the test client of the survey conftest.

TITLE = "Before Valencia: what do you expect?"
# Pablo (Spain) and Lena (Germany): their ratings, what they look forward to, hopes.
ANSWERS = {
    "pablo": ({"confidence_language": "2", "confidence_teamwork": "3",
               "confidence_skills": "4"}, ["work", "culture"], "a2",
              "How the olive mill works"),
    "lena": ({"confidence_language": "4", "confidence_teamwork": "5",
              "confidence_skills": "4"}, ["work", "language"], "a4",
              "=Spanish for the fieldwork"),
}  # fmt: skip


def open_surveys(page: Any, base: str) -> None:
    page.goto(f"{base}{SPACE}")
    page.get_by_role("navigation", name="Space").get_by_role(
        "link", name="Surveys"
    ).click()


def create_and_open(page: Any, base: str) -> str:
    open_surveys(page, base)
    page.get_by_role("link", name="New survey").click()
    page.get_by_label("Start from").select_option("pre_mobility")
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Who answers").select_option("pupils")
    assert page.get_by_label("Anonymous", exact=False).is_checked()  # the default
    page.get_by_role("button", name="Create the survey").click()
    page.wait_for_url(re.compile(r"/-/survey/\d+$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    questions = page.locator("ol.survey-questions > li")
    expect(questions).to_have_count(len(presets.PRE_MOBILITY))
    screenshot(page, "survey-builder")
    page.get_by_role("button", name="Open the survey").click()
    expect(page.locator("main .meta").first).to_contain_text("Open · Anonymous")
    return page.url


def answer(page: Any, base: str, username: str, survey_url: str) -> None:
    ratings, looking_forward, worries, hopes = ANSWERS[username]
    sign_in(page, base, username)
    page.goto(survey_url)
    page.get_by_role("link", name="Answer the survey").click()
    form = page.locator("form.survey-answer")
    expect(form).to_be_visible()
    legend = form.locator("legend").first
    assert legend.locator("span.required").inner_text() == "(required)"
    assert "<span" not in form.inner_text()  # the mark is markup, not escaped text
    for key, value in ratings.items():
        form.locator(f'input[name="a-{key}"][value="{value}"]').check()
    for key in looking_forward:
        form.locator(f'input[name="a-looking_forward"][value="{key}"]').check()
    form.locator(f'input[name="a-worries"][value="{worries}"]').check()
    form.locator("#a-hopes").fill(hopes)
    if username == "lena":
        screenshot(page, "survey-answer")
    form.get_by_role("button", name="Send my answers").click()
    main = page.locator("main")
    expect(main).to_contain_text("Thank you: your answers were saved.")
    expect(main).to_contain_text("You have answered this survey.")
    expect(page.get_by_role("link", name="Answer the survey")).to_have_count(0)


def check_results(page: Any) -> None:
    page.get_by_role("link", name="Results").click()
    main = page.locator("main")
    expect(main.locator(".meta").first).to_contain_text("2 responses")
    charts = main.locator("svg[role=img]")
    expect(charts).to_have_count(5)  # three ratings, two choice questions
    language = main.locator("section.survey-result").first
    chart = language.locator("svg[role=img]")
    title = chart.locator("title").text_content()
    texts = presets.PRE_MOBILITY[1]["text"].values()
    assert title in texts
    expect(chart).to_be_visible()
    # The chart is named by its title (and its numbers said in words) for screen readers.
    expect(main.get_by_role("img", name=title)).to_have_count(1)
    assert chart.locator("desc").text_content() == "1: 0; 2: 1; 3: 0; 4: 1; 5: 0"
    assert "Mean: 3.0" in language.inner_text()
    numbers = language.locator("table.survey-numbers tbody tr")
    rows = [row.split("\t") for row in numbers.all_inner_texts()]
    assert rows == [["1", "0"], ["2", "1"], ["3", "0"], ["4", "1"], ["5", "0"]]
    hopes = main.locator("ul.survey-texts li").all_inner_texts()
    assert hopes == ["=Spanish for the fieldwork", "How the olive mill works"]
    screenshot(page, "survey-results")


def download_csv(page: Any, tmp_path: Path) -> list[dict[str, str]]:
    with page.expect_download() as info:
        page.get_by_role("link", name="Download responses (CSV)").click()
    download = info.value
    assert re.fullmatch(r"survey-\d+-responses\.csv", download.suggested_filename)
    path = tmp_path / download.suggested_filename
    download.save_as(path)
    return list(csv.DictReader(io.StringIO(path.read_text(encoding="utf-8"))))


def test_a_teacher_builds_a_survey_two_pupils_answer_and_the_teacher_reads_results(
    new_page: Any, live_server: str, tmp_path: Path
) -> None:
    teacher = new_page()
    sign_in(teacher, live_server, "maria")
    survey_url = create_and_open(teacher, live_server)
    for username in ANSWERS:
        answer(new_page(), live_server, username, survey_url)

    teacher.goto(survey_url)
    assert "2 responses" in teacher.locator("main .meta").first.inner_text()
    check_results(teacher)
    rows = download_csv(teacher, tmp_path)
    assert len(rows) == 2
    assert "respondent" not in rows[0]  # anonymous: no name, no time
    # By the typed hope (a cell a spreadsheet would run as a formula gets a "'").
    by_hope = {row["hopes"].removeprefix("'"): row for row in rows}
    assert (
        by_hope["=Spanish for the fieldwork"]["hopes"] == "'=Spanish for the fieldwork"
    )
    for ratings, looking_forward, worries, hopes in ANSWERS.values():
        row = by_hope[hopes]
        assert {key: row[key] for key in ratings} == ratings
        assert sorted(row["looking_forward"].split(";")) == sorted(looking_forward)
        assert row["worries"] == worries
