"""The main flow over HTTP: a teacher builds a survey from a template, members answer,
the teacher reads the results (SVG charts with their numbers) and exports the CSV."""

from __future__ import annotations

import re

from etwincms_survey import csvfile, presets
from etwincms_survey.models import Survey
from etwincms_survey.results import responses_of

from .conftest import Browser, SurveySpace, text


def test_build_answer_and_read_results(browser: Browser, surveys: SurveySpace) -> None:
    browser.login("teacher")
    created = browser.post(
        "/new", {"preset": "pre_mobility", "audience": "pupils", "anonymous": "on"}
    )
    assert created.status_code == 302
    survey_id = int(re.search(r"/(\d+)$", created.headers["Location"]).group(1))
    survey = surveys.session.get(Survey, survey_id)
    assert survey.title == "Pre-mobility expectations"
    assert [q["key"] for q in survey.questions] == [
        q["key"] for q in presets.PRE_MOBILITY
    ]
    assert browser.post(f"/{survey_id}/status", {"status": "open"}).status_code == 302
    for role, mood in (("pupil", "2"), ("pupil_lead", "5")):
        browser.login(role)
        form = text(browser.get(f"/{survey_id}/answer"))
        assert "How confident are you working in an international team?" in form
        sent = browser.post(
            f"/{survey_id}/answer",
            {
                "a-confidence_language": mood,
                "a-confidence_teamwork": "3",
                "a-confidence_skills": "4",
                "a-looking_forward": ["work", "culture"],
                "a-hopes": "=1+1 and\nmore",
            },
        )
        assert sent.status_code == 302
    browser.login("teacher")
    page = text(browser.get(f"/{survey_id}/results"))
    assert page.count('role="img"') >= 4
    assert '<title id="all-chart-confidence_language-title">' in page
    assert '<th scope="row">Work placement</th><td>2</td>' in page
    export = browser.get(f"/{survey_id}/export.csv")
    assert export.mimetype == "text/csv"
    surveys.session.expire_all()
    survey = surveys.session.get(Survey, survey_id)
    stored = {r.id: r.answers for r in responses_of(surveys.session, survey)}
    assert len(stored) == 2
    assert csvfile.parse(survey, text(export)) == stored
    assert "'=1+1 and" in text(export)  # a formula is not run by a spreadsheet


def test_a_required_question_left_empty_is_asked_again(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = surveys.survey()
    browser.login("pupil")
    again = browser.post(f"/{survey.id}/answer", {"a-fruit": "pear"})
    assert again.status_code == 400
    assert "required" in text(again)


def test_named_survey_answers_change_until_close(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = surveys.survey(anonymous=False)
    browser.login("pupil")
    assert browser.post(f"/{survey.id}/answer", {"a-mood": "1"}).status_code == 302
    assert browser.post(f"/{survey.id}/answer", {"a-mood": "3"}).status_code == 302
    browser.login("teacher")
    page = text(browser.get(f"/{survey.id}/results"))
    assert surveys.user("pupil").display_name in page
    assert "Mean: 3.0" in page and "1 response" in page
    browser.post(f"/{survey.id}/status", {"status": "closed"})
    browser.login("pupil")
    assert browser.post(f"/{survey.id}/answer", {"a-mood": "5"}).status_code == 403
