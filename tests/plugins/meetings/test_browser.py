"""Meetings in a real browser, on the demo space: María (Spain) says she is in Lisbon
this term and schedules a weekly partners' call at 10:00 her time across the change to
summer time; Katrin, in Germany, reads every date at 11:00, answers yes, and adds it to
her calendar."""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from icalendar import Calendar
from playwright.sync_api import expect

from tests.browser.fixtures import screenshot
from tests.browser.test_smoke import SPACE, sign_in

pytestmark = pytest.mark.browser

TITLE = "Partners' call: planning the field manual"


def open_meetings(page: Any, base: str) -> None:
    page.goto(f"{base}{SPACE}")
    page.get_by_role("navigation", name="Space").get_by_role(
        "link", name="Meetings"
    ).click()


def schedule(page: Any, base: str) -> str:
    open_meetings(page, base)
    page.get_by_role("link", name="Change my time zone").click()
    page.get_by_label("Time zone").select_option("Europe/Lisbon")
    page.get_by_role("button", name="Save my time zone").click()
    expect(page.locator("main")).to_contain_text("Times are shown in Europe/Lisbon")
    page.get_by_role("link", name="Schedule a meeting").click()
    page.get_by_label("Title").fill(TITLE)
    page.get_by_label("Agenda (Markdown)").fill("1. **Chapters**\n2. Videos")
    page.get_by_label("Date", exact=True).fill("2027-03-22")
    page.get_by_label("Start time").fill("10:00")
    expect(page.get_by_label("Time zone of this time")).to_have_value("Europe/Lisbon")
    page.get_by_label("Repeats").select_option("1")
    page.get_by_label("Number of meetings (when repeating)").fill("3")
    page.get_by_label("Who is invited").select_option("teachers")
    page.get_by_label(re.compile("Video-conference link")).fill(
        "https://bbb.example.org/b/mar-x7k-abc"
    )
    page.get_by_role("button", name="Schedule the meeting").click()
    page.wait_for_url(re.compile(r"/-/meetings/\d+$"))
    expect(page.locator("h1")).to_have_text(TITLE)
    expect(page.locator("main ol li strong")).to_have_text("Chapters")
    return page.url


def hours(page: Any) -> list[str]:
    return [t[-5:] for t in page.locator("ol.meetings-dates time").all_inner_texts()]


def test_a_meeting_planned_in_lisbon_is_read_in_berlin_time(
    new_page: Any, live_server: str
) -> None:
    maria = new_page()
    sign_in(maria, live_server, "maria")
    url = schedule(maria, live_server)
    assert hours(maria) == ["10:00"] * 3

    katrin = new_page(accept_downloads=True)
    sign_in(katrin, live_server, "katrin")
    open_meetings(katrin, live_server)
    katrin.get_by_role("link", name=TITLE).click()
    # Katrin switches the interface to German: the date follows her language, the hour
    # her zone.
    katrin.locator("#language-switcher").select_option("de")
    katrin.locator("form.language-switcher button").click()
    main = katrin.locator("main")
    expect(main.locator(".meetings-when")).to_contain_text("22 März 2027, 11:00")
    expect(main.locator(".meetings-when")).to_contain_text("Europe/Berlin, CET")
    expect(main.locator(".meetings-planned")).to_contain_text("10:00")
    expect(main.locator("a.meetings-join")).to_have_text(
        "Über BigBlueButton teilnehmen"
    )
    katrin.locator("#language-switcher").select_option("en")  # the rest reads English
    katrin.locator("form.language-switcher button").click()
    assert hours(katrin) == ["11:00"] * 3  # also after the clocks change on the 28th
    expect(main.locator("a.meetings-join")).to_have_text("Join on BigBlueButton")
    katrin.get_by_role("button", name="Yes").click()
    expect(main.locator(".meetings-own-answer")).to_have_text("Yes")
    screenshot(katrin, "meetings-meeting")
    with katrin.expect_download() as info:
        katrin.get_by_role("link", name="Add to my calendar (.ics)").click()
    ics = Path(info.value.path()).read_bytes()
    event = Calendar.from_ical(ics).walk("VEVENT")[0]
    assert str(event["summary"]) == TITLE
    assert event.decoded("dtstart").isoformat() == "2027-03-22T10:00:00+00:00"
    assert url == katrin.url
