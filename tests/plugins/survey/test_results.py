"""Results beyond the totals, over HTTP: the split by partner school (groups smaller than
the ``min_results`` setting left out), the pre/post comparison of two linked surveys, and
the events the plugin publishes (``survey_answered`` never names an anonymous respondent).
"""

from __future__ import annotations

import re
from typing import Any

import pytest

import etwincms_survey
from etwincms import hookimpl
from etwincms.db import commit
from etwincms.services import plugins as space_plugins
from etwincms_survey import presets, services

from .conftest import Browser, SurveySpace, text

# The core's test space: admin, pupil_lead and pupil at "School ES", the teacher at
# "School DE" (as partner school in this space), the observer without a school.
HOME, PARTNER = "School ES (ES)", "School DE (DE)"
DASH = "\N{EN DASH}"  # a mean not known yet


def school_sections(page: str) -> dict[str, str]:
    """The results page's "Responses from <school>" parts, by school."""
    parts = re.split(r"<h2>Responses from ([^<]+)</h2>", page)
    return dict(zip(parts[1::2], parts[2::2], strict=True))


def set_min_results(surveys: SurveySpace, value: int) -> None:
    space_plugins.update_settings(
        surveys.session,
        surveys.user("admin"),
        surveys.project,
        "survey",
        {"min_results": value},
    )
    commit(surveys.session)


def answer_by_school(surveys: SurveySpace, **fields: Any) -> Any:
    survey = surveys.survey(compare_schools=True, **fields)
    surveys.answer("pupil", survey, mood=2, fruit="apple")
    surveys.answer("pupil_lead", survey, mood=4, fruit="apple")
    surveys.answer("admin", survey, mood=3, fruit="pear")
    surveys.answer("teacher", survey, mood=5, fruit="pear")
    return survey


def test_results_split_by_partner_school(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = answer_by_school(surveys, anonymous=True)
    browser.login("teacher")
    page = text(browser.get(f"/{survey.id}/results"))
    assert "4 responses" in page
    sections = school_sections(page)
    assert list(sections) == [HOME, PARTNER]
    home, partner = sections[HOME], sections[PARTNER]
    assert "3 answers · Mean: 3.0" in home
    assert '<th scope="row">Apple</th><td>2</td>' in home
    assert '<th scope="row">Pear</th><td>1</td>' in home
    assert "1 answer · Mean: 5.0" in partner
    assert '<th scope="row">Apple</th><td>0</td>' in partner
    # Each school's charts have their own ids (no clash with the totals' charts).
    assert '<title id="school1-chart-mood-title">' in home
    assert '<title id="school2-chart-mood-title">' in partner
    assert page.count('id="all-chart-mood-title"') == 1


def test_min_results_hides_the_schools_with_fewer_responses(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = answer_by_school(surveys, anonymous=True)
    set_min_results(surveys, 2)
    browser.login("teacher")
    page = text(browser.get(f"/{survey.id}/results"))
    assert list(school_sections(page)) == [HOME]  # the partner's one answer is hidden
    assert "4 answers · Mean: 3.5" in page  # but it counts in the totals
    set_min_results(surveys, 4)
    page = text(browser.get(f"/{survey.id}/results"))
    assert school_sections(page) == {}
    assert "Responses from" not in page and "4 responses" in page


def test_an_anonymous_survey_without_comparing_schools_keeps_no_school(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = surveys.survey(anonymous=True, compare_schools=False)
    surveys.answer("pupil", survey, mood=2)
    surveys.answer("teacher", survey, mood=4)
    browser.login("teacher")
    page = text(browser.get(f"/{survey.id}/results"))
    assert "2 responses" in page and "Responses from" not in page
    export = text(browser.get(f"/{survey.id}/export.csv"))
    assert export.splitlines()[0].split(",")[:2] == ["response", "mood"]


def test_a_named_survey_splits_by_the_respondents_school(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = surveys.survey(anonymous=False)
    surveys.answer("pupil", survey, mood=1)
    surveys.answer("teacher", survey, mood=5)
    surveys.answer("admin", survey, mood=3)
    browser.login("teacher")
    page = text(browser.get(f"/{survey.id}/results"))
    sections = school_sections(page)
    assert list(sections) == [HOME, PARTNER]
    assert "2 answers · Mean: 2.0" in sections[HOME]
    assert "1 answer · Mean: 5.0" in sections[PARTNER]
    assert "3 answers · Mean: 3.0" in page


def answer_pre_and_post(surveys: SurveySpace) -> tuple[Any, Any]:
    pre = surveys.survey(title="Before", questions=presets.questions_of("pre_mobility"))
    post = surveys.survey(
        title="After",
        questions=presets.questions_of("post_mobility"),
        linked_id=pre.id,
    )
    before = ((1, 2, 2), (3, 2, 4))
    after = ((4, 5, 3), (5, 4, 5), (3, 3, 4))
    for role, (language, team, skills) in zip(
        ("pupil", "pupil_lead"), before, strict=True
    ):
        surveys.answer(
            role,
            pre,
            confidence_language=language,
            confidence_teamwork=team,
            confidence_skills=skills,
        )
    for role, (language, team, skills) in zip(
        ("pupil", "pupil_lead", "teacher"), after, strict=True
    ):
        surveys.answer(
            role,
            post,
            confidence_language=language,
            confidence_teamwork=team,
            confidence_skills=skills,
            recommend="a5",
        )
    return pre, post


def comparison_rows(page: str) -> list[tuple[str, str, str]]:
    table = page.split("<caption>Mean ratings before and after</caption>")[1]
    table = table.split("</table>")[0]
    return re.findall(
        r'<tr><th scope="row">([^<]+)</th><td>([^<]+)</td><td>([^<]+)</td></tr>', table
    )


def test_a_post_survey_linked_to_its_pre_survey_compares_the_ratings(
    browser: Browser, surveys: SurveySpace
) -> None:
    pre, post = answer_pre_and_post(surveys)
    browser.login("teacher")
    page = text(browser.get(f"/{post.id}/results"))
    assert "Compared with “Before”" in page
    assert comparison_rows(page) == [
        (
            "How confident are you speaking the partners&#39; language or English?",
            "2.0 (n=2)",
            "4.0 (n=3)",
        ),
        (
            "How confident are you working in an international team?",
            "2.0 (n=2)",
            "4.0 (n=3)",
        ),
        (
            "How confident are you in the vocational skills of the project?",
            "3.0 (n=2)",
            "4.0 (n=3)",
        ),
    ]
    # The comparison is on the later survey's page only (the link goes one way).
    assert "Mean ratings before and after" not in text(
        browser.get(f"/{pre.id}/results")
    )


def test_the_comparison_shows_a_dash_before_any_answer(
    browser: Browser, surveys: SurveySpace
) -> None:
    pre = surveys.survey(title="Before", questions=presets.questions_of("pre_mobility"))
    post = surveys.survey(
        title="After", questions=presets.questions_of("post_mobility")
    )
    browser.login("teacher")
    assert "Compared with" not in text(browser.get(f"/{post.id}/results"))
    edited = browser.post(
        f"/{post.id}/edit",
        {"title": "After", "audience": "members", "linked_id": str(pre.id)},
    )
    assert edited.status_code == 302
    surveys.answer(
        "pupil",
        post,
        confidence_language=5,
        confidence_teamwork=4,
        confidence_skills=3,
        recommend="a4",
    )
    rows = comparison_rows(text(browser.get(f"/{post.id}/results")))
    assert [(before, after) for _title, before, after in rows] == [
        (f"{DASH} (n=0)", "5.0 (n=1)"),
        (f"{DASH} (n=0)", "4.0 (n=1)"),
        (f"{DASH} (n=0)", "3.0 (n=1)"),
    ]


def test_required_questions_are_marked_in_the_answer_form(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = surveys.survey()
    browser.login("pupil")
    form = text(browser.get(f"/{survey.id}/answer"))
    required = ' <span class="required">(required)</span>'
    assert f"<legend>How do you feel?{required}</legend>" in form
    assert "<legend>Favourite fruit</legend>" in form
    assert "&lt;span" not in form


def test_a_survey_cannot_be_linked_to_itself_or_another_space(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = surveys.survey()
    browser.login("teacher")
    for other in (survey.id, 999_999):
        refused = browser.post(
            f"/{survey.id}/edit",
            {"title": "Ours", "audience": "members", "linked_id": str(other)},
        )
        assert refused.status_code == 400
        assert "Choose another survey of this space." in text(refused)


# -- events ------------------------------------------------------------------------------


class Listener:
    """A toy plugin that builds on surveys through their published hooks only."""

    PLUGIN_NAME = "survey_listener"

    def __init__(self) -> None:
        self.heard: list[tuple[Any, ...]] = []

    @hookimpl(optionalhook=True)
    def survey_saved(self, survey: Any, project: Any, user: Any, is_new: bool) -> None:
        self.heard.append(("saved", survey.title, survey.status, name(user), is_new))

    @hookimpl(optionalhook=True)
    def survey_answered(self, survey: Any, project: Any, user: Any) -> None:
        self.heard.append(("answered", survey.title, name(user)))

    @hookimpl(optionalhook=True)
    def survey_deleted(self, survey_id: int, project: Any, user: Any) -> None:
        self.heard.append(("deleted", survey_id, name(user)))


def name(user: Any) -> str | None:
    return user.username if user is not None else None


@pytest.fixture
def listener() -> Listener:
    return Listener()


@pytest.fixture
def plugins(listener: Listener) -> list[Any]:
    return [etwincms_survey, listener]


def test_survey_saved_on_create_edit_open_and_close(
    browser: Browser, surveys: SurveySpace, listener: Listener
) -> None:
    browser.login("teacher")
    created = browser.post(
        "/new", {"preset": "post_mobility", "title": "Back home", "audience": "pupils"}
    )
    survey_id = int(created.headers["Location"].rsplit("/", 1)[1])
    browser.post(f"/{survey_id}/status", {"status": "open"})
    browser.post(f"/{survey_id}/status", {"status": "closed"})
    teacher = surveys.user("teacher").username
    assert listener.heard == [
        ("saved", "Back home", "draft", teacher, True),
        ("saved", "Back home", "open", teacher, False),
        ("saved", "Back home", "closed", teacher, False),
    ]
    browser.post(f"/{survey_id}/delete")
    assert listener.heard[-1] == ("deleted", survey_id, teacher)


def test_a_refused_change_publishes_no_event(
    browser: Browser, surveys: SurveySpace, listener: Listener
) -> None:
    browser.login("teacher")
    refused = browser.post("/new", {"preset": "", "title": "", "audience": "members"})
    assert refused.status_code == 400
    survey = surveys.survey(status="draft", questions=[])
    listener.heard.clear()
    opened = browser.post(f"/{survey.id}/status", {"status": "open"})
    assert opened.status_code == 302
    assert listener.heard == []  # no question yet: it stays a draft


def test_survey_answered_names_nobody_for_an_anonymous_survey(
    browser: Browser, surveys: SurveySpace, listener: Listener
) -> None:
    anonymous = surveys.survey(title="Secret ballot", anonymous=True)
    named = surveys.survey(title="Roll call", anonymous=False)
    listener.heard.clear()
    browser.login("pupil")
    for survey in (anonymous, named):
        sent = browser.post(f"/{survey.id}/answer", {"a-mood": "3"})
        assert sent.status_code == 302
    browser.post(f"/{named.id}/answer", {"a-mood": "4"})  # a change is told as well
    pupil = surveys.user("pupil").username
    assert listener.heard == [
        ("answered", "Secret ballot", None),
        ("answered", "Roll call", pupil),
        ("answered", "Roll call", pupil),
    ]


def test_a_visitor_answering_by_public_link_is_told_as_nobody(
    client: Any, surveys: SurveySpace, listener: Listener
) -> None:
    from etwincms.testing import csrf_token

    surveys.make_public()
    survey = surveys.survey(title="Open day", audience="public")
    listener.heard.clear()
    link = f"{surveys.url}/p/{survey.public_token}"
    form = text(client.get(link))
    sent = client.post(link, data={"a-mood": "5", "csrf_token": csrf_token(form)})
    assert sent.status_code == 200
    assert "your answers were received" in text(sent)
    assert listener.heard == [("answered", "Open day", None)]


def test_no_event_where_the_listener_is_off(
    surveys: SurveySpace, listener: Listener
) -> None:
    space_plugins.disable_plugin(
        surveys.session, surveys.user("admin"), surveys.project, "survey_listener"
    )
    commit(surveys.session)
    survey = surveys.survey(anonymous=False)
    surveys.answer("pupil", survey)
    services.set_status(
        surveys.session, surveys.user("teacher"), surveys.project, survey, "closed"
    )
    commit(surveys.session)
    assert listener.heard == []
