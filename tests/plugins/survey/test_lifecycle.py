"""Surveys in the project lifecycle: contributions, published results in the static
export (aggregates only), and the Erasmus+ template's pre/post evaluation drafts.

Only teachers build surveys and publish results (``survey.manage`` is never a pupil's),
so nothing of the survey plugin waits in the moderation queue.
"""

from __future__ import annotations

import io
import zipfile

import pytest
from sqlalchemy import select

from etwincms import events
from etwincms.db import commit
from etwincms.errors import ValidationError
from etwincms.export.site import build_site
from etwincms.moderation.consent import record_shown
from etwincms.plugins import project_hooks
from etwincms.services import spaces
from etwincms_survey import services
from etwincms_survey.models import Survey

from .conftest import Browser, SurveySpace, text


def contributions(surveys: SurveySpace) -> dict[str, object]:
    batches = project_hooks(surveys.project).space_contributions(
        project=surveys.project
    )
    return {c.id: c for batch in batches for c in batch or () if c.plugin == "survey"}


def exported(surveys: SurveySpace) -> list:
    batches = project_hooks(surveys.project).public_export(project=surveys.project)
    return [page for batch in batches for page in batch or ()]


def publish(surveys: SurveySpace, survey: Survey, public: bool = True) -> None:
    services.publish_results(
        surveys.session, surveys.user("teacher"), surveys.project, survey, public
    )
    commit(surveys.session)


def test_live_surveys_are_contributions_and_answered_ones_outputs(
    surveys: SurveySpace,
) -> None:
    draft = surveys.survey(status="draft", title="Draft")
    quiet = surveys.survey(title="Nobody answered")
    answered = surveys.survey(title="Answered", audience="public")
    surveys.answer("pupil", answered)
    found = contributions(surveys)
    assert set(found) == {f"survey:{quiet.id}", f"survey:{answered.id}"}
    assert f"survey:{draft.id}" not in found
    assert not found[f"survey:{quiet.id}"].output
    assert found[f"survey:{answered.id}"].output
    assert found[f"survey:{answered.id}"].author_id == surveys.user("teacher").id
    assert not found[f"survey:{answered.id}"].public  # the space is not public
    surveys.make_public()
    assert contributions(surveys)[f"survey:{answered.id}"].public  # anyone may answer
    assert not contributions(surveys)[f"survey:{quiet.id}"].public


def test_published_results_are_exported_as_aggregates_only(
    surveys: SurveySpace,
) -> None:
    survey = surveys.survey(title="Trip", description="<b>How was it?</b>")
    for role, mood, fruit in (("pupil", 4, "apple"), ("pupil_lead", 2, "apple")):
        surveys.answer(
            role, survey, mood=mood, fruit=fruit, comment=f"I am {role} from Vigo"
        )
    surveys.make_public()
    assert exported(surveys) == []  # results not published yet
    publish(surveys, survey)
    [page] = exported(surveys)
    assert page.path == f"survey/results-{survey.id}.html"
    assert "Mean: 3.0" in page.html
    assert '<th scope="row">Apple</th><td>2</td>' in page.html
    assert "&lt;b&gt;How was it?" in page.html and "<b>" not in page.html
    assert "Vigo" not in page.html + page.text  # written answers stay inside
    for user in surveys.users.values():
        assert user.display_name not in page.html and user.username not in page.html
    publish(surveys, survey, public=False)
    assert exported(surveys) == []


def test_too_few_answers_are_not_shown(surveys: SurveySpace) -> None:
    from etwincms.services import plugins as space_plugins

    space_plugins.update_settings(
        surveys.session,
        surveys.user("admin"),
        surveys.project,
        "survey",
        {"min_results": 3},
    )
    survey = surveys.survey()
    surveys.answer("pupil", survey, mood=5)
    surveys.make_public()
    publish(surveys, survey)
    [page] = exported(surveys)
    assert "Too few responses" in page.html and "Mean" not in page.html


def test_publishing_is_for_teachers_and_refused_with_a_reason(
    surveys: SurveySpace, browser: Browser
) -> None:
    draft = surveys.survey(status="draft")
    with pytest.raises(ValidationError, match="Open the survey"):
        publish(surveys, draft)
    surveys.session.rollback()
    survey = surveys.survey()
    item = f"survey:{survey.id}"
    record_shown(surveys.session, surveys.project, item, [surveys.user("pupil").id])
    commit(surveys.session)
    browser.login("teacher")
    page = browser.post(
        f"/{survey.id}/results/publication", {"public": "1"}, follow_redirects=True
    )
    assert "without consent for public use" in text(page)
    assert not surveys.session.get(Survey, survey.id).results_public
    browser.login("pupil_lead")  # reads results, may not publish them
    response = browser.post(f"/{survey.id}/results/publication", {"public": "1"})
    assert response.status_code == 403
    record_shown(surveys.session, surveys.project, item, [])
    commit(surveys.session)
    browser.login("teacher")
    page = browser.post(
        f"/{survey.id}/results/publication", {"public": "1"}, follow_redirects=True
    )
    assert "The results are published" in text(page)
    surveys.session.expire_all()
    assert surveys.session.get(Survey, survey.id).results_public


def test_the_erasmus_template_adds_pre_and_post_mobility_drafts(
    surveys: SurveySpace,
) -> None:
    project, admin = surveys.project, surveys.user("admin")
    for template in ("erasmus_blended", "erasmus_blended", "blank"):
        events.queue(
            surveys.session,
            "space_template_applied",
            project,
            project=project,
            template=template,
            user=admin,
        )
        commit(surveys.session)
    made = surveys.session.scalars(select(Survey).order_by(Survey.id)).all()
    assert [(s.preset, s.status, s.audience) for s in made] == [
        ("pre_mobility", "draft", "pupils"),
        ("post_mobility", "draft", "pupils"),
    ]
    assert made[1].linked_id == made[0].id
    assert all(any(q["type"] == "rating" for q in s.questions) for s in made)
    assert made[0].title == "Pre-mobility expectations"


def test_the_static_export_holds_published_results_and_no_pupils_name(
    surveys: SurveySpace,
) -> None:
    survey = surveys.survey(title="Trip")
    surveys.answer("pupil", survey, mood=5, comment="Pupil_User was here")
    surveys.make_public()
    publish(surveys, survey)
    target = io.BytesIO()
    build_site(surveys.session, surveys.project, target)
    with zipfile.ZipFile(target) as archive:
        files = {name: archive.read(name) for name in archive.namelist()}
    assert "Mean: 5.0" in files[f"survey/results-{survey.id}.html"].decode()
    pupil = surveys.user("pupil")
    for name, data in files.items():
        assert pupil.display_name.encode() not in data, name
        assert pupil.username.encode() not in data, name


def test_a_space_made_from_the_erasmus_template_has_the_evaluation_drafts(
    surveys: SurveySpace,
) -> None:
    session = surveys.session
    project = spaces.create_space(
        session, surveys.user("admin"), title="Blended", template="erasmus_blended"
    )
    commit(session)
    made = session.scalars(
        select(Survey).where(Survey.project_id == project.id).order_by(Survey.id)
    )
    assert [s.preset for s in made] == ["pre_mobility", "post_mobility"]
