"""Switching surveys off in a space hides them there (navigation, pages, search results)
and keeps every survey and response; switching on again brings all back. Without the
plugin installed, the rest of etwincms works and the survey data is kept."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import func, select, text

from etwincms import migrate
from etwincms.app import create_app
from etwincms.db import commit, get_session
from etwincms.services.search import SearchQuery, search
from etwincms.testing import AuthActions, Factory, make_config
from etwincms_survey import services
from etwincms_survey.models import Response

from .conftest import Browser, SurveySpace
from .conftest import text as body


def visible(browser: Browser, surveys: SurveySpace, survey_id: int) -> dict[str, bool]:
    home = body(browser.client.get(f"/s/{surveys.project.slug}/"))
    found = search(surveys.session, surveys.user("pupil"), SearchQuery("Composting"))
    return {
        "nav": f'href="{surveys.url}/"' in home,
        "page": browser.get(f"/{survey_id}").status_code == 200,
        "search": "survey" in {hit.type for hit in found.hits},
    }


def test_off_hides_everything_and_keeps_the_data_on_brings_it_back(
    browser: Browser, surveys: SurveySpace
) -> None:
    survey = surveys.survey(title="Composting week")
    surveys.answer("pupil", survey, mood=3)
    browser.login("pupil")
    everywhere = {"nav": True, "page": True, "search": True}
    assert visible(browser, surveys, survey.id) == everywhere
    surveys.switch(on=False)
    assert visible(browser, surveys, survey.id) == dict.fromkeys(everywhere, False)
    count = select(func.count()).select_from(Response)
    assert surveys.session.scalar(count) == 1
    surveys.switch(on=True)
    assert visible(browser, surveys, survey.id) == everywhere


def test_without_the_plugin_everything_else_works(tmp_path: Path) -> None:
    url = f"sqlite:///{tmp_path / 'site.db'}"
    config = make_config(tmp_path, url, SEARCH_BACKEND="whoosh", PLUGINS=["survey"])
    with_it = create_app(config)
    migrate.upgrade(with_it)
    with with_it.test_request_context("/"):
        session = get_session()
        make = Factory(session)
        teacher = make.user("teacher", school=make.school("es"))
        project = make.space(teacher, title="Green Roots")
        commit(session)
        survey = services.create_survey(
            session, teacher, project, title="Before", preset="pre_mobility"
        )
        commit(session)
        slug, survey_id = project.slug, survey.id
    without = create_app(
        make_config(tmp_path, url, SEARCH_BACKEND="whoosh", PLUGINS=[])
    )
    assert migrate.drift(without) == []
    client = without.test_client()
    AuthActions(client).login("teacher")
    home = client.get(f"/s/{slug}/")
    assert home.status_code == 200 and "Surveys" not in home.get_data(as_text=True)
    assert client.get(f"/s/{slug}/-/survey/{survey_id}").status_code == 404
    with migrate.engine_of(without).connect() as connection:
        assert (
            connection.execute(text("SELECT count(*) FROM survey_survey")).scalar() == 1
        )
    migrate.engine_of(without).dispose()
    migrate.engine_of(with_it).dispose()
