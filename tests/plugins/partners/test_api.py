"""Partner finding's API by role, and schemathesis over its operations.

The same check as the core's ``tests/api/test_schema_conformance.py``: requests made
from the OpenAPI document, valid and invalid, get no server error and an answer that
matches the document. Path ids point at the real post and thread most of the time.
"""

from __future__ import annotations

import contextvars
from typing import Any

import schemathesis
from hypothesis import given
from schemathesis.checks import positive_data_acceptance

from etwincms.db import commit
from etwincms.services import tokens
from tests.fuzz import examples

from .conftest import API, PartnersSite

EXAMPLES = examples(5)  # ETWINCMS_FUZZ_EXAMPLES asks for more (make fuzz)
NEW_POST = {"topic": "Bees", "partnership_type": "ka2", "looking_for": "school",
            "languages": ["en"], "age_min": 12, "age_max": 15}  # fmt: skip


def bearer(site: PartnersSite, name: str) -> dict[str, str]:
    _token, secret = tokens.create_token(
        site.session, site.users[name], name="t", scopes=["read", "write"]
    )
    commit(site.session)
    return {"Authorization": f"Bearer {secret}"}


def seed(site: PartnersSite, make: Any) -> dict[str, Any]:
    site.teacher("ana", "es")
    site.teacher("lena", "de")
    site.person("pupil", "pupil", "es")
    site.person("staff", "staff")
    post = site.post("ana", languages="en")
    return {"post": post.id, "thread": site.message("lena", "ana", "Hi Ana")}


EXPECTED = {
    "ana": (200, 200, 201, 422, 200, 201),
    "lena": (200, 200, 201, 201, 200, 201),
    "staff": (200, 200, 403, 403, 403, 404),
    "pupil": (403, 403, 403, 403, 403, 404),
    None: (401, 401, 401, 401, 401, 401),
}


def test_api_actions_by_role(site, make, client) -> None:
    ids = seed(site, make)
    reply = {"body": "Interested"}
    for name, expected in EXPECTED.items():
        headers = bearer(site, name) if name else {}
        got = (
            client.get(f"{API}/posts?language=en", headers=headers).status_code,
            client.get(f"{API}/posts/{ids['post']}", headers=headers).status_code,
            client.post(f"{API}/posts", json=NEW_POST, headers=headers).status_code,
            client.post(f"{API}/posts/{ids['post']}/replies", json=reply,
                        headers=headers).status_code,
            client.get(f"{API}/threads", headers=headers).status_code,
            client.post(f"{API}/threads/{ids['thread']}/messages", json=reply,
                        headers=headers).status_code,
        )  # fmt: skip
        assert got == expected, name


def test_a_reply_through_the_api_is_in_the_authors_inbox(site, make, client) -> None:
    ids = seed(site, make)
    a_listed_project_links_its_public_landing_page(site, client)
    lena, ana = bearer(site, "lena"), bearer(site, "ana")
    sent = client.post(f"{API}/posts/{ids['post']}/replies", json={"body": "Yes!"},
                       headers=lena)  # fmt: skip
    assert sent.status_code == 201
    inbox = client.get(f"{API}/threads", headers=ana).get_json()
    assert inbox["unread"] == 2 and inbox["items"][0]["others"] == ["Lena"]
    thread = client.get(
        f"{API}/threads/{sent.get_json()['id']}", headers=ana
    ).get_json()
    assert [m["body"] for m in thread["messages"]] == ["Yes!"]
    assert client.get(f"{API}/threads", headers=ana).get_json()["unread"] == 1
    assert client.get(f"{API}/threads/{ids['thread']}", headers=bearer(site, "staff")
                      ).status_code == 404  # fmt: skip


def isolated(app: Any) -> Any:
    """Each call in its own context, as a server runs it (see the core's suite)."""

    def call(environ: dict[str, Any], start_response: Any) -> Any:
        return contextvars.Context().run(app, environ, start_response)

    return call


def aim(case: Any, ids: dict[str, Any]) -> None:
    params = case.path_parameters or {}
    if isinstance(params.get("post_id"), int) and params["post_id"] % 8:
        params["post_id"] = ids["post"]
    if isinstance(params.get("thread_id"), int) and params["thread_id"] % 8:
        params["thread_id"] = ids["thread"]


def test_every_partners_operation_answers_as_documented(app, site, make) -> None:
    ids = seed(site, make)
    secret = bearer(site, "lena")["Authorization"]
    schema = schemathesis.openapi.from_wsgi("/api/v1/openapi.json", isolated(app))
    operations = [
        result.ok()
        for result in schema.get_all_operations()
        if result.ok().path.startswith("/api/v1/partners/")
    ]
    assert len(operations) == 10
    failed: dict[str, str] = {}
    for operation in operations:

        @EXAMPLES
        @given(case=operation.as_strategy())
        def fuzz(case: Any) -> None:
            aim(case, ids)
            case.call_and_validate(
                headers={"Authorization": secret},
                excluded_checks=[positive_data_acceptance],
                buffered=True,
            )

        try:
            fuzz()
        except Exception as error:  # report every failing operation, not the first
            failed[operation.label] = str(error)[:2000]
    assert failed == {}


def a_listed_project_links_its_public_landing_page(site, client) -> None:
    site.space("ana", title="Green Roots")
    answer = client.get(f"{API}/spaces", headers=bearer(site, "ana")).get_json()
    assert [item["landing_url"] for item in answer["items"]] == ["/s/green-roots/"]
