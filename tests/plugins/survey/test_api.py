"""The survey API by role, its ETag/If-Match editing, and schemathesis over its operations."""

from __future__ import annotations

import contextvars
from typing import Any

import pytest
import schemathesis
from flask.testing import FlaskClient
from hypothesis import HealthCheck, given, settings
from schemathesis.checks import positive_data_acceptance

from etwincms.db import commit
from etwincms.services import tokens

from .conftest import SurveySpace


def bearer(surveys: SurveySpace, role: str) -> dict[str, str]:
    _token, secret = tokens.create_token(
        surveys.session, surveys.user(role), name="t", scopes=["read", "write"]
    )
    commit(surveys.session)
    return {"Authorization": f"Bearer {secret}"}


@pytest.mark.parametrize(
    ("role", "expected"),
    [
        ("teacher", (200, 200, 201, 200, 200)),
        ("pupil", (200, 200, 201, 403, 403)),
        ("observer", (200, 200, 403, 403, 403)),
        ("outsider", (404,) * 5),
    ],
)
def test_api_actions_by_role(
    client: FlaskClient, surveys: SurveySpace, role: str, expected: tuple[int, ...]
) -> None:
    survey = surveys.survey()
    headers, url = bearer(surveys, role), f"{surveys.api}/surveys/{survey.id}"
    read = client.get(url, headers=headers)
    got = (
        client.get(f"{surveys.api}/surveys", headers=headers).status_code,
        read.status_code,
        client.post(
            f"{url}/responses", json={"answers": {"mood": 3}}, headers=headers
        ).status_code,
        client.get(f"{url}/results", headers=headers).status_code,
        client.patch(
            url,
            json={"title": "Renamed"},
            headers={**headers, "If-Match": read.headers.get("ETag", '"x"')},
        ).status_code,
    )
    assert got == expected


def test_editing_needs_a_current_etag(
    client: FlaskClient, surveys: SurveySpace
) -> None:
    survey = surveys.survey()
    headers, url = bearer(surveys, "teacher"), f"{surveys.api}/surveys/{survey.id}"
    etag = client.get(url, headers=headers).headers["ETag"]
    assert client.patch(url, json={"title": "A"}, headers=headers).status_code == 428
    assert (
        client.patch(
            url, json={"title": "A"}, headers={**headers, "If-Match": etag}
        ).status_code
        == 200
    )
    stale = client.patch(
        url, json={"title": "B"}, headers={**headers, "If-Match": etag}
    )
    assert stale.status_code == 412
    assert stale.mimetype == "application/problem+json"


EXAMPLES = settings(
    max_examples=20,
    deadline=None,
    database=None,
    suppress_health_check=list(HealthCheck),
)


def isolated(app: Any) -> Any:
    def call(environ: dict[str, Any], start_response: Any) -> Any:
        return contextvars.Context().run(app, environ, start_response)

    return call


@pytest.mark.parametrize("role", ["teacher", "pupil"])
def test_every_survey_operation_answers_as_documented(
    app: Any, surveys: SurveySpace, role: str
) -> None:
    ids = [surveys.survey().id, surveys.survey(anonymous=False).id]
    auth, slug = bearer(surveys, role), surveys.project.slug
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated(app))
    operations = [
        r.ok() for r in schema.get_all_operations() if "/survey/" in r.ok().path
    ]
    assert len(operations) == 5
    failed: dict[str, str] = {}
    for operation in operations:

        @EXAMPLES
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            params = case.path_parameters or {}
            if "slug" in params and hash(params["slug"]) % 8:
                params["slug"] = slug
            if isinstance(params.get("survey_id"), int) and params["survey_id"] % 8:
                params["survey_id"] = ids[params["survey_id"] % 2]
            case.call_and_validate(
                headers=auth, excluded_checks=[positive_data_acceptance], buffered=True
            )

        try:
            fuzz()
        except Exception as error:  # report every failing operation, not the first
            failed[operation.label] = str(error)[:2000]
    assert failed == {}
