"""Schemathesis over the wiki's operations, as a teacher and as a pupil.

The core's suite (``tests/api/test_schema_conformance.py``) runs with no plugin loaded;
this runs the same checks — no server error, every answer as the OpenAPI document says,
invalid input refused — on the wiki's operations, in a space that has the wiki on, with
path parameters aimed at its real articles and revisions. It reuses the core suite's
driver (``call``, ``isolated``, ``EXAMPLES``) so both stay the same test.
"""

from __future__ import annotations

from typing import Any

import schemathesis
from hypothesis import given

from etwincms.db import commit
from tests.api import test_schema_conformance as conformance
from tests.api.conftest import make_secret

from .conftest import WikiSpace

PREFIX = "/projects/{slug}/wiki/"


def seed(wiki: WikiSpace, role: str) -> dict[str, Any]:
    """The caller's token and the ids of real articles and revisions."""
    first = wiki.article("teacher", "Compost", "Worms and [[Leaves]].", language="en")
    second = wiki.article("pupil", "Compostaje", "Gusanos.", language="es")
    revision = wiki.edit("pupil", first, "Worms, leaves and [[Compostaje]].")
    commit(wiki.session)
    return {
        "secret": make_secret(wiki.session, space_of(wiki), role, ["read", "write"]),
        "slug": wiki.project.slug,
        "spare_token_id": 0,
        "page_ids": [1],
        "article_ids": [first.id, second.id],
        "revision_ids": [revision.id],
    }


def space_of(wiki: WikiSpace) -> Any:
    return type("Space", (), {"users": wiki.users})()


def aim(case: Any, seeded: dict[str, Any]) -> None:
    """Most cases address real articles and revisions; a few keep their values."""
    params = case.path_parameters or {}
    for name, key in (("article_id", "article_ids"), ("revision_id", "revision_ids")):
        if isinstance(params.get(name), int) and params[name] % 8:
            ids = seeded[key]
            params[name] = ids[params[name] % len(ids)]
    if isinstance(params.get("number"), int) and params["number"] % 8:
        params["number"] = 1 + params["number"] % 2


def failures(app: Any, seeded: dict[str, Any]) -> dict[str, str]:
    schema = schemathesis.openapi.from_wsgi(
        "/api/v1/openapi.json", conformance.isolated(app)
    )
    failed: dict[str, str] = {}
    operations = [result.ok() for result in schema.get_all_operations()]
    wiki_operations = [op for op in operations if PREFIX in op.path]
    assert len(wiki_operations) == 16
    for operation in wiki_operations:

        @conformance.EXAMPLES
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            aim(case, seeded)
            conformance.call(case, seeded)

        try:
            fuzz()
        except Exception as error:  # every failing operation is reported
            failed[operation.label] = str(error)[:2000]
    return failed


def test_every_wiki_operation_answers_as_documented_to_a_teacher(
    app: Any, wiki: WikiSpace
) -> None:
    assert failures(app, seed(wiki, "teacher")) == {}


def test_every_wiki_operation_answers_as_documented_to_a_pupil(
    app: Any, wiki: WikiSpace
) -> None:
    assert failures(app, seed(wiki, "pupil")) == {}
