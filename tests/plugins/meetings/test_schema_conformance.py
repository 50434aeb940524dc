"""Schemathesis over the meetings operations, as a teacher and a pupil, with it on.

The core's suite fuzzes the document of an app with no plugins loaded, so it never sees
these operations. This runs the same checks (no server error; status, content type,
headers and body as documented; invalid input refused) on them, in a space with the
plugin switched on and real meetings that path parameters point at. The generated
cases go in turn to a teacher (who may write) and a pupil (who is refused most writes,
and never sees the meeting for teachers): one run, both roles, half the requests.
"""

from __future__ import annotations

from itertools import cycle
from typing import Any

import schemathesis
from hypothesis import given
from schemathesis.checks import positive_data_acceptance

from etwincms.db import commit
from etwincms.services import tokens
from tests.api.test_schema_conformance import EXAMPLES, isolated

from .conftest import MeetingSpace

PREFIX = "/api/v1/projects/{slug}/meetings/"
OPERATIONS = 10


def seed(meetings: MeetingSpace) -> dict[str, Any]:
    """The teacher's and the pupil's tokens and the ids of real meetings in the space."""
    kept = [
        meetings.meeting(repeat_weeks=1, repeat_count=4).id,
        meetings.meeting(audience="teachers").id,
    ]
    spare = [meetings.meeting(title=f"Spare {n}").id for n in range(3)]
    secrets = [
        tokens.create_token(
            meetings.session, meetings.user(role), name="fuzz", scopes=["read", "write"]
        )[1]
        for role in ("teacher", "pupil")
    ]
    commit(meetings.session)
    return {
        "secrets": secrets,
        "slug": meetings.project.slug,
        "kept": kept,
        "spare": spare,
    }


def aim(case: Any, seeded: dict[str, Any]) -> None:
    """Most generated cases address the real space and meetings; a few keep theirs."""
    params = case.path_parameters or {}
    if "slug" in params and hash(params["slug"]) % 8:
        params["slug"] = seeded["slug"]
    value = params.get("meeting_id")
    if isinstance(value, int) and value % 8:
        pool = seeded["spare" if case.method.upper() == "DELETE" else "kept"]
        params["meeting_id"] = pool[value % len(pool)]


def failures(app: Any, seeded: dict[str, Any]) -> dict[str, str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated(app))
    failed: dict[str, str] = {}
    fuzzed, callers = 0, cycle(seeded["secrets"])
    for result in schema.get_all_operations():
        operation = result.ok()
        if not operation.path.startswith(PREFIX):
            continue
        fuzzed += 1

        @EXAMPLES
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            aim(case, seeded)
            case.call_and_validate(
                headers={"Authorization": f"Bearer {next(callers)}"},
                excluded_checks=[positive_data_acceptance],
            )

        try:
            fuzz()
        except Exception as error:  # every failing operation is reported
            failed[operation.label] = str(error)[:2000]
    assert fuzzed == OPERATIONS
    return failed


def test_the_meetings_operations_answer_as_documented(
    app: Any, meetings: MeetingSpace
) -> None:
    assert failures(app, seed(meetings)) == {}
