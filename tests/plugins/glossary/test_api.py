"""The glossary's JSON API: listing with cursors and filters, adding, reading with an
ETag, changing and deleting with If-Match, allowed exactly as in the browser, and
pupils never named to visitors of a public glossary."""

from __future__ import annotations

from typing import Any

import pytest
from flask.testing import FlaskClient

from etwincms.db import commit
from etwincms.services import tokens

from .conftest import GlossarySpace


class Api:
    """Calls the glossary's API with a role's token (or anonymously)."""

    def __init__(self, client: FlaskClient, glossary: GlossarySpace, role: str | None):
        self.client, self.base = client, glossary.api
        self.headers = {}
        if role is not None:
            _token, secret = tokens.create_token(
                glossary.session,
                glossary.user(role),
                name="t",
                scopes=["read", "write"],
            )
            commit(glossary.session)
            self.headers = {"Authorization": f"Bearer {secret}"}

    def __call__(self, method: str, path: str, **kwargs: Any) -> Any:
        headers = {**self.headers, **kwargs.pop("headers", {})}
        return self.client.open(
            self.base + path, method=method, headers=headers, **kwargs
        )


@pytest.fixture
def api(client: FlaskClient, glossary: GlossarySpace) -> Any:
    return lambda role: Api(client, glossary, role)


NEW = {
    "terms": {"en": {"text": "mulch"}, "es": {"text": "acolchado"}},
    "category": "Soil",
}


def test_a_pupil_adds_reads_and_edits_a_concept_with_etags(api: Any) -> None:
    pupil = api("pupil")
    created = pupil("POST", "/concepts", json=NEW)
    assert created.status_code == 201
    body, etag = created.get_json(), created.headers["ETag"]
    assert body["author"] == "Pupil_User"
    assert [t["text"] for t in body["terms"]] == ["mulch", "acolchado"]  # space order
    read = pupil("GET", f"/concepts/{body['id']}")
    assert read.headers["ETag"] == etag
    change = {"terms": {"de": {"text": "Mulch", "definition": "Bodenbedeckung"}}}
    path = f"/concepts/{body['id']}"
    assert pupil("PATCH", path, json=change).status_code == 428
    assert (
        pupil("PATCH", path, json=change, headers={"If-Match": '"g0v0"'}).status_code
        == 412
    )
    changed = pupil("PATCH", path, json=change, headers={"If-Match": etag})
    assert changed.status_code == 200
    assert changed.headers["ETag"] != etag
    assert {t["language"] for t in changed.get_json()["terms"]} == {"en", "es", "de"}
    stale = pupil("PATCH", path, json={"category": "x"}, headers={"If-Match": etag})
    assert stale.status_code == 412


def test_writes_follow_the_glossary_rules(api: Any, glossary: GlossarySpace) -> None:
    concept = glossary.concept("teacher", en="hoe")
    path, etag = f"/concepts/{concept.id}", f'"g{concept.id}v1"'
    rename = {"terms": {"en": {"text": "spade"}}}
    assert api("observer")("POST", "/concepts", json=NEW).status_code == 403
    assert (
        api("pupil")("PATCH", path, json=rename, headers={"If-Match": etag}).status_code
        == 403
    )
    add_es = {"terms": {"es": {"text": "azada"}}}
    answer = api("pupil")("PATCH", path, json=add_es, headers={"If-Match": etag})
    assert answer.status_code == 200
    etag = answer.headers["ETag"]
    assert api("pupil")("DELETE", path, headers={"If-Match": etag}).status_code == 403
    assert api("teacher")("DELETE", path, headers={"If-Match": etag}).status_code == 204
    assert api("teacher")("GET", path).status_code == 404


def test_invalid_input_is_a_problem_document(api: Any) -> None:
    teacher = api("teacher")
    for body in (
        {"terms": {}},
        {"terms": {"fr": {"text": "houe"}}},  # not a language of the space
        {"terms": {"en": {"text": "x", "colour": "red"}}},
        {"terms": {"en": {"text": "   "}}},
    ):
        answer = teacher("POST", "/concepts", json=body)
        assert answer.status_code == 422, body
        assert answer.mimetype == "application/problem+json"


def test_lists_page_with_cursors_and_filter(api: Any, glossary: GlossarySpace) -> None:
    ids = [glossary.concept("teacher", en=f"term {n}").id for n in range(5)]
    glossary.concept("teacher", es="sólo español")
    reader = api("observer")
    first = reader("GET", "/concepts?limit=2&language=en").get_json()
    assert [c["id"] for c in first["items"]] == ids[::-1][:2]
    rest = reader(
        "GET", f"/concepts?limit=10&language=en&cursor={first['next_cursor']}"
    )
    assert [c["id"] for c in rest.get_json()["items"]] == ids[::-1][2:]
    assert rest.get_json()["next_cursor"] is None
    missing = reader("GET", "/concepts?missing=en").get_json()["items"]
    assert [c["terms"][0]["text"] for c in missing] == ["sólo español"]
    found = reader("GET", "/concepts?q=TERM%203").get_json()["items"]
    assert [c["id"] for c in found] == [ids[3]]


def test_visitors_of_a_public_glossary_read_without_pupils_names(
    api: Any, glossary: GlossarySpace
) -> None:
    concept = glossary.concept("pupil", en="seedling")
    glossary.approve(concept)
    visitor = api(None)
    assert visitor("GET", "/concepts").status_code == 404  # members-only space
    glossary.project.is_public = True
    glossary.session.commit()
    assert visitor("GET", "/concepts").status_code == 401  # glossary members-only
    glossary.settings(public=True)
    listed = visitor("GET", "/concepts").get_json()["items"]
    assert listed[0]["author"] == "pupil, School ES, ES"
    assert "Pupil_User" not in visitor("GET", f"/concepts/{concept.id}").get_data(
        as_text=True
    )
    assert api("outsider")("POST", "/concepts", json=NEW).status_code == 403


def test_the_operations_are_in_the_openapi_document(client: FlaskClient) -> None:
    paths = client.get("/api/v1/openapi.json").get_json()["paths"]
    base = "/api/v1/projects/{slug}/glossary"
    assert set(paths[f"{base}/concepts"]) >= {"get", "post"}
    assert set(paths[f"{base}/concepts/{{concept_id}}"]) >= {"get", "patch", "delete"}
