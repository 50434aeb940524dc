"""Schemathesis over the glossary's API operations, as a teacher and as a pupil.

The same check as the core's ``tests/api/test_schema_conformance.py`` (which runs with
no plugin loaded, so it never sees these operations): requests generated from the
OpenAPI document, valid and invalid, must get no server error and an answer that matches
the document (status, content type, headers, body). Path parameters point at the real
space, with the glossary on, and at its real concepts.
"""

from __future__ import annotations

import contextvars
from typing import Any

import pytest
import schemathesis
from hypothesis import given
from schemathesis.checks import positive_data_acceptance

from etwincms.db import commit
from etwincms.services import tokens
from tests.fuzz import examples

from .conftest import GlossarySpace

EXAMPLES = examples(25)  # ETWINCMS_FUZZ_EXAMPLES asks for more (make fuzz)


def seed(glossary: GlossarySpace, role: str) -> dict[str, Any]:
    ids = [
        glossary.concept("teacher", en="compost", es="compostaje").id,
        glossary.concept(role, en="seedling").id,
    ]
    _token, secret = tokens.create_token(
        glossary.session, glossary.user(role), name="fuzz", scopes=["read", "write"]
    )
    commit(glossary.session)
    return {"secret": secret, "slug": glossary.project.slug, "ids": ids}


def aim(case: Any, seeded: dict[str, Any]) -> None:
    """Most cases address the real space and concepts; a few keep their values."""
    params = case.path_parameters or {}
    if "slug" in params and hash(params["slug"]) % 8:
        params["slug"] = seeded["slug"]
    if isinstance(params.get("concept_id"), int) and params["concept_id"] % 8:
        params["concept_id"] = seeded["ids"][params["concept_id"] % 2]


def isolated(app: Any) -> Any:
    """Each call in its own context, as a server runs it (see the core's suite)."""

    def call(environ: dict[str, Any], start_response: Any) -> Any:
        return contextvars.Context().run(app, environ, start_response)

    return call


def failures(app: Any, seeded: dict[str, Any]) -> dict[str, str]:
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated(app))
    failed: dict[str, str] = {}
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if "/glossary/" in result.ok().path
    ]
    assert len(operations) == 5
    for operation in operations:

        @EXAMPLES
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            aim(case, seeded)
            case.call_and_validate(
                headers={"Authorization": f"Bearer {seeded['secret']}"},
                excluded_checks=[positive_data_acceptance],
                buffered=True,
            )

        try:
            fuzz()
        except Exception as error:  # report every failing operation, not the first
            failed[operation.label] = str(error)[:2000]
    return failed


@pytest.mark.parametrize("role", ["teacher", "pupil"])
def test_every_glossary_operation_answers_as_documented(
    app: Any, glossary: GlossarySpace, role: str
) -> None:
    assert failures(app, seed(glossary, role)) == {}
