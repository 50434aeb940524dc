"""Schemathesis over the whole API at once, every plugin on: the nightly ``make fuzz`` run.

The per-suite runs (``tests/api`` and each plugin's) fuzz a few operations each in a
space with one plugin on; this one loads every plugin, seeds the rich public space of
``test_pupil_names`` (content of every kind, by teachers and pupils), and fuzzes all
operations together, so that one plugin's data meeting another's routes is tried too.
It needs hundreds of examples per operation to be worth its minutes, so it runs only
when ``ETWINCMS_FUZZ_EXAMPLES`` is set (``make fuzz``).
"""

from __future__ import annotations

from typing import Any

import pytest
import schemathesis
from hypothesis import given
from sqlalchemy.orm import Session

from etwincms.services import tokens
from etwincms.testing import SpaceWithMembers
from tests.api.conftest import make_secret
from tests.api.test_schema_conformance import call, isolated
from tests.fuzz import examples
from tests.security.test_pupil_names import plugins, public_space

__all__ = ["plugins", "public_space"]  # the fixtures, shared with the privacy suite

pytestmark = pytest.mark.fuzz  # collected only by `make fuzz` (tests/conftest.py)


def aim(case: Any, slug: str) -> None:
    """Most cases address the real space and its first two objects of each kind (the
    core suite's ``call`` then keeps the run's own token from being revoked)."""
    params = case.path_parameters or {}
    if "slug" in params and hash(params["slug"]) % 8:
        params["slug"] = slug
    for name, value in params.items():
        if isinstance(value, int) and value % 8:
            params[name] = 1 + value % 2


def failures(app: Any, seeded: dict[str, Any]) -> dict[str, str]:
    """Fuzz every operation; the label and first failure of each that fails."""
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated(app))
    settings = examples(5)
    failed: dict[str, str] = {}
    for result in schema.get_all_operations():
        operation = result.ok()

        @settings
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            aim(case, seeded["slug"])
            call(case, seeded)

        try:
            fuzz()
        except Exception as error:  # every failing operation is reported
            failed[operation.label] = str(error)[:2000]
    return failed


@pytest.mark.parametrize("role", ["teacher", "pupil"])
def test_the_whole_api_answers_as_documented_with_every_plugin_on(
    app: Any,
    session: Session,
    space: SpaceWithMembers,
    public_space: list[str],
    role: str,
) -> None:
    spare, _secret = tokens.create_token(
        session, space.users[role], name="spare", scopes=["read"]
    )
    seeded = {
        "secret": make_secret(session, space, role, ["read", "write"]),
        "slug": space.project.slug,
        "spare_token_id": spare.id,
        "page_ids": [1],
    }
    assert failures(app, seeded) == {}
